-- Equality with a short string constant (EQK) in compiled code: one test of the tag and the
-- interned string, whatever the other value is (numbers, nil, tables with __eq, long strings,
-- strings built at run time, strings with embedded zeros); results are lua's.
local J = dofile("support.lib")

local function classify(v)
  if v == "add" then return 1
  elseif v == "sub" then return 2
  elseif v ~= "a\0b" then return 3
  end
  return 4
end
local eqAlways = setmetatable({}, {__eq = function() return true end})
local inputs = {"add", "sub", "a\0b", "ad" .. "d", ("s"):rep(1) .. "ub", 1, nil, true, eqAlways,
                string.rep("add", 20), "add ", "", 0.5}
local function run()
  local out = {}
  for i = 1, 13 do out[i] = classify(inputs[i]) end
  return table.concat(out, " ")
end
print(run())
J.compiled(classify)
print(run())
local n = 0
for i = 1, 3000 do n = n + classify(inputs[i % 13 + 1]) end
print(n)
-- expect: 1 2 4 1 2 3 3 3 3 3 3 3 3
-- expect: 1 2 4 1 2 3 3 3 3 3 3 3 3
-- expect: 7847
