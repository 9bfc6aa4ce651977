-- select with positive, negative and '#' arguments.
print(select(2, "a", "b", "c"))
-- expect: b	c
print(select(-1, "a", "b", "c"))
-- expect: c
print(select(-2, "a", "b", "c"))
-- expect: b	c
print(select(4, "a", "b", "c"))
-- expect: 
print(pcall(select, 0, "a"))
-- expect: false	bad argument #1 to 'select' (index out of range)
print(pcall(select, -4, "a", "b", "c"))
-- expect: false	bad argument #1 to 'select' (index out of range)
print(select('#'))
-- expect: 0
