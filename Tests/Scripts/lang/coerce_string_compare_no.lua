-- Comparison never coerces: "10" < 9 is an error, "10" == 10 is false.
print("10" == 10, 10 == "10")
-- expect: false	false
print(pcall(function() return "10" < 9 end))
-- expect: false	coerce_string_compare_no.lua:4: attempt to compare string with number
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
-- expect: true	true	true	true	true
