-- require walks package.searchers in order (manual §6.3): preload first, then Lua files on
-- package.path; loaders get (name, extra) and their result is stored in package.loaded.
print(type(package.searchers), #package.searchers)

package.preload.pre = function(...) print("preload loader", ...) return {tag = "pre"} end
local m, extra = require("pre")
print(m.tag, extra, package.loaded.pre == m, require("pre") == m)

-- A module file found through package.path.
local dir = os.tmpname()
os.remove(dir)
local name = dir:match("[^/]+$")
local f = assert(io.open(dir .. "_mod.lua", "w"))
f:write("local n, path = ...\nreturn {n = n, found = path ~= nil}\n")
f:close()
package.path = dir:match("^(.*/)") .. "?_mod.lua"
local mod, where = require(name)
print(mod.n == name, mod.found, where == dir .. "_mod.lua")
os.remove(dir .. "_mod.lua")

-- A loader that returns nothing: package.loaded gets true.
package.preload.none = function() end
print(require("none"), package.loaded.none)

-- A searcher added by the program takes part.
table.insert(package.searchers, 2, function(n)
  if n == "virtual" then return function() return "from searcher" end, "data" end
  return "\n\tno virtual module '" .. n .. "'"
end)
print(require("virtual"))
-- expect: table	4
-- expect: preload loader	pre	:preload:
-- expect: pre	:preload:	true	true
-- expect: true	true	true
-- expect: true	true
-- expect: from searcher	data
