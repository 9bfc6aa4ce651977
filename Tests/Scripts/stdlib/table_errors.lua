-- table library argument errors.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

try(function() table.insert(nil, 1) end)
try(function() table.insert({}, 5, 1) end)
try(function() table.insert({}, 0, 1) end)
try(function() table.insert({}, 1, 2, 3) end)
try(function() table.insert({}) end)
try(function() table.remove({}, 5) end)
try(function() table.remove({1, 2}, -1) end)
try(function() table.concat({1, {}, 3}) end)
try(function() table.concat({1, 2}, ",", 1, 3) end)
try(function() table.concat(1) end)
try(function() table.sort({3, 1, "x"}) end)
try(function() table.sort({1, 2}, 3) end)
try(function() table.move({}, 1, math.maxinteger, 2) end)
try(function() table.move({}, -1, math.maxinteger, 2) end)
try(function() table.unpack({}, 1, 1e8) end)
try(function() table.unpack(nil) end)
try(function() table.insert(setmetatable({}, {__len = function() return 1.5 end}), 1) end)
-- expect: false	bad argument #1 to 'insert' (table expected, got nil)
-- expect: false	bad argument #2 to 'insert' (position out of bounds)
-- expect: false	bad argument #2 to 'insert' (position out of bounds)
-- expect: false	wrong number of arguments to 'insert'
-- expect: false	wrong number of arguments to 'insert'
-- expect: false	bad argument #2 to 'remove' (position out of bounds)
-- expect: false	bad argument #2 to 'remove' (position out of bounds)
-- expect: false	invalid value (table) at index 2 in table for 'concat'
-- expect: false	invalid value (nil) at index 3 in table for 'concat'
-- expect: false	bad argument #1 to 'concat' (table expected, got number)
-- expect: false	attempt to compare string with number
-- expect: false	bad argument #2 to 'sort' (function expected, got number)
-- expect: false	bad argument #4 to 'move' (destination wrap around)
-- expect: false	bad argument #3 to 'move' (too many elements to move)
-- expect: false	too many results to unpack
-- expect: false	attempt to get length of a nil value
-- expect: false	object length is not an integer
