-- Method calls (`o:name(...)`) in compiled code: the method is looked up like a field, in the
-- object or through its class chain, and the object is passed as self; receivers that are not
-- tables (strings use the string library's metatable; numbers raise), an __index function, a
-- method name too long to be interned, and a receiver that is itself a field (`a.b:c()`).
local J = dofile("support.lib")
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({name = name, sound = sound}, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:rename(n) self.name = n return self end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog:speak() return "woof from " .. self.name end
local function talk(o) return o:speak() end
local function chain(o) return o:rename("renamed"):speak() end
J.compiled(talk)
J.compiled(chain)
local cat = Animal.new("cat", "meow")
print(talk(cat), talk(setmetatable({name = "rex"}, Dog)))
print(chain(Animal.new("cow", "moo")))
cat.speak = function(self) return "own method of " .. self.name end
print(talk(cat))
local proxy = setmetatable({}, {__index = function(_, k) return function(self) return k .. " via function" end end})
print(talk(proxy))
-- A string receiver: its methods come from the string metatable.
local function upper(s) return s:upper(), s:len() end
J.compiled(upper)
for _ = 1, 12 do upper("abc") end
print(upper("hello"))
print(pcall(talk, 42))
-- A method name longer than the interned strings.
local long = {}
function long:a_method_name_that_is_longer_than_forty_characters_in_all() return "long " .. tostring(self == long) end
local function callLong(o) return o:a_method_name_that_is_longer_than_forty_characters_in_all() end
J.compiled(callLong)
print(callLong(long))
-- The receiver is a field of another table, and the object's own field (the method slot) nil.
local holder = {inner = Animal.new("bird", "tweet")}
local function nested(h) return h.inner:speak() end
J.compiled(nested)
print(nested(holder))
cat.speak = nil
print(talk(cat))
local total = 0
for i = 1, 50 do total = total + #talk(i % 2 == 0 and cat or Animal.new("x" .. i, "y")) end
print(total)
-- expect: cat says meow	woof from rex
-- expect: renamed says moo
-- expect: own method of cat
-- expect: speak via function
-- expect: HELLO	5
-- expect: false	fields_method_calls.lua:14: attempt to index a number value (local 'o')
-- expect: long true
-- expect: bird says tweet
-- expect: cat says meow
-- expect: 570
