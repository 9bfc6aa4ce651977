-- Large table constructors: the array part is sized from the constructor (C + extraArg * 256),
-- so lists past 255 items, past a multiple of 256, and with a multi-value tail all land.
-- The source is one string.rep (items 1, 2, 3, 4 repeating), so that it costs few allocations.
local function build(n, tail, hash)
  local src = ("1,2,3,4,"):rep(n // 4) .. ("1,2,3,"):sub(1, 2 * (n % 4))
  if hash then src = src .. "x = 'h'," end
  if tail then src = src .. "..." end
  return assert(load("return {" .. src .. "}"))
end
for _, n in ipairs{255, 256, 257, 511, 512, 513, 1000, 65536, 262144} do
  local t = build(n)()
  io.write(n, " ", #t, " ", t[1], " ", t[n], " ", tostring(t[n + 1]), "\n")
end
-- expect: 255 255 1 3 nil
-- expect: 256 256 1 4 nil
-- expect: 257 257 1 1 nil
-- expect: 511 511 1 3 nil
-- expect: 512 512 1 4 nil
-- expect: 513 513 1 1 nil
-- expect: 1000 1000 1 4 nil
-- expect: 65536 65536 1 4 nil
-- expect: 262144 262144 1 4 nil
local t = build(300, true, true)("a", "b", "c")
print(#t, t[300], t[301], t[303], t.x)
-- expect: 303	4	a	c	h
t = build(300, true)()
print(#t, t[299], t[301])
-- expect: 300	3	nil
-- The table grows normally afterwards.
t = build(256)()
t[#t + 1] = "more"
t[#t + 1] = "again"
print(#t, t[257], t[258])
-- expect: 258	more	again
