-- to-be-closed variables and generic-for closing values
local log = {}
local function closer(name) return setmetatable({}, {__close = function() log[#log + 1] = name end}) end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  log[#log + 1] = "body"
end
print(table.concat(log, " "))
log = {}
local function f()
  local c <close> = closer("c")
  return "ret"
end
print(f(), table.concat(log, " "))
log = {}
for i = 1, 2 do
  local d <close> = closer("d" .. i)
end
print(table.concat(log, " "))
log = {}
local function iter()
  local i = 0
  return function() i = i + 1; if i <= 3 then return i end end, nil, nil, closer("iter")
end
for i in iter() do if i == 2 then break end end
print(table.concat(log, " "))
