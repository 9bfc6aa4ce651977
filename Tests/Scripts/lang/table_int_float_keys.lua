-- Keys 1 and 1.0 are the same key; 2^53 as float equals its integer key.
local t = {}
t[1] = "int"
print(t[1.0])
-- expect: int
t[2.0] = "float-two"
print(t[2], math.type(next({[3.0] = true})))
-- expect: float-two	integer
t["1"] = "string-one"
print(t[1], t["1"])
-- expect: int	string-one
