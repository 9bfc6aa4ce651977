-- A goto loop that declares a local creates a fresh upvalue each time round.
local fs = {}
local n = 0
::again::
do
  n = n + 1
  local captured = n * 10
  fs[n] = function() return captured end
end
if n < 3 then goto again end
print(fs[1](), fs[2](), fs[3]())
-- expect: 10	20	30
