-- and/or return one of their operands and short-circuit.
print(nil and 1, false and 1, 0 and 1, 1 and nil)
-- expect: nil	false	1	nil
print(nil or 2, false or nil, 3 or error("no"), nil or false)
-- expect: 2	nil	3	false
local calls = 0
local function f() calls = calls + 1 return true end
local _ = false and f()
local _ = true or f()
print(calls)
-- expect: 0
print(1 and 2 or 3, nil and 2 or 3, false or nil and 1)
-- expect: 2	3	nil
