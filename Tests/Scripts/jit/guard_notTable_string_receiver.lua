-- A field read compiled for tables meets a string: the table guard exits, and the interpreter
-- indexes the string through its metatable (string methods; an absent key is nil).
local J = dofile("support.lib")
local compiled, deopts = J.compiled, J.deopts
local function field(o) return o.len end
print(field({len = 1}), field({len = 2}))
local c = compiled(field)
print(field("abc") == string.len, field("abc")("hello"))
deopts(field, c, "notTable", function() assert(field("x") == string.len) end)
print(field({len = 3}), pcall(field, nil))
-- expect: 1	2
-- expect: true	5
-- expect: 3	false	guard_notTable_string_receiver.lua:5: attempt to index a nil value (local 'o')
