-- break leaves the innermost loop only; break outside a loop is a syntax error.
local n = 0
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    n = n + 1
  end
end
print(n)
-- expect: 3
local k = 0
repeat k = k + 1; if k > 4 then break end until false
print(k)
-- expect: 5
print(load("break"))
-- expect: nil	[string "break"]:1: break outside loop at line 1
