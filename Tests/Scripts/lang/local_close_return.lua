-- __close runs after return values are computed, also on break and goto out of the block.
local function closer(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
local function f()
  local c <close> = closer("f")
  print("returning")
  return "result"
end
print(f())
-- expect: returning
-- expect: close	f
-- expect: result
for i = 1, 3 do
  local c <close> = closer(i)
  if i == 2 then break end
end
-- expect: close	1
-- expect: close	2
