-- Compiled field reads of keys a table lacks, answered by its metatable's __index table (the
-- class pattern), and every case around it: a key the object holds itself (even far along its
-- probe sequence, or holding nil), no metatable, a metatable without __index, __index a
-- function, a chain of two classes, a class whose method is replaced or removed later.
-- (In vmrepl's hash, key2, key3 and key11 all start at slot 1 of a 4-slot part.)
local J = dofile("support.lib")
local function read(o) return o.key11, o.kind end
J.compiled(read)
local Class = {key11 = "class key11", kind = "class kind"}
Class.__index = Class
local function new(fields) return setmetatable(fields, Class) end
print(read(new({})))
print(read(new({key2 = 1, key3 = 2, key11 = "own key11"})))  -- key11 behind two others
print(read(new({key11 = "own", kind = "own kind"})))
local dead = new({key11 = "gone", kind = "here"})
dead.key11 = nil  -- the key keeps its slot, its value is nil: the class answers
print(read(dead))
print(read({}), read({kind = 1}))
print(read(setmetatable({}, {})))
print(read(setmetatable({}, {__index = function(_, k) return k .. "()" end})))
local Base = {kind = "base kind", key11 = "base key11"}
Base.__index = Base
local Derived = setmetatable({kind = "derived kind"}, Base)
Derived.__index = Derived
print(read(setmetatable({}, Derived)))
local sum = 0
local objects = {}
for i = 1, 30 do objects[i] = new({id = i, ["f" .. i] = i}) end
for _ = 1, 5 do
  for i = 1, #objects do
    local a, b = read(objects[i])
    if a == "class key11" and b == "class kind" then sum = sum + 1 end
  end
end
print(sum)
Class.kind = "changed"
print(read(objects[1]))
Class.kind = nil
print(read(objects[2]))
Class.__index = nil
print(read(objects[3]))
-- expect: class key11	class kind
-- expect: own key11	class kind
-- expect: own	own kind
-- expect: class key11	here
-- expect: nil	nil	1
-- expect: nil	nil
-- expect: key11()	kind()
-- expect: base key11	derived kind
-- expect: 150
-- expect: class key11	changed
-- expect: class key11	nil
-- expect: nil	nil
