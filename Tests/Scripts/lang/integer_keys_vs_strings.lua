-- Integer keys, float keys and string keys that look alike are different keys except int/float.
local t = {}
t[1] = "i"; t["1"] = "s"; t[1.0] = "f"
print(t[1], t["1"])
-- expect: f	s
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
-- expect: 2
