-- Generic for calls the iterator with the state and the control variable.
local function range(n)
  return function(state, ctl)
    if ctl < state then return ctl + 1, ctl * ctl end
  end, n, 0
end
for i, sq in range(4) do io.write(i, ":", sq, " ") end
print()
-- expect: 1:0 2:1 3:4 4:9 
local function stateless(t, i)
  i = i + 1
  if t[i] then return i, t[i] end
end
for i, v in stateless, {"a", "b"}, 0 do print(i, v) end
-- expect: 1	a
-- expect: 2	b
