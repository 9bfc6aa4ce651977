-- Error messages name a global even when its name is a constant past LOADK's range (loaded
-- with LOADKX + EXTRAARG): a chunk with more than 2^17 constants, then a nil global indexed.
local n = 140000
local nums = {}
for i = 1, n do nums[i] = i end
local src = "local t = {" .. string.format(string.rep("%d.5,", n), table.unpack(nums)) ..
            "}\nreturn Missing.field"
local f = assert(load(src, "=big"))
print(select(2, pcall(f)))
-- expect: big:2: attempt to index a nil value (global 'Missing')
