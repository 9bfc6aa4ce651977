-- A small program: serialize nested tables with %q and read them back with load.
local function ser(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      if type(a) == type(b) then return a < b end
      return type(a) == "number"
    end)
    local parts = {}
    for _, k in ipairs(keys) do
      local ks = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. string.format("%q", k) .. "]"
      parts[#parts + 1] = indent .. "  " .. ks .. " = " .. ser(v[k], indent .. "  ")
    end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  end
  return string.format("%q", v)
end
local data = {name = "x\n\"y\"", list = {1, 2.5, -3, 1e100, math.mininteger}, flags = {on = true, off = false},
              ["key with space"] = "\0\1\2", [10] = 0.1}
local s = ser(data)
print(s)
local back = load("return " .. s)()
print(ser(back) == s, back.list[5] == math.mininteger, back[10] == 0.1, back["key with space"] == "\0\1\2")
-- expect: {
-- expect:   [10] = 0x1.999999999999ap-4,
-- expect:   flags = {
-- expect:     off = false,
-- expect:     on = true
-- expect:   },
-- expect:   ["key with space"] = "\0\1\2",
-- expect:   list = {
-- expect:     [1] = 1,
-- expect:     [2] = 0x1.4p+1,
-- expect:     [3] = -3,
-- expect:     [4] = 0x1.249ad2594c37dp+332,
-- expect:     [5] = 0x8000000000000000
-- expect:   },
-- expect:   name = "x\
-- expect: \"y\""
-- expect: }
-- expect: true	true	true	true
