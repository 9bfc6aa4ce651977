-- Comparisons between floats and integer constants are exact in Lua, also where the integer has
-- no exact float (beyond 2^53): compiled code may compare as floats only against constants below
-- 2^53, where the conversion is exact. (A differential fuzz program found `x == 2^53 + 1` true
-- for x = 2^53.0 in compiled code.)
local J = dofile("support.lib")
local compiled = J.compiled
local function eq(x) local r for _ = 1, 3 do r = x == 9007199254740993 end return r end
local function lt(x) local r for _ = 1, 3 do r = x < 9007199254740993 end return r end
local function le(x) local r for _ = 1, 3 do r = 9007199254740993 <= x end return r end
local function eqf(n) local r for _ = 1, 3 do r = n == 9007199254740992.0 end return r end
for _ = 1, 3 do eq(1.5); lt(1.5); le(1.5); eqf(3) end
compiled(eq); compiled(lt); compiled(le); compiled(eqf)
print(eq(9007199254740992.0), eq(9007199254740993), eq(9007199254740994.0))
print(lt(9007199254740992.0), lt(9007199254740994.0), le(9007199254740992.0), le(9007199254740994.0))
print(eqf(9007199254740992), eqf(9007199254740993), eqf(1.5))
-- expect: false	true	false
-- expect: true	false	false	true
-- expect: true	false	false
