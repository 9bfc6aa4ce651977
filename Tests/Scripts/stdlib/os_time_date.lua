-- os.time with tables (normalised), os.date formats and *t tables in UTC.
local function try(f, ...) local ok, e = pcall(f, ...) print(ok, (tostring(e):gsub("^.-:%d+: ", ""))) end

print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%j %a %A %b %B %p %y %%", 86400 * 40))
print(os.date("!%c", 1700000000), os.date("!%x %X %D %T %F %R", 1700000000))
local t = os.date("!*t", 1700000000)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
local u = os.date("*t", 0) print(type(u.year), type(u.isdst))
print(type(os.time()), math.type(os.time()), os.time() > 1600000000)
local n = {year = 2021, month = 14, day = 35, hour = 25}
local v = os.time(n) print(n.year, n.month, n.day, n.hour, n.min, n.sec, n.yday, n.wday, type(v))
print(os.time({year = 2000, month = 1, day = 1, hour = 0}) < os.time({year = 2000, month = 1, day = 2, hour = 0}))
try(function() return os.time({year = 2020}) end)
try(function() return os.time({year = 2020, month = "x", day = 1}) end)
try(function() return os.time({year = 2020, month = 1.5, day = 1}) end)
try(function() return os.date("%Ez") end)
try(function() return os.date("%") end)
try(function() return os.date("%Q") end)
print(os.date("!%Ey %OS", 0))
-- expect: 1970-01-01 00:00:00	041 Tue Tuesday Feb February AM 70 %
-- expect: Tue Nov 14 22:13:20 2023	11/14/23 22:13:20 11/14/23 22:13:20 2023-11-14 22:13
-- expect: 2023	11	14	22	13	20	3	318	false
-- expect: number	boolean
-- expect: number	integer	true
-- expect: 2022	3	8	1	0	0	67	3	number
-- expect: true
-- expect: false	field 'month' missing in date table
-- expect: false	field 'month' is not an integer
-- expect: false	field 'month' is not an integer
-- expect: false	bad argument #1 to 'date' (invalid conversion specifier '%Ez')
-- expect: false	bad argument #1 to 'date' (invalid conversion specifier '%')
-- expect: false	bad argument #1 to 'date' (invalid conversion specifier '%Q')
-- expect: 70 00
