-- Constant-string keys: getField/setField on a table guarded once; a global call is generic.
-- feedback: 3=int
local function f(p) p.x = p.x + p.y; return print(p) end
