-- A long elseif chain chooses exactly one branch.
local function name(n)
  if n == 1 then return "one" elseif n == 2 then return "two" elseif n == 3 then return "three"
  elseif n == 4 then return "four" elseif n == 5 then return "five" elseif n == 6 then return "six"
  elseif n == 7 then return "seven" else return "many" end
end
local out = {}
for i = 0, 8 do out[#out + 1] = name(i) end
print(table.concat(out, " "))
-- expect: many one two three four five six seven many
