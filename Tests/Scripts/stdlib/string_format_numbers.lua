-- string.format with integer and float conversions, flags, width, precision.
print(string.format("%d %i %5d|%-5d|%05d|%+d|% d", 42, -7, 42, 42, 42, 42, 42))
print(string.format("%x %X %#x %o %#o %u", 255, 255, 255, 8, 8, 42))
print(string.format("%x", -1), string.format("%d", math.mininteger), string.format("%5.3d", 7))
print(string.format("%f %.2f %10.3f|%-10.1f|%+.0f", 3.14159, 3.14159, 3.14159, 2.5, 2.5))
print(string.format("%e %.3E %g %G %g %g", 12345.678, 0.000123, 0.0001, 1e20, 100000, 1e6))
print(string.format("%a %A %.2a", 1.0, 0.5, 3.0))
print(string.format("%.14g %.17g %g", 0.1, 0.1, 2^53))
print(string.format("%f %f %f %e", 1/0, -1/0, 3, 10))
print(string.format("%d %s", "10", 10), string.format("%.3f", "1.5"))
print(string.format("%c%c%c", 76, 117, 97), string.format("%5c|%-3c|", 65, 66))
print(string.format("%5.1f%%", 99.44), string.format("%%"))
print(string.format("%099d", 1):len(), string.format("%.99f", 1):len())
-- expect: 42 -7    42|42   |00042|+42| 42
-- expect: ff FF 0xff 10 010 42
-- expect: ffffffffffffffff	-9223372036854775808	  007
-- expect: 3.141590 3.14      3.142|2.5       |+2
-- expect: 1.234568e+04 1.230E-04 0.0001 1E+20 100000 1e+06
-- expect: 0x1p+0 0X1P-1 0x1.80p+1
-- expect: 0.1 0.10000000000000001 9.0072e+15
-- expect: inf -inf 3.000000 1.000000e+01
-- expect: 10 10	1.500
-- expect: Lua	    A|B  |
-- expect:  99.4%	%
-- expect: 99	101
