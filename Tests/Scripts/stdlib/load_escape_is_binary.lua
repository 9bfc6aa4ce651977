-- A chunk whose first byte is ESC is binary, however short: a prefix of the signature is a
-- truncated chunk, never text for the parser; so is every cut of a real dump.
print(load("\27"))
-- expect: nil	binary string: bad binary format (truncated chunk)
print(load("\27Lu", "=x"))
-- expect: nil	x: bad binary format (truncated chunk)
print(load("\27", "=x", "t"))
-- expect: nil	attempt to load a binary chunk (mode is 't')
local d = string.dump(function(a) return a * 2 end)
local bad = 0
for i = 1, #d - 1 do
  local f, msg = load(d:sub(1, i))
  if f or not msg:find("truncated", 1, true) then bad = bad + 1 end
end
print(bad, load(d)(21))
-- expect: 0	42
