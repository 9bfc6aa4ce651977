-- __call makes tables callable; the table is the first argument; __call may itself be a callable table.
local t = setmetatable({name = "callable"}, {__call = function(self, a, b) return self.name, type(a) == 'number' and a + b or type(a), b end})
print(t(1, 2))
-- expect: callable	3	2
local nested = setmetatable({}, {__call = t})
print(pcall(nested, 5))
-- expect: true	callable	table	5
print(pcall(function() local x = {} x() end))
-- expect: false	meta_call.lua:8: attempt to call a table value (local 'x')
