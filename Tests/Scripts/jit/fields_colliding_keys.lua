-- Field reads and writes with constant keys that share a start slot in the hash part: compiled
-- code probes a key's own slot first, so a key pushed further along its probe sequence by an
-- earlier one (or around the end of the part), and an absent key whose slots are all taken by
-- others, must still read and write what the interpreter does.
-- (In vmrepl's hash, key2, key3 and key11 all start at slot 1 of a 4-slot part, key37 too, and
-- key5 and key9 at its last slot, 3; other engines lay these keys out their own way.)
local J = dofile("support.lib")
local function get(t) return t.key2, t.key3, t.key11, t.key37 end
local function set(t, v) t.key3 = v t.key11 = v + 1 return t.key3 + t.key11 end
local function wrap(t) t.key9 = t.key9 + t.key5 return t.key9 end
local function make(...)
  local t = {}
  for i, k in ipairs({...}) do t[k] = i * 10 end
  return t
end
J.compiled(get)
J.compiled(set)
J.compiled(wrap)
-- Inserted in probe order, then in the reverse order (each key lands at another slot).
local a, b = make("key2", "key3", "key11"), make("key11", "key3", "key2")
for _ = 1, 20 do get(a) get(b) end
print(get(a))
print(get(b))
print(set(a, 1), set(b, 2), get(a))
print(get(b))
-- key37 is absent, its slots full of other keys: nil, or what __index says.
print(get(setmetatable(make("key2", "key3", "key11"), {__index = {key37 = "inherited"}})))
print(get(setmetatable(make("key3", "key2"), {__index = function(_, k) return k .. "?" end})))
-- key9 after key5 wraps around to slot 0.
local w = make("key5", "key9")
for _ = 1, 10 do wrap(w) end
print(w.key9, w.key5, wrap(make("key9", "key5")))
-- Many keys in one table: most sit away from their start slots.
local many = {}
for i = 1, 40 do many["key" .. i] = i end
local s = 0
for _ = 1, 10 do
  local x, y, z, u = get(many)
  s = s + x + y + z + u
end
print(s, set(many, 100), many.key3, many.key11)
-- expect: 10	20	30	nil
-- expect: 30	20	10	nil
-- expect: 3	5	10	1	2	nil
-- expect: 30	2	3	nil
-- expect: 10	20	30	inherited
-- expect: 20	10	key11?	key37?
-- expect: 120	10	30
-- expect: 530	201	100	101
