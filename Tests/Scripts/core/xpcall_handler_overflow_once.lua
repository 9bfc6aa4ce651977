-- A stack overflow inside an xpcall message handler that is handling a stack overflow gives
-- "error in error handling" at once: the handler is not run again for it (lua raises that
-- error past the handler). Counted runs, not time: each run would recurse to the stack limit.
-- (One overflow case only: each overflow costs the reference about a second.)
local n = 0
local function loop() return 1 + loop() end
print(xpcall(loop, function(m) n = n + 1; return loop() end))
print("runs", n)
-- A handler that fails otherwise is run again, for each new error.
n = 0
print(xpcall(error, function(m) n = n + 1; if n < 4 then error("again" .. n, 0) end return m end, "E"))
print("runs", n)
-- expect: false	error in error handling
-- expect: runs	1
-- expect: false	again3
-- expect: runs	4
