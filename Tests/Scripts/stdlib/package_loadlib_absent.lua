-- no-lua-compare: lua5.4 can open C libraries; vmrepl has no C API, so loadlib reports "absent"
-- package.loadlib returns fail, a message and where it failed (manual §6.3); without dynamic
-- libraries lua's answer is "absent".
local f, msg, where = package.loadlib("libfoo.so", "luaopen_foo")
print(f, where, type(msg))
print(pcall(package.loadlib))
-- expect: nil	absent	string
-- expect: false	bad argument #1 to 'package.loadlib' (string expected, got no value)
