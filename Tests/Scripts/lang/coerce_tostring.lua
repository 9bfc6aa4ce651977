-- tostring of numbers, booleans and nil.
print(tostring(12), tostring(12.0), tostring(-0.0), tostring(1/0), tostring(true), tostring(nil))
-- expect: 12	12.0	-0.0	inf	true	nil
print(tostring(1e15), tostring(1e16), tostring(123456789012345678))
-- expect: 1e+15	1e+16	123456789012345678
print(tostring(3.14159265358979), tostring(100.0), tostring(2^53))
-- expect: 3.1415926535898	100.0	9.007199254741e+15
