-- string.dump writes lua 5.4's standard header (signature, version 0x54, format 0, LUAC_DATA,
-- the sizes of Instruction, lua_Integer and lua_Number, LUAC_INT 0x5678, LUAC_NUM 370.5, then
-- the main function's upvalue count), and load refuses a chunk with any one of those bytes
-- changed, with lua's message for each field.
local d = string.dump(function(a) return a + 1 end)
local hex = {}
for i = 1, 32 do hex[#hex + 1] = string.format("%02x", d:byte(i)) end
print(table.concat(hex, " "))
-- expect: 1b 4c 75 61 54 00 19 93 0d 0a 1a 0a 04 08 08 78 56 00 00 00 00 00 00 00 00 00 00 00 28 77 40 00
print(string.unpack("<i8", d, 16) == 0x5678, (string.unpack("<d", d, 24)))
-- expect: true	370.5
print(string.dump(load("return x")):byte(32), string.dump(function() return d end):byte(32))
-- expect: 1	1
local seen, refused = {}, 0
for i = 1, 31 do
  local b = d:byte(i)
  for _, nb in ipairs{(b + 1) % 256, b ~ 0x80} do
    local f, err = load(d:sub(1, i - 1) .. string.char(nb) .. d:sub(i + 1), "=x", "b")
    if f == nil then refused = refused + 1 end
    if not seen[err] then seen[err] = true; print(i, err) end
  end
end
print(refused)
-- expect: 1	attempt to load a text chunk (mode is 'b')
-- expect: 2	x: bad binary format (not a binary chunk)
-- expect: 5	x: bad binary format (version mismatch)
-- expect: 6	x: bad binary format (format mismatch)
-- expect: 7	x: bad binary format (corrupted chunk)
-- expect: 13	x: bad binary format (Instruction size mismatch)
-- expect: 14	x: bad binary format (lua_Integer size mismatch)
-- expect: 15	x: bad binary format (lua_Number size mismatch)
-- expect: 16	x: bad binary format (integer format mismatch)
-- expect: 24	x: bad binary format (float format mismatch)
-- expect: 62
-- A header cut short is a truncated chunk; the unchanged chunk loads and runs.
print(load(d:sub(1, 20), "=x"))
-- expect: nil	x: bad binary format (truncated chunk)
print(load(d, "=x", "b")(41))
-- expect: 42
