-- Closures created in the same scope share the same upvalue.
local function pair()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local get, set = pair()
set(42)
print(get())
-- expect: 42
local a = 1
local function f() a = a + 1 end
f(); f()
print(a)
-- expect: 3
