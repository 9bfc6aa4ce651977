-- A small program: parse CSV lines with find/sub, sum columns, format a report.
local csv = "name,qty,price\nwidget,4,2.50\ngadget,10,0.99\n\"quoted, name\",1,100\n"
local rows = {}
for line in csv:gmatch("([^\n]*)\n") do
  local fields, pos = {}, 1
  while pos <= #line + 1 do
    local c = line:sub(pos, pos)
    if c == '"' then
      local e = line:find('"', pos + 1, true)
      fields[#fields + 1] = line:sub(pos + 1, e - 1)
      pos = e + 2
    else
      local e = line:find(",", pos, true) or #line + 1
      fields[#fields + 1] = line:sub(pos, e - 1)
      pos = e + 1
    end
  end
  rows[#rows + 1] = fields
end
local total = 0
for i = 2, #rows do
  local r = rows[i]
  local sum = tonumber(r[2]) * tonumber(r[3])
  total = total + sum
  print(string.format("%-14s|%4d|%8.2f|%9.3e", r[1], math.tointeger(tonumber(r[2])), sum, sum))
end
print(string.format("total %.2f over %d rows; header %s", total, #rows - 1, table.concat(rows[1], "/")))
-- expect: widget        |   4|   10.00|1.000e+01
-- expect: gadget        |  10|    9.90|9.900e+00
-- expect: quoted, name  |   1|  100.00|1.000e+02
-- expect: total 119.90 over 3 rows; header name/qty/price
