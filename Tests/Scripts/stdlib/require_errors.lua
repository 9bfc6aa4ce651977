-- require's failures: the not-found message lists what each searcher tried; bad arguments and
-- broken package fields raise lua's messages (manual §6.3).
package.path = "./nonexistent_dir/?.lua"
package.cpath = ""
local ok, msg = pcall(require, "nope.sub")
print(ok)
print(msg)
print(pcall(require))
package.searchers = nil
print(pcall(require, "x"))
-- expect: false
-- expect: module 'nope.sub' not found:
-- expect: 	no field package.preload['nope.sub']
-- expect: 	no file './nonexistent_dir/nope/sub.lua'
-- expect: 	no file ''
-- expect: 	no file ''
-- expect: false	bad argument #1 to 'require' (string expected, got no value)
-- expect: false	'package.searchers' must be a table
