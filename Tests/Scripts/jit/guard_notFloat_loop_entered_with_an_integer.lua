-- A loop that carries a float it got from a table before the loop is compiled to check that value
-- on the way in, then keeps it unboxed in a register. An integer there fails the check at the
-- loop's first line: the interpreter runs the loop, and integer sums stay integers. A check that
-- keeps failing makes the next code take the value in boxed.
local J = dofile("support.lib")

local function total(t, n)
  local acc = t.start
  for i = 1, n do
    acc = acc + i
  end
  return acc
end
print(total({start = 0.5}, 10), total({start = 0.5}, 10))
local c = J.compiled(total)
print(total({start = 0.25}, 4))
J.deoptsAt(total, c, "notFloat", 10, function() assert(math.type(total({start = 2}, 10)) == "integer") end)
print(total({start = 2}, 10), total({start = 1.5}, 2))
for _ = 1, 12 do total({start = 7}, 3) end
print(total({start = 7}, 3), total({start = 0.5}, 3))
-- expect: 55.5	55.5
-- expect: 10.25
-- expect: 57	4.5
-- expect: 13	6.5
