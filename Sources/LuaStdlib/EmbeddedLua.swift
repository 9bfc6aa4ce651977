// Generated from stdlib/*.lua by stdlib/embed.sh; do not edit. Regenerate: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift
//
// Invariant: one entry per stdlib/*.lua file, in name order, its text verbatim (a test checks it).

enum EmbeddedLua {
    static let chunks: [(name: String, source: String)] = [
        ("package.lua", #"""
-- package.searchpath (manual §6.3), written in Lua: a search over the templates of a path.
--
-- Invariants: arguments are checked like lua5.4 checks them (the path first); the result is
-- the first readable file, or nil and the list of every name tried ("no file '...'"), joined
-- by "\n\t" as lua5.4 does.

local package, io, type, tostring, error, format, gsub, gmatch, concat =
  package, io, type, tostring, error, string.format, string.gsub, string.gmatch, table.concat

local function checkstring(v, i, default)
  if v == nil and default ~= nil then return default end
  local t = type(v)
  if t == "number" then return tostring(v) end
  if t ~= "string" then
    error(format("bad argument #%d to 'searchpath' (string expected, got %s)", i,
                 v == nil and "no value" or t), 3)
  end
  return v
end

-- Escape a plain string for use as a pattern / a replacement.
local function literal(s) return (gsub(s, "%W", "%%%0")) end
local function replacement(s) return (gsub(s, "%%", "%%%%")) end

function package.searchpath(name, path, sep, rep)
  path = checkstring(path, 2)
  name = checkstring(name, 1)
  sep = checkstring(sep, 3, ".")
  rep = checkstring(rep, 4, "/")
  if sep ~= "" then name = gsub(name, literal(sep), replacement(rep)) end
  local tried = {}
  for template in gmatch(path, "[^;]+") do
    local filename = gsub(template, "%?", replacement(name))
    local f = io.open(filename, "r")
    if f then
      f:close()
      return filename
    end
    tried[#tried + 1] = "no file '" .. filename .. "'"
  end
  if #tried == 0 then tried[1] = "no file ''" end
  return nil, concat(tried, "\n\t")
end
"""#),
    ]
}
