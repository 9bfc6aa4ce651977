-- Instructions without a compiled form run as `interp` with a full frame state.
local function f(a) local t = {a, 2} local g = function() return t end return #t, g end
