-- if / elseif / else selects the first true branch.
local function classify(n)
  if n < 0 then return "neg"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "big" end
end
print(classify(-5), classify(0), classify(3), classify(100))
-- expect: neg	zero	small	big
if nil then print("no") elseif false then print("no") end
if 0 then print("zero is true") end
-- expect: zero is true
