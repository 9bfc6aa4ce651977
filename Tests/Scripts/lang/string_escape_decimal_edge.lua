-- Decimal escapes take up to three digits; \0 is a real byte.
print(#"\1234", string.byte("\1234", 1, 2))
-- expect: 2	123	52
print("\0651" == "A1", #"a\0z", ("a\0z"):byte(2))
-- expect: true	3	0
print("\255" == string.char(255))
-- expect: true
