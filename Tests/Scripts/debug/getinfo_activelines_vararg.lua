-- activelines lists the lines a line hook can stop at: a vararg function's definition line
-- holds only its (never traced) first instruction, so it is left out; a fixed-parameter
-- function's is not there either unless code sits on it. The main chunk is vararg too.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, ",")
end
local function lines(f) return keys(debug.getinfo(f, "L").activelines) end
local function va(...)
  return select("#", ...)
end
local function fixed(a)
  return a
end
local function vaOneLine(...) return ... end
local function fixedOneLine(a) return a end
print(lines(va))
print(lines(fixed))
print(lines(vaOneLine))
print(lines(fixedOneLine))
print(keys(debug.getinfo(1, "L").activelines))
print(debug.getinfo(print, "L").activelines)
-- expect: 12,13
-- expect: 15,16
-- expect: 17
-- expect: 18
-- expect: 9,10,13,16,17,18,19,20,21,22,23,24
-- expect: nil
