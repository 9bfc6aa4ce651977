-- Yields from Lua metamethods called by Lua code: the interrupted instruction completes on resume.
local Y = coroutine.yield
local mt = {
  __index = function(t, k) return Y("index " .. k) end,
  __newindex = function(t, k, v) Y("newindex " .. k); rawset(t, k, v * 2) end,
  __add = function(a, b) return Y("add") end,
  __sub = function(a, b) return Y("sub") end,
  __unm = function(a) return Y("unm") end,
  __band = function(a, b) return Y("band") end,
  __shl = function(a, b) return Y("shl") end,
  __len = function(a) return Y("len") end,
  __eq = function(a, b) return Y("eq") end,
  __lt = function(a, b) return Y("lt") end,
  __le = function(a, b) return Y("le") end,
  __concat = function(a, b)
    local r = Y("concat")
    return r
  end,
  __call = function(self, x) return Y("call " .. x) end,
}
local a = setmetatable({}, mt)
local b = setmetatable({}, mt)

local function body()
  local out = {}
  out[#out + 1] = a.foo
  out[#out + 1] = a[7]
  a.bar = 21
  out[#out + 1] = rawget(a, "bar")
  out[#out + 1] = a + 1
  out[#out + 1] = 10 - a
  out[#out + 1] = -a
  out[#out + 1] = a & 3
  out[#out + 1] = 1 << a
  out[#out + 1] = #a
  out[#out + 1] = tostring(a == b)
  out[#out + 1] = tostring(a ~= b)
  out[#out + 1] = tostring(a < b)
  out[#out + 1] = tostring(a <= b)
  out[#out + 1] = tostring(a > 1)
  out[#out + 1] = tostring(a >= 2)
  if a < b then out[#out + 1] = "then" else out[#out + 1] = "else" end
  if not (a <= b) then out[#out + 1] = "then2" else out[#out + 1] = "else2" end
  out[#out + 1] = "x" .. a .. "y" .. b .. "z"
  out[#out + 1] = a(5)
  local s = a:meth()
  out[#out + 1] = s
  return table.concat(out, ",")
end

local answers = {
  ["index foo"] = "F", ["index 7"] = "S", ["newindex bar"] = true, add = 3, sub = 4, unm = 5,
  band = 6, shl = 7, len = 8, eq = false, lt = true, le = false, concat = "C",
  ["call 5"] = "called", ["index meth"] = function(self) return "m" end,
}
local seen = {}
local co = coroutine.create(body)
local ok, v = coroutine.resume(co)
local counts = {}
while coroutine.status(co) == "suspended" do
  seen[#seen + 1] = v
  local ans = answers[v]
  if v == "lt" then counts.lt = (counts.lt or 0) + 1; ans = counts.lt % 2 == 1 end
  if v == "le" then counts.le = (counts.le or 0) + 1; ans = counts.le % 2 == 0 end
  if v == "concat" then counts.c = (counts.c or 0) + 1; ans = "C" .. counts.c end
  ok, v = coroutine.resume(co, ans)
end
print(ok, v)
print(table.concat(seen, " "))
-- expect: true	F,S,42,3,4,5,6,7,8,false,true,true,false,false,true,then,then2,xC2,called,m
-- expect: index foo index 7 newindex bar add sub unm band shl len eq eq lt le lt le lt le concat concat call 5 index meth
