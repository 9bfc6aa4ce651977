#!/usr/bin/env python3
# lua548.py: the Lua 5.4.8 reference interpreter for the script tests, as `lua FILE [ARGS]` runs.
#
# The reference for vmrepl's semantics is Lua 5.4.8 (Debian's lua5.4 is 5.4.4, which has bugs that
# 5.4.8 fixed). PyPI's lupa bundles 5.4.8 as `lupa.lua54`; this script drives it the way lua.c
# drives a state: the `arg` table (script at 0, interpreter at -1, arguments at 1..n), the script's
# `...`, lua.c's message handler (a non-string error with `__tostring` prints that text without a
# traceback; another non-string is "(error object is a T value)"), "lua: MESSAGE" on stderr with
# exit status 1, the collector in generational mode (lua.c's pmain switches to it), and the state
# closed at the end (pending finalizers run), as lua_close does.
#
# Known limit: lupa's build lacks LUA_COMPAT_5_3, which the official makefile and Debian enable
# (so `__le` falling back to `not __lt(b, a)` is absent here). Scripts exercising compat-5.3
# behaviour say so with `-- compare-lua54:` and are checked against Debian's lua5.4 instead.
#
# Usage: lua548.py SCRIPT [ARGS...]     (SCRIPT may be `-` for standard input)
import gc
import sys

try:
    import lupa.lua54 as lupa54
except ImportError:
    sys.stderr.write("lua548.py: the Python package 'lupa' (which bundles Lua 5.4.8) is not installed\n")
    sys.exit(127)

BOOT = r"""
local script, n, argv = ...
-- lua.c (5.4.0 to 5.4.8) starts its collector in generational mode before it runs anything;
-- a fresh state (lupa's) is incremental. collectgarbage("incremental") answers the mode it
-- leaves, so scripts see the difference.
collectgarbage("restart")
collectgarbage("generational")
python = nil
package.loaded.python = nil
-- Below lua.c's main chunk sits one unnamed C function ("[C]: in ?"); here xpcall and this chunk
-- do. Tracebacks are rewritten to lua.c's tail so that scripts printing them compare equal. (The
-- wrapper is a Lua function: a script that tail-calls debug.traceback loses its own frame here.)
local traceback = debug.traceback
local TAIL = "\n\t%[C%]: in function 'xpcall'\n\t%(lua%.c%):%d+: in main chunk$"
function debug.traceback(...)
  local first = ...
  local s
  if type(first) == "thread" then
    s = traceback(...)
  else
    local msg, level = ...
    if select("#", ...) >= 2 and type(level) ~= "number" then return traceback(...) end
    s = traceback(msg, (level or 1) + 1)
  end
  if type(s) ~= "string" then return s end
  return (s:gsub(TAIL, "\n\t[C]: in ?"))
end
local a = {[-1] = "lua", [0] = script}
for i = 1, n do a[i] = argv[i] end
arg = a
local function msgh(m)
  if type(m) ~= "string" and type(m) ~= "number" then
    local mt = debug.getmetatable(m)
    local ts = mt and rawget(mt, "__tostring")
    if ts then
      local s = ts(m)
      if type(s) == "string" then return s end
    end
    m = string.format("(error object is a %s value)", type(m))
  end
  local s = debug.traceback(tostring(m), 2)
  return s
end
local f, err = loadfile(script ~= "-" and script or nil)
if not f then
  io.stderr:write("lua: ", err, "\n")
  io.stderr:flush()
  return 1
end
local ok, msg = xpcall(f, msgh, table.unpack(a, 1, n))
io.stdout:flush()
if not ok then
  io.stderr:write("lua: ", tostring(msg), "\n")
  io.stderr:flush()
  return 1
end
return 0
"""


def main(argv):
    if not argv:
        sys.stderr.write("usage: lua548.py SCRIPT [ARGS...]\n")
        return 1
    rt = lupa54.LuaRuntime(register_eval=False, register_builtins=False, encoding=None)
    boot = rt.globals().load(BOOT.encode(), b"=(lua.c)")
    args = rt.table(*[s.encode("utf-8", "surrogateescape") for s in argv[1:]])
    status = boot(argv[0].encode("utf-8", "surrogateescape"), len(argv) - 1, args)
    del boot, args
    gc.collect()
    del rt  # lua_close: pending finalizers and to-be-closed variables run, as at lua.c's end
    gc.collect()
    return int(status or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
