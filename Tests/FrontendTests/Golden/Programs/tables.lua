-- tables: constructors, setList batches, multiple results, indexing forms, assignment order
local function three() return 1, 2, 3 end
local t = {three(), three()}
print(#t, t[1], t[2], t[4])
local u = {three(), (three())}
print(#u)
local big = {}
for i = 1, 120 do big[i] = i end
local c = {table.unpack(big)}
print(#c, c[1], c[50], c[51], c[100], c[120])
local lit = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,
  31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,
  x = 1, y = 2, [100] = 100, three()}
print(#lit, lit[60], lit[61], lit[63], lit.x, lit.y, lit[100])
local m = {["key with space"] = 1, [1.0] = "float one", [2] = "two", [true] = "yes"}
print(m["key with space"], m[1], m[2.0], m[true])
local a = {}
a.b = {}
a.b.c = {d = 5}
print(a.b.c.d, a["b"]["c"]["d"])
local i = 1
local arr = {}
i, arr[i] = i + 1, 20
print(i, arr[1], arr[2])
local x, y, z = (function() return 1, 2, 3 end)()
print(x, y, z)
local p, q = 1
print(p, q)
local r1, r2 = three(), 10
print(r1, r2)
local s = {n = 0}
function s.add(v) s.n = s.n + v; return s end
function s:addm(v) self.n = self.n + v; return self end
s.add(5):addm(2)
print(s.n)
local long = {}
long["abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"] = 1
print(long.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz)
local k300 = {}
k300[300] = "a"; k300[255] = "b"; k300[-1] = "c"; k300[0] = "d"
print(k300[300], k300[255], k300[-1], k300[0])
t = {}
t[1], t[2], t[3] = 1, 2
print(t[1], t[2], t[3])
local e = {}
e.x, e.y = e.y, 5
print(e.x, e.y)
