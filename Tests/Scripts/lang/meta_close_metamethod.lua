-- __close receives the value and the error (nil on normal exit); the metamethod is looked up at close time.
local mt = {__close = function(v, e) print("first", v.n, e) end}
do
  local x <close> = setmetatable({n = 1}, mt)
  mt.__close = function(v, e) print("second", v.n, e) end
end
-- expect: second	1	nil
