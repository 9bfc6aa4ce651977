-- Float numeric for loops: the control variable is a float if start or step is.
local out = {}
for x = 0, 1, 0.25 do out[#out + 1] = x end
print(table.concat(out, " "))
-- expect: 0.0 0.25 0.5 0.75 1.0
out = {}
for x = 1.0, 3 do out[#out + 1] = math.type(x) end
print(table.concat(out, " "))
-- expect: float float float
out = {}
for x = 1, 2.5 do out[#out + 1] = x end
print(table.concat(out, " "), math.type(out[1]))
-- expect: 1 2	integer
out = {}
for x = 3, 1, -0.5 do out[#out + 1] = x end
print(table.concat(out, " "))
-- expect: 3.0 2.5 2.0 1.5 1.0
