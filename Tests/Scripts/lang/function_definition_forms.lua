-- Function statements: global, local, field, method; anonymous functions as values.
function gfun() return "g" end
local function lfun() return "l" end
local t = {}
function t.field() return "f" end
function t:method() return self == t end
local anon = function(...) return select("#", ...) end
print(gfun(), lfun(), t.field(), t:method(), anon(1, 2))
-- expect: g	l	f	true	2
print((function(x) return x * 2 end)(21))
-- expect: 42
