-- utf8.codes iteration, strict and lax, and its error.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

for p, c in utf8.codes("aé€😀") do io.write(p, ":", c, " ") end print()
for p, c in utf8.codes("") do io.write("never") end print("empty")
for p, c in utf8.codes("\xed\xa0\x80", true) do io.write(p, ":", c, " ") end print()
try(function() for p, c in utf8.codes("a\xffb") do io.write(p, " ") end end)
try(function() for p, c in utf8.codes("\xed\xa0\x80") do end end)
print()
-- expect: 1:97 2:233 4:8364 7:128512 
-- expect: empty
-- expect: 1:55296 
-- expect: 1 false	invalid UTF-8 code
-- expect: false	invalid UTF-8 code
-- expect:
