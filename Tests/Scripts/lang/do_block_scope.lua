-- do ... end opens a scope; its locals vanish afterwards.
local x = 1
do
  local x = 2
  do local x = 3 print(x) end
  print(x)
end
print(x)
-- expect: 3
-- expect: 2
-- expect: 1
do local y = 5 end
print(y)
-- expect: nil
