-- Line hooks: a new line, or a jump back even to the same line, fires ("line", n); inside the
-- hook, debug.getinfo(2, "l").currentline is that line.
local function f(a)
  local x = a + 1
  local y = x * 2
  return y
end

local lines = {}
debug.sethook(function(ev, line)
  lines[#lines + 1] = ev .. ":" .. line
end, "l")
f(1)
debug.sethook()
print(table.concat(lines, " "))
-- expect: line:13 line:4 line:5 line:6 line:14

local seen = {}
debug.sethook(function(_, line)
  seen[#seen + 1] = line .. "=" .. debug.getinfo(2, "l").currentline
end, "l")
for i = 1, 2 do
  local z = i end
debug.sethook()
print(table.concat(seen, " "))
-- expect: 22=22 23=23 22=22 23=23 22=22 24=24

-- A loop whose body is one line still reports every iteration (backward jump).
local n = 0
local hits = 0
debug.sethook(function() hits = hits + 1 end, "l")
while n < 3 do n = n + 1 end
debug.sethook()
print(hits)
-- expect: 5

-- Several statements on one line report it once.
local out = {}
debug.sethook(function(_, l) out[#out + 1] = l end, "l")
local a = 1; local b = 2; local c = a + b
debug.sethook()
print(table.concat(out, " "))
-- expect: 40 41

-- Lines of a vararg function, and of the caller after the call returns.
local function v(...)
  local t = {...}
  return #t
end
out = {}
debug.sethook(function(_, l) out[#out + 1] = l end, "l")
local r = v(1, 2, 3)
debug.sethook()
print(r, table.concat(out, " "))
-- expect: 3	52 47 48 53
