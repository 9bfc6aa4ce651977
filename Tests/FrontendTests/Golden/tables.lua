-- table constructors (setList batches), indexing forms and multiple assignment
local t = {1, 2, 3, x = 1, ["y z"] = 2, [10] = 3, f()}
local big = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, ...
}
t[1], t.x, t[t] = t.x, t[1], t[300]
local a, b = t, 1
a, a[b] = 2, 3
g.h.i = {{}, {{}}}
return t, big
