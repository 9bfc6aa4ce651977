-- A numeric for with a NaN start or limit: lua's prep skips the loop only when the start is
-- past the limit, which no compare with NaN says, so a float loop runs its body once (and the
-- loop's own test then ends it). With an integer start and step a NaN limit counts as below
-- every integer: no iteration upwards, a count down to math.mininteger downwards.
local nan = 0/0
local n = 0
for i = nan, 1 do n = n + 1; print(i ~= i, math.type(i)) end
-- expect: true	float
print("nan start, step 1:", n)
-- expect: nan start, step 1:	1
n = 0
for i = nan, 1, -1 do n = n + 1 end
print("nan start, step -1:", n)
-- expect: nan start, step -1:	1
n = 0
for i = -nan, 5, 2 do n = n + 1 end
print("-nan start:", n)
-- expect: -nan start:	1
n = 0
for i = 1.0, nan do n = n + 1; print(i) end
-- expect: 1.0
print("nan limit, float start:", n)
-- expect: nan limit, float start:	1
n = 0
for i = 1, nan do n = n + 1 end
print("nan limit, integer step 1:", n)
-- expect: nan limit, integer step 1:	0
n = 0
local first
for i = 1, nan, -1 do n = n + 1; first = first or i; if n == 4 then print(i) break end end
-- expect: -2
print("nan limit, integer step -1:", n, math.type(first))
-- expect: nan limit, integer step -1:	4	integer
n = 0
for i = 1.0, 2, nan do n = n + 1 end
print("nan step up:", n)
-- expect: nan step up:	0
n = 0
for i = 2.0, 1, nan do n = n + 1; if n > 3 then break end end
print("nan step down:", n)
-- expect: nan step down:	1
-- Through a function so the values are not constants in the chunk.
local function count(a, b, c) local k = 0; for _ = a, b, c do k = k + 1; if k > 5 then break end end; return k end
print(count(nan, nan, 1), count(nan, 0, -1), count(0, nan, 1.0), count(0.0, nan, -1))
-- expect: 1	1	1	1
