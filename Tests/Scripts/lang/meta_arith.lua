-- Arithmetic metamethods for every operator, with either operand being the table.
local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
local function val(v) return type(v) == "table" and v.x or v end
for _, op in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv"}) do
  mt["__" .. op] = function(a, b) return op .. "(" .. val(a) .. "," .. val(b) .. ")" end
end
mt.__unm = function(a) return "unm(" .. a.x .. ")" end
local a = V(1)
print(a + 2, 3 - a, a * a, a / 4)
-- expect: add(1,2)	sub(3,1)	mul(1,1)	div(1,4)
print(a % 5, 6 ^ a, a // 7, -a)
-- expect: mod(1,5)	pow(6,1)	idiv(1,7)	unm(1)
print(2 + a, "s" .. tostring(a - a))
-- expect: add(2,1)	ssub(1,1)
