-- Labels are visible in nested blocks of their block, and the same name may be reused in sibling blocks.
local r = {}
do
  local i = 0
  ::loop::
  i = i + 1
  do
    if i < 3 then goto loop end
  end
  r[#r + 1] = i
end
do goto a; ::a:: r[#r + 1] = "first a" end
do goto a; ::a:: r[#r + 1] = "second a" end
print(table.concat(r, "|"))
-- expect: 3|first a|second a
