-- Classes with metatables, methods with ":", inheritance through __index.
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({name = name, sound = sound}, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name, "woof") return setmetatable(d, Dog) end
function Dog:fetch() return self.name .. " fetches" end
local d = Dog.new("Rex")
print(d:speak(), d:fetch())
-- expect: Rex says woof	Rex fetches
print(getmetatable(d) == Dog, Animal.new("Cat", "meow"):speak())
-- expect: true	Cat says meow
print(pcall(function() return Animal.new("x", "y"):fetch() end))
-- expect: false	meta_oop_classes.lua:15: attempt to call a nil value (method 'fetch')
