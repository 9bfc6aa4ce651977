-- NaN and infinities: printing, comparisons, self-inequality.
local nan = 0/0
local inf = 1/0
print(inf, -inf, math.huge == inf)
-- expect: inf	-inf	true
print(nan ~= nan, nan == nan, nan < 1, nan > 1, nan <= nan)
-- expect: true	false	false	false	false
print(string.format("%.1f", inf), -inf < math.mininteger, inf > math.maxinteger)
-- expect: inf	true	true
local t = {}
print(pcall(function() t[nan] = 1 end))
-- expect: false	numerals_nan_inf.lua:11: table index is NaN
print(t[nan])
-- expect: nil
