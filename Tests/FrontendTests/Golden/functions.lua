-- closures, upvalues, varargs, methods and tail calls
local counter = 0
local function inc(by, ...)
  counter = counter + (by or 1)
  local extra = select('#', ...)
  return counter, ...
end
local obj = {}
function obj:get(k) return self[k] end
function obj.static(x) return x end
local t = {inc(1, 2, 3)}
print(inc(2), obj:get("a"), obj.static(...))
return inc(counter)
