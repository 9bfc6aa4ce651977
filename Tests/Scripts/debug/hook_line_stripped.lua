-- A line hook in stripped code (string.dump(f, true)) has no line number to give: it gets nil,
-- and fires only where lua can tell a new line starts without line info (function entry,
-- backward jumps). Code with line info gets its lines.
local src = "local a = 1\nlocal b = a + 1\nfor i = 1, 2 do b = b + i end\nreturn b"
local stripped = load(string.dump(load(src), true))
local full = load(string.dump(load(src), false))
local function trace(f)
  local lines = {}
  debug.sethook(function(ev, line) lines[#lines + 1] = tostring(line) end, "l")
  f()
  debug.sethook()
  return table.concat(lines, " ")
end
print(trace(stripped))
print(trace(full))
print(next(debug.getinfo(stripped, "L").activelines))
-- expect: 10 nil nil 11
-- expect: 10 1 2 3 3 4 11
-- expect: nil
