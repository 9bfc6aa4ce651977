-- Bitwise and, or, xor, not on integers.
print(5 & 3, 5 | 3, 5 ~ 3, ~0, ~5)
-- expect: 1	7	6	-1	-6
print(0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ~ 0x0F)
-- expect: 48	255	240
print(-1 & 0xFF, math.mininteger | 0, math.maxinteger ~ -1)
-- expect: 255	-9223372036854775808	-9223372036854775808
