-- Long strings of any level; a first newline is skipped; no escapes inside.
local a = [[hello]]
local b = [==[with ]] inside]==]
local c = [[
first line skipped]]
local d = [[\n stays]]
print(a, b, c, d)
-- expect: hello	with ]] inside	first line skipped	\n stays
local e = [=[
x
y]=]
print(e, #e)
-- expect: x
-- expect: y	3
print([[]] == "", [==[]==] == "")
-- expect: true	true
