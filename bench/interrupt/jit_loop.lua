-- jit_loop: a call-free numeric loop inside a function, which the method JIT compiles (with an OSR
-- entry at the loop header); its iteration count is the first argument (default 1000000).
-- bench/interrupt/check_cost.py counts the instructions an iteration costs, interpreted and compiled.
function sum(n)  -- global, so that the REPL's :disasm can name it
  local isum, fsum = 0, 0.0
  for i = 1, n do
    isum = isum + (i % 7) * 3 - (i % 5)
    fsum = fsum + i * 0.5
  end
  return isum, fsum
end

local n = ...  -- the script's first argument; none under dofile
n = math.tointeger(tonumber(n or "1000000"))
local isum, fsum = sum(n)
print("checksum", string.format("%d %.1f", isum, fsum))
