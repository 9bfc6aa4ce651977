-- A call's error is reported on the line of the token that opens its arguments ('(', '{' or a
-- string), not where the called expression began (Lua 5.4.8; 5.4.4 used the latter). An
-- unclosed '(' names that same line.
local function line(f) local ok, e = pcall(f) print(ok, (tostring(e):match(":(%d+): (.*)$"))) end
local t = {}
line(function()
  t.nofunc
  (
  1
  )
end)
line(function()
  t.nofunc
  {
  }
end)
line(function()
  t.nofunc
  "s"
end)
line(function()
  t:
  nomethod
  (
  )
end)
line(function()
  return t.a
  (
  )
end)
line(function()
  local v = t.nofunc(
    1
  )
end)
local s = setmetatable({}, {__index = function(_, k) if k ~= "bad" then return function(self) return self end end end})
line(function()
  return s
    :a()
    :bad()
end)
print(load("local f = print\nf\n(\n1"))
print(load("local t = {}\nt:\nm\n(\n1"))
-- expect: false	8
-- expect: false	14
-- expect: false	19
-- expect: false	24
-- expect: false	29
-- expect: false	33
-- expect: false	41
-- expect: nil	[string "local f = print..."]:4: ')' expected (to close '(' at line 3) near <eof>
-- expect: nil	[string "local t = {}..."]:5: ')' expected (to close '(' at line 4) near <eof>
