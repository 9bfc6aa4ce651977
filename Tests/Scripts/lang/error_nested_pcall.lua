-- Nested pcalls catch at the innermost level; outer code continues.
local log = {}
local ok1, r1 = pcall(function()
  local ok2, r2 = pcall(function() error("inner", 0) end)
  log[#log + 1] = tostring(ok2) .. ":" .. r2
  error("outer", 0)
end)
print(ok1, r1, log[1])
-- expect: false	outer	false:inner
print(pcall(pcall, error, "x"))
-- expect: true	false	x
