-- Indexing non-table values goes through their metatables or fails with a message.
print(type(("abc").len), #("abc"):rep(2), ("abc").nope)
-- expect: function	6	nil
print(pcall(function() local n = 5 return n.x end))
-- expect: false	meta_index_on_non_tables.lua:4: attempt to index a number value (local 'n')
print(pcall(function() return (true).x end))
-- expect: false	meta_index_on_non_tables.lua:6: attempt to index a boolean value
print(pcall(function() local f = print f.x = 1 end))
-- expect: false	meta_index_on_non_tables.lua:8: attempt to index a function value (local 'f')
