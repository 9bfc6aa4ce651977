-- The fourth value of a generic for is closed when the loop ends, also by break.
local function iter_with_close(n, name)
  local i = 0
  local closer = setmetatable({}, {__close = function() print("closed", name) end})
  return function() i = i + 1; if i <= n then return i end end, nil, nil, closer
end
for i in iter_with_close(2, "normal") do print(i) end
-- expect: 1
-- expect: 2
-- expect: closed	normal
for i in iter_with_close(5, "break") do if i == 2 then break end end
-- expect: closed	break
local function f()
  for i in iter_with_close(5, "return") do return i end
end
print(f())
-- expect: closed	return
-- expect: 1
