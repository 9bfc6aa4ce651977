-- s:method() in compiled code looks the method up in the string metatable's __index table, and
-- string.byte(s, i) with one result is taken in: positions in, past and before the string,
-- negative and zero; a receiver that is a number or a table (notString), a string metatable
-- whose __index becomes a function (the interpreter's SELF answers), string.byte replaced
-- (callTarget), a missing method's error. Results are lua's.
local J = dofile("support.lib")

local function hash(s, step)
  local h = 0
  for i = 1, #s, step do h = (h * 31 + s:byte(i)) % 1000000007 end
  return h
end
local text = string.rep("The quick brown fox jumps over the lazy dog. ", 50)
print(hash(text, 1))
J.compiled(hash)
local total = 0
for step = 1, 20 do total = total + hash(text, step) end
print(total)
-- expect: 56178770
-- expect: 8086102093

local function at(s, i)
  local a, b = s:byte(i), string.byte(s, i)
  return a, b
end
at("x", 1)
J.compiled(at)
for _, i in ipairs({1, 3, 4, 0, -1, -3, -4, 100, math.mininteger, math.maxinteger}) do
  local a, b = at("abc", i)
  io.write(tostring(a), " ", tostring(b), "; ")
end
print(at("", 1), at("\0\255", 2))
-- expect: 97 97; 99 99; nil nil; nil nil; 99 99; 97 97; nil nil; nil nil; nil nil; nil nil; nil	255	255

local function first(s) return s:byte() end
first("a")
J.compiled(first)
print(first("A"), pcall(first, 7), pcall(first, {}))
-- expect: 65	false	false	string_methods_and_byte.lua:35: attempt to call a nil value (method 'byte')

local c = J.compiled(hash)
J.deopts(hash, c, "notString", function() pcall(hash, {1, 2}, 1) end)
print(hash("ab", 1))
-- expect: 3105

local mt = getmetatable("")
local index = mt.__index
mt.__index = function(_, name) return function(s, i) return 1 end end
print(hash("xyz", 1))
mt.__index = index
print(hash("xyz", 1))
-- expect: 993
-- expect: 119193

local byte = string.byte
string.byte = function(s, i) return 2 end
print(hash("xyz", 1))
string.byte = byte
print(hash("xyz", 1), pcall(function() return ("x"):nosuch() end))
-- expect: 1986
-- expect: 119193	false	string_methods_and_byte.lua:59: attempt to call a nil value (method 'nosuch')
