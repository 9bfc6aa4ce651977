-- Bitwise metamethods.
local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
local function val(v) return type(v) == "table" and v.x or v end
for _, op in ipairs({"band", "bor", "bxor", "shl", "shr"}) do
  mt["__" .. op] = function(a, b) return op .. "(" .. val(a) .. "," .. val(b) .. ")" end
end
mt.__bnot = function(a) return "bnot(" .. a.x .. ")" end
local a = V(3)
print(a & 1, 2 | a, a ~ a, a << 1, 8 >> a, ~a)
-- expect: band(3,1)	bor(2,3)	bxor(3,3)	shl(3,1)	shr(8,3)	bnot(3)
print(pcall(function() return 1.5 & a end))
-- expect: true	band(1.5,3)
