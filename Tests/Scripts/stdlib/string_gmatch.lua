-- string.gmatch: iteration, captures, empty matches, init.
for w in ("one two  three"):gmatch("%a+") do io.write(w, ";") end print()
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, ":", v, " ") end print()
local n = 0 for _ in ("abc"):gmatch("") do n = n + 1 end print(n)
for p in ("hello"):gmatch("()l") do io.write(p, " ") end print()
for m in ("abcd"):gmatch(".", 3) do io.write(m) end print()
for m in ("^a^a"):gmatch("^a") do io.write(m, "|") end print()
local it = ("x y"):gmatch("%a") print(it(), it(), it())
-- expect: one;two;three;
-- expect: a:1 b:2 c:3 
-- expect: 4
-- expect: 3 4 
-- expect: cd
-- expect: ^a|^a|
-- expect: x	y
