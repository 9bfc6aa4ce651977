-- A small program: word frequencies with gmatch, lower, sort and format.
local text = [[
The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!
A fox, a dog, and THE end. Numbers like 42 and 3.14 are not words.
]]
local freq = {}
for w in text:lower():gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
local words = {}
for w, n in pairs(freq) do words[#words + 1] = {w = w, n = n} end
table.sort(words, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.w < b.w end)
for i = 1, 6 do io.write(string.format("%-6s %3d\n", words[i].w, words[i].n)) end
print(#words, select(2, text:gsub("%d+", "")))
-- expect: the      5
-- expect: dog      3
-- expect: fox      3
-- expect: a        2
-- expect: and      2
-- expect: are      1
-- expect: 18	3
