-- control flow: if chains, loops, break, goto, repeat scoping, numeric for edge cases
local function classify(n)
  if n < 0 then return "neg" elseif n == 0 then return "zero" elseif n < 10 then return "small" else return "big" end
end
print(classify(-5), classify(0), classify(3), classify(100))
local s = 0
for i = 1, 10 do s = s + i end
print(s)
for i = 10, 1, -3 do io_write = (io_write or "") .. i .. " " end
print(io_write)
for i = 1, 0 do print("never") end
for i = 1.0, 2.0, 0.5 do print(i) end
for i = math.maxinteger - 2, math.maxinteger do print(i) end
for i = math.mininteger, math.mininteger + 2 do print(i) end
for i = 1, 3 do local j = i * 2; if j == 4 then goto cont end; print("j", j) ::cont:: end
local n = 0
while true do n = n + 1; if n > 5 then break end end
print(n)
repeat local k = n; n = n - 1 until k <= 3
print(n)
local i = 1
::again::
if i < 4 then i = i + 1; goto again end
print(i)
for _, v in ipairs({10, 20, 30}) do
  for j = 1, 3 do
    if j == 2 then break end
    print(v, j)
  end
end
local t = {}
for k = 1, 5 do t[#t + 1] = k * k end
print(#t, t[1], t[5])
do
  local a = 1
  do local a = 2; print(a) end
  print(a)
end
print(pcall(function() for i = 1, 10, 0 do end end))
local w = 0
while w < 3 do w = w + 1 if w == 2 then goto skip end print("w", w) ::skip:: end
