-- Numbers in concatenation use the same format as tostring.
print(1 .. "", 1.0 .. "", -1.5 .. "", 1e100 .. "", 2^63 .. "")
-- expect: 1	1.0	-1.5	1e+100	9.2233720368548e+18
print(math.huge .. "|" .. -math.huge, math.mininteger .. "")
-- expect: inf|-inf	-9223372036854775808
local nan = 0/0
local s = nan .. ""
print(s == "nan" or s == "-nan")
-- expect: true
print((-(0/0)) .. "" == "nan" or (-(0/0)) .. "" == "-nan")
-- expect: true
