-- `x == nil` and `x ~= nil` compile to a test of x's type, whatever x holds: no metamethod is
-- asked (an __eq on x's metatable included), false is not nil, and a nil field of a table is.
local J = dofile("support.lib")
local compiled = J.compiled

local eqCalls = 0
local mt = {__eq = function() eqCalls = eqCalls + 1 return true end}
local values = {nil, false, 0, 0.0, "", {}, setmetatable({}, mt), print, coroutine.create(print)}
local function count(t, n)
  local isNil, notNil = 0, 0
  for i = 1, n do
    local v = t[i]
    if v == nil then isNil = isNil + 1 end
    if nil ~= v then notNil = notNil + 1 end
  end
  return isNil, notNil
end
print(count(values, 9))
compiled(count)
print(count(values, 9))
print(count({}, 3), eqCalls)
-- expect: 1	8
-- expect: 1	8
-- expect: 3	0

-- Fields: absent, set to false, set to nil again.
local function state(o) return o.link == nil, o.link ~= nil end
local o = {link = false}
print(state(o))
compiled(state)
print(state(o))
o.link = {}
print(state(o))
o.link = nil
print(state(o))
-- expect: false	true
-- expect: false	true
-- expect: false	true
-- expect: true	false
