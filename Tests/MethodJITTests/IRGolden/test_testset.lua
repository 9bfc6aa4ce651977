-- and/or: test and testSet branches, truthiness of boxed values.
local function f(a, b) if a and b then return 1 end return a or b end
