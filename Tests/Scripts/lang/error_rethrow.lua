-- An error caught by pcall can be raised again unchanged.
local function risky() error({msg = "original"}) end
local ok, e = pcall(function()
  local ok2, e2 = pcall(risky)
  error(e2)
end)
print(ok, e.msg)
-- expect: false	original
local ok3, e3 = pcall(function()
  local _, m = pcall(error, "text")
  error(m, 0)
end)
print(e3)
-- expect: text
