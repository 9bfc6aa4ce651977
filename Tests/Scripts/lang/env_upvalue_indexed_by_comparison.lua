-- `_ENV[a < b]` where _ENV is an upvalue: the key is a comparison (a pending jump when it is
-- compiled), and the table must still be loaded before it is indexed (Lua 5.4.8 fixed this code
-- generation bug; 5.4.4 indexed the key's number instead).
local print = print
local function make()
  local _ENV = {[true] = "yes", [false] = "no", k = "kk", [3] = "three"}
  return function(a, b)
    local key = "k"
    return _ENV[a < b], _ENV[a == b], _ENV[not (a < b)], _ENV[key], _ENV[a + b], _ENV[a > b and true]
  end
end
local f = make()
print(f(1, 2))
print(f(2, 1))
do
  local _ENV = {[true] = 10}
  print(_ENV[1 < 2])
end
-- Assignment through an upvalue _ENV with a comparison key.
local function setter()
  local _ENV = {}
  return function(x) _ENV[x > 0] = x; return _ENV[true], _ENV[false] end
end
local s = setter()
s(5)
print(s(-1))
-- expect: yes	no	no	kk	three	no
-- expect: no	no	yes	kk	three	yes
-- expect: 10
-- expect: 5	-1
