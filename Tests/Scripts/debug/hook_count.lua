-- Count hooks: ("count") every N instructions; with no event letters, gethook reports "".
local n = 0
debug.sethook(function(e) assert(e == "count"); n = n + 1 end, "", 10)
local s = 0
for i = 1, 1000 do s = s + i end
debug.sethook()
print(s, n > 100, n < 1000)
-- expect: 500500	true	false

-- A smaller period fires more often. The hook function's own instructions count too (as in
-- lua), so a period of 5 with a 4-instruction hook fires at nearly every instruction.
local function work() local t = 0 for i = 1, 200 do t = t + i end return t end
local c1, c5 = 0, 0
debug.sethook(function() c1 = c1 + 1 end, "", 1)
work()
debug.sethook()
debug.sethook(function() c5 = c5 + 5 end, "", 5)
work()
debug.sethook()
print(c1 > 400, c5 > 4 * c1)
-- expect: true	true

-- Count and line together: after a count hook written in Lua returns, the next line test
-- compares with the same instruction, so every instruction is a line event (lua does so too).
local lines, counts = 0, 0
debug.sethook(function(e) if e == "line" then lines = lines + 1 else counts = counts + 1 end end, "l", 1)
local x = 1
local y = 2
debug.sethook()
print(lines, counts == lines)
-- expect: 5	true

-- Hooks stop a runaway loop (an error raised from the hook).
local steps = 0
local ok, err = pcall(function()
  debug.sethook(function()
    steps = steps + 1
    if steps == 5 then debug.sethook(); error("too long", 0) end
  end, "", 100)
  while true do end
end)
print(ok, err, steps, debug.gethook())
-- expect: false	too long	5	nil
