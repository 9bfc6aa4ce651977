-- Float to string conversion in concatenation uses %.14g and appends .0 when integral.
print(0.1 .. "", 1/3 .. "", 1e16 .. "", 2.5e-7 .. "", 123.0 .. "")
-- expect: 0.1	0.33333333333333	1e+16	2.5e-07	123.0
