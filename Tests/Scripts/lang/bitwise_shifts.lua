-- Shifts are logical; shifting by 64 or more gives 0; negative counts shift the other way.
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << 100)
-- expect: 1	2	4611686018427387904	-9223372036854775808	0	0
print(-1 >> 1, -1 >> 63, -1 >> 64, 256 >> 4, 256 >> -4)
-- expect: 9223372036854775807	1	0	16	4096
print(1 << -1, 2 << -1, 8 >> 1.0)
-- expect: 0	1	4
print(math.mininteger >> 63, 3 << 63 >> 63)
-- expect: 1	1
