-- string.dump output loads back (through loadfile), stripped or not.
local function mk(a, b) local c = a * b return function(x) return c + x + #"str" + 0.5, "k", nil, true end end
local d = string.dump(mk)
print(type(d), d:sub(1, 4) == "\27Lua", #string.dump(mk, true) <= #d)
local name = os.tmpname()
local function roundtrip(bytes)
  local f = io.open(name, "wb") f:write(bytes) f:close()
  return loadfile(name)
end
print(roundtrip(d)(3, 4)(10))
print(roundtrip(string.dump(mk, true))(2, 2)(1))
local r = roundtrip(string.dump(function(...) local t = {...} return select("#", ...), t[2] end))
print(r(1, 2, 3))
local f, e = roundtrip(d:sub(1, 20)) print(f, (e:gsub("^.-: ", "")))
os.remove(name)
local function try(f) local ok, e = pcall(f) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end
try(function() return string.dump(print) end)
try(function() return string.dump() end)
-- expect: string	true	true
-- expect: 25.5	k	nil	true
-- expect: 8.5	k	nil	true
-- expect: 3	2
-- expect: nil	bad binary format (truncated chunk)
-- expect: false	unable to dump given function
-- expect: false	bad argument #1 to 'dump' (function expected, got no value)
