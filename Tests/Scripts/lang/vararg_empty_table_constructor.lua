-- {...} with no varargs builds an empty table (in the main chunk and in functions).
local t = {...}
print(#t, next(t))
-- expect: 0	nil
local function pack(...) return {...} end
print(#pack(), #pack(nil), #pack(1, 2))
-- expect: 0	0	2
local function mixed(...) return {1, 2, ...} end
print(#mixed(), #mixed(3))
-- expect: 2	3
