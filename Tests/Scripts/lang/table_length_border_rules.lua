-- Whatever # returns for a table with holes, it is a border (t[n] ~= nil and t[n+1] == nil, or 0).
local function isborder(t, n)
  return (n == 0 or t[n] ~= nil) and t[n + 1] == nil
end
local t = {1, 2, nil, 4}
print(isborder(t, #t))
-- expect: true
local u = {}
u[1] = 1; u[2] = 2; u[4] = 4
print(isborder(u, #u))
-- expect: true
local w = {nil, nil, 3}
print(isborder(w, #w))
-- expect: true
