-- Many live coroutines, each with its own stack.
local cos = {}
for i = 1, 200 do
  cos[i] = coroutine.create(function(x)
    local acc = x
    while true do acc = acc + coroutine.yield(acc) end
  end)
end
local total = 0
for i = 1, 200 do local _, v = coroutine.resume(cos[i], i) total = total + v end
for i = 1, 200 do local _, v = coroutine.resume(cos[i], 1) total = total + v end
print(total)
-- expect: 40400
