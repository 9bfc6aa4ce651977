-- The main chunk receives script arguments as ...; here there are none.
print(select("#", ...))
-- expect: 0
local a = ...
print(a)
-- expect: nil
