-- control structures: if/elseif, loops, break, goto, repeat with captured locals
local n = 0
for i = 1, 10 do
  if i % 2 == 0 then
    n = n + i
  elseif i > 7 then
    break
  else
    goto continue
  end
  ::continue::
end
for k, v in pairs({}) do n = n + v end
while n > 0 do n = n - 3 end
repeat
  local x = n
  local f = function() return x end
  n = n + 1
until x >= 3
do
  local y <close> = nil
  ::top::
  n = n + 1
  if n < 5 then goto top end
end
return n
