-- Compiled code is collected with the last closure that needs it: a program that loads chunks
-- in a loop runs in bounded memory, and closures of nested functions keep working after the
-- chunk that made them is gone.
for i = 1, 20000 do
  local f = load("local a = ... return a + " .. i)
  assert(f(1) == i + 1)
end
collectgarbage()
print(collectgarbage("count") < 4096)
-- expect: true
local fs = {}
for i = 1, 300 do
  local mk = load("local n = ... return function(x) return function() return x + n + " .. i .. " end end")
  fs[#fs + 1] = mk(i)(1)
  if i % 50 == 0 then collectgarbage() end
end
local s = 0
for _, f in ipairs(fs) do s = s + f() end
print(s)
-- expect: 90600
print(debug.getinfo(fs[5], "S").linedefined, load(string.dump(fs[7])) ~= nil)
-- expect: 1	true
