-- On-stack replacement at the inner loop header (instruction 10): the entry checks the types the
-- loop carries, the code before the inner loop is not compiled, and the outer loop's back-edge
-- leaves for the interpreter.
-- osr: 10
-- feedback: 10=int
local function f(n)
  local s = 0
  for i = 1, n do
    for j = 1, i do s = s + j end
  end
  return s
end
