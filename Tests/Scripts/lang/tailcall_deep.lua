-- Proper tail calls: deep tail recursion runs in constant stack space.
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(1000000, 0))
-- expect: 1000000
local function ping(n) if n == 0 then return "done" end return (function(m) return ping(m) end)(n - 1) end
print(ping(100000))
-- expect: done
