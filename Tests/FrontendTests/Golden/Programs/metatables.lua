-- metamethods through compiled operators (operand order matters: no swapping allowed)
local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
mt.__add = function(a, b) return "add(" .. tostring(type(a) == "table" and a.x or a) .. "," .. tostring(type(b) == "table" and b.x or b) .. ")" end
mt.__sub = function(a, b) return "sub(" .. tostring(type(a) == "table" and a.x or a) .. "," .. tostring(type(b) == "table" and b.x or b) .. ")" end
mt.__shl = function(a, b) return "shl(" .. tostring(type(a) == "table" and a.x or a) .. "," .. tostring(type(b) == "table" and b.x or b) .. ")" end
mt.__shr = function(a, b) return "shr(" .. tostring(type(a) == "table" and a.x or a) .. "," .. tostring(type(b) == "table" and b.x or b) .. ")" end
mt.__lt = function(a, b) return (type(a) == "table" and a.x or a) < (type(b) == "table" and b.x or b) end
mt.__le = function(a, b) return (type(a) == "table" and a.x or a) <= (type(b) == "table" and b.x or b) end
mt.__eq = function(a, b) return a.x == b.x end
mt.__concat = function(a, b) return "cat" end
mt.__len = function(a) return 99 end
mt.__unm = function(a) return "neg" end
mt.__index = function(t, k) return "idx:" .. tostring(k) end
mt.__call = function(self, a) return "called " .. tostring(a) end
local v = V(5)
print(v + 1, 1 + v, v - 1, 1 - v, v + 200, 200 + v, v + v)
print(v << 2, 2 << v, v >> 3, 3 >> v, v << 300)
print(v < 10, 10 < v, v <= 5, 5 <= v, v > 4, 4 > v, v >= 6, 6 >= v, v < 2.5, 2.5 < v)
print(v == V(5), v ~= V(6), v == 5)
print(v .. "s", "s" .. v, #v, -v, v.missing, v[1], v(42))
local obj = setmetatable({}, {__newindex = function(t, k, val) rawset(t, k, val * 2) end})
obj.a = 21
print(obj.a)
local Class = {}
Class.__index = Class
function Class.new(n) return setmetatable({n = n}, Class) end
function Class:get() return self.n end
function Class:add(d) self.n = self.n + d; return self end
print(Class.new(3):add(4):get())
