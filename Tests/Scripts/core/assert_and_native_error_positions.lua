-- Which errors raised by natives carry a position: assert's string message gets the calling Lua
-- code's "chunk:line:" as error's does (other values and calls from natives get none);
-- '__tostring' must return a string and the reader's "must return a string" name load's or
-- tostring's Lua caller; arithmetic coerced from strings runs in the string metamethods, so its
-- errors ("8" // "0") carry no position, while integer division by zero does.
local function try(f, ...)
  local ok, e = pcall(f, ...)
  e = type(e) == "table" and "a table" or tostring(e)
  print(ok, (e:gsub("^[^:]*:(%d+):", "line %1:")))
end
local bad = setmetatable({}, {__tostring = function() return {} end})
try(function() assert(false, "boom") end)
try(function() assert(nil) end)
try(function() assert(false, 42) end)
try(function() assert(false, {}) end)  -- the table itself
try(assert, false, "from pcall")
try(function() local ok = assert(1 == 2, "second") return ok end)
try(function() error("as error") end)
try(function() return tostring(bad) end)
try(function() print(bad) end)
try(tostring, bad)
try(function() return string.format("%s", bad) end)
try(function() local _, e = load(function() return true end) error(e, 0) end)
try(function() local _, _, e = pcall(load, function() return {} end) error(e, 0) end)
local n = 0
print(load(function() n = n + 1; if n == 1 then return "return " elseif n == 2 then return 40 + 2 end end)())
try(function() return "8" // "0" end)
try(function() return "8" % "0" end)
try(function() return 8 // "0" end)
try(function() local a, b = "7", 0; return a % b end)
try(function() local a, b = 7, 0; return a // b end)
try(function() local a, b = 7, 0; return a % b end)
-- expect: false	line 12: boom
-- expect: false	line 13: assertion failed!
-- expect: false	42
-- expect: false	a table
-- expect: false	from pcall
-- expect: false	line 17: second
-- expect: false	line 18: as error
-- expect: false	line 19: '__tostring' must return a string
-- expect: false	line 20: '__tostring' must return a string
-- expect: false	'__tostring' must return a string
-- expect: false	line 22: '__tostring' must return a string
-- expect: false	line 23: reader function must return a string
-- expect: false	reader function must return a string
-- expect: 42
-- expect: false	attempt to divide by zero
-- expect: false	attempt to perform 'n%0'
-- expect: false	attempt to divide by zero
-- expect: false	attempt to perform 'n%0'
-- expect: false	line 31: attempt to divide by zero
-- expect: false	line 32: attempt to perform 'n%0'
