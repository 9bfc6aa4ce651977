-- tostring and tonumber round-trip common values.
for _, v in ipairs({0, -1, 42, 1.5, -2.25, 1e10, 2^40, math.maxinteger, math.mininteger}) do
  io.write(tostring(tonumber(tostring(v)) == v), " ")
end
print()
-- expect: true true true true true true true true true 
print(tonumber("0x7fffffffffffffff") == math.maxinteger, tonumber("1e500"), tonumber("-1e500"))
-- expect: true	inf	-inf
