-- A dead temporary register keeps nothing alive: here the table passed to setmetatable stays in
-- an argument register after the call, yet the loop's allocations let it be finalized (lua's
-- collector marks a frame only up to its live top at such a safe point).
local finish = false
local u = setmetatable({}, {__gc = function() finish = true end})
local n = 0
repeat u = {}; n = n + 1 until finish or n > 3e6
print(finish, n < 1e6)
-- expect: true	true
