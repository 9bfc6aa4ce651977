-- constant folding, numerals, compile-time constants
local a = 1 + 2 * 3 - 4 // 3
local b = 2 ^ 10, 7 % -3, -7 // 2, 1 / 2
local c = 0xff & 0x0f | 1 << 4, ~0, 5 >> 1
local d = 1 // 0, 1 % 0, 0.0 / 0, -0.0, 3 - 3.0
local e = 0x7fffffffffffffff + 1, 9223372036854775808, 0xffffffffffffffff
local f = 1e2, .5, 3., 0x1p-2, 0xA.8, 2^53
local g <const> = 42
local h <const> = "str"
local i = g * 2, h, -g, "\65\x42\u{43}\z
           D"
print(a, b, c, d, e, f, i)
