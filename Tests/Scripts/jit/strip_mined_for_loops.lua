-- A call-free integer for loop checks the limit only where its iteration count's low bits are
-- zero (strip mining): every trip count around those points, every step sign and size, a bound at
-- maxinteger and at mininteger, a break, a nested loop and a loop with a second back-edge (a goto,
-- which keeps the check per iteration) give Lua's results.
local J = dofile("support.lib")

local function tally(first, last, step)
  local s, n, x = 0, 0, 0
  for i = first, last, step do
    s = s + i % 1000
    n = n + 1
    x = x ~ i
  end
  return s, n, x
end
tally(1, 10, 1)  -- feedback first: compiled, every operation in the loop then has a type
J.compiled(tally)
for _, n in ipairs({0, 1, 2, 1023, 1024, 1025, 2047, 2048, 2049, 5000}) do
  print(n, tally(1, n, 1))
end
-- expect: 0	0	0	0
-- expect: 1	1	1	1
-- expect: 2	3	2	3
-- expect: 1023	499776	1023	0
-- expect: 1024	499800	1024	1024
-- expect: 1025	499825	1025	1
-- expect: 2047	1000128	2047	0
-- expect: 2048	1000176	2048	2048
-- expect: 2049	1000225	2049	1
-- expect: 5000	2497500	5000	5000
print(tally(5000, 1, -3))
print(tally(1, 4099, 4))
print(tally(math.maxinteger - 2050, math.maxinteger, 1))
print(tally(math.mininteger, math.mininteger + 3000, 2))
print(tally(math.maxinteger - 5000, math.maxinteger, 1000))
print(tally(10, 1, 1))
-- expect: 832167	1667	2063
-- expect: 500225	1025	4097
-- expect: 1038882	2051	9223372036854773756
-- expect: 748692	1501	-9223372036854772808
-- expect: 4842	6	5032
-- expect: 0	0	0

-- A break out of the body, and an inner loop that is strip-mined inside an outer one.
local function firstOver(limit)
  local s = 0
  for i = 1, 1 << 40 do
    s = s + i
    if s > limit then return i, s end
  end
end
local function grid(rows, cols)
  local s = 0
  for r = 1, rows do
    for c = 1, cols do s = s + r * c end
  end
  return s
end
firstOver(10); grid(2, 2)
J.compiled(firstOver)
J.compiled(grid)
print(firstOver(1000000), grid(3, 2500), grid(1100, 3))
-- expect: 1414	18757500	3633300

-- A goto back to the top of the body: a second back-edge, so the check stays on every iteration.
local function skipping(n)
  local s, i = 0, 0
  for k = 1, n do
    ::again::
    i = i + 1
    if i % 3 == 0 then goto again end
    s = s + i
  end
  return s, i
end
skipping(10)
J.compiled(skipping)
print(skipping(3000))
-- expect: 6750000	4499
