-- An uncaught library argument error reaches stderr in lua's words.
print("before")
table.insert(nil, 1)
print("never")
-- expect: before
-- expect error: bad argument #1 to 'insert' (table expected, got nil)
