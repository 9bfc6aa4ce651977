// Generated from stdlib/*.lua by stdlib/embed.sh; do not edit. Regenerate: sh stdlib/embed.sh > Sources/LuaStdlib/EmbeddedLua.swift
//
// Invariant: one entry per stdlib/*.lua file, in name order, its text verbatim (a test checks it).

enum EmbeddedLua {
    static let chunks: [(name: String, source: String)] = [
        ("package.lua", #"""
-- package.searchpath (manual §6.3), written in Lua: a search over the templates of a path.
--
-- Invariants: arguments are checked like lua5.4 checks them (the path first); the result is
-- the first readable file, or nil and the list of every name tried ("no file '...'", empty
-- templates too), joined by "\n\t" as lua5.4 does.

local package, io, type, tostring, error, format, gsub, gmatch, getinfo =
  package, io, type, tostring, error, string.format, string.gsub, string.gmatch, debug.getinfo

-- The argument check of searchpath (level 2 from here): its error names the function as lua
-- does, by its call-site name, else as package.loaded holds it.
local function checkstring(v, i, default)
  if v == nil and default ~= nil then return default end
  local t = type(v)
  if t == "number" then return tostring(v) end
  if t ~= "string" then
    local ar = getinfo(2, "n")
    local name = ar and ar.name or "package.searchpath"
    local got = v == nil and "no value" or t
    if ar and ar.namewhat == "method" then
      i = i - 1
      if i == 0 then error(format("calling '%s' on bad self (string expected, got %s)", name, got), 3) end
    end
    error(format("bad argument #%d to '%s' (string expected, got %s)", i, name, got), 3)
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
  -- As lua: substitute the name into the whole path, then try every ';'-separated template,
  -- empty ones included ("a;;b" tries "a", "" and "b"); the message lists them all.
  path = gsub(path, "%?", replacement(name))
  if path ~= "" then
    for filename in gmatch(path .. ";", "([^;]*);") do
      local f = io.open(filename, "r")
      if f then
        f:close()
        return filename
      end
    end
  end
  return nil, "no file '" .. gsub(path, ";", "'\n\tno file '") .. "'"
end
"""#),
        ("require.lua", #"""
-- require, package.searchers and package.loadlib (manual §6.3), written in Lua.
--
-- Invariants: require finds loaders only through package.searchers, in order, as the manual
-- specifies, so programs may add or replace searchers; the loaded-modules table is the one that
-- package.loaded held when the library opened (like lua's registry._LOADED), so rebinding
-- package.loaded does not change what require sees. vmrepl has no C API, so C libraries cannot
-- be loaded: package.loadlib reports that as lua does when built without dynamic libraries, and
-- the C searchers still list the files they tried so messages read like lua's.
-- Errors raised inside a searcher carry no position (lua raises them from C code); require's
-- own errors point at its caller.

local package, type, tostring, error, format, concat, loadfile, find, sub, getinfo =
  package, type, tostring, error, string.format, table.concat, loadfile, string.find, string.sub,
  debug.getinfo

local LOADED = package.loaded

local function checkname(v)
  local t = type(v)
  if t == "number" then return tostring(v) end
  if t ~= "string" then
    error(format("bad argument #1 to 'require' (string expected, got %s)",
                 v == nil and "no value" or t), 3)
  end
  return v
end

-- The path fields must be strings (numbers convert, as lua_tostring does).
local function pathfield(field)
  local p = package[field]
  local t = type(p)
  if t == "number" then return tostring(p) end
  if t ~= "string" then error(format("'package.%s' must be a string", field), 0) end
  return p
end

local DYNLIB_MESSAGE = "dynamic libraries not enabled; check your Lua installation"

-- loadlib's argument error (loadlib is level 2 from here), naming it as lua does: by its
-- call-site name, else as package.loaded holds it.
local function loadlibarg(i, v)
  local ar = getinfo(2, "n")
  local name = ar and ar.name or "package.loadlib"
  local got = v == nil and "no value" or type(v)
  if ar and ar.namewhat == "method" then
    i = i - 1
    if i == 0 then error(format("calling '%s' on bad self (string expected, got %s)", name, got), 3) end
  end
  error(format("bad argument #%d to '%s' (string expected, got %s)", i, name, got), 3)
end

function package.loadlib(path, funcname)
  if type(path) ~= "string" and type(path) ~= "number" then loadlibarg(1, path) end
  if type(funcname) ~= "string" and type(funcname) ~= "number" then loadlibarg(2, funcname) end
  return nil, DYNLIB_MESSAGE, "absent"
end

local function searcher_preload(name)
  local preload = package.preload
  if type(preload) ~= "table" then error("'package.preload' must be a table", 0) end
  local loader = preload[name]
  if loader == nil then return format("no field package.preload['%s']", name) end
  return loader, ":preload:"
end

local function searcher_lua(name)
  local filename, tried = package.searchpath(name, pathfield("path"))
  if not filename then return tried end
  local chunk, msg = loadfile(filename)
  if not chunk then
    error(format("error loading module '%s' from file '%s':\n\t%s", name, filename, msg), 0)
  end
  return chunk, filename
end

-- A C library found on cpath cannot be opened here; lua reports a failed open this way.
local function cannot_open(name, filename)
  error(format("error loading module '%s' from file '%s':\n\t%s", name, filename, DYNLIB_MESSAGE), 0)
end

local function searcher_c(name)
  local filename, tried = package.searchpath(name, pathfield("cpath"))
  if not filename then return tried end
  cannot_open(name, filename)
end

-- The all-in-one searcher: a submodule a.b.c may live in the C library of its root a.
local function searcher_croot(name)
  local dot = find(name, ".", 1, true)
  if not dot then return nil end
  local filename, tried = package.searchpath(sub(name, 1, dot - 1), pathfield("cpath"))
  if not filename then return tried end
  cannot_open(name, filename)
end

package.searchers = { searcher_preload, searcher_lua, searcher_c, searcher_croot }

function require(name)
  name = checkname(name)
  local have = LOADED[name]
  if have then return have end
  local searchers = package.searchers
  if type(searchers) ~= "table" then error("'package.searchers' must be a table", 2) end
  local messages = {}
  local i = 1
  while true do
    local searcher = searchers[i]
    if searcher == nil then
      error(format("module '%s' not found:%s", name, concat(messages)), 2)
    end
    local loader, data = searcher(name)
    if type(loader) == "function" then
      local result = loader(name, data)
      if result ~= nil then LOADED[name] = result end
      if LOADED[name] == nil then LOADED[name] = true end
      return LOADED[name], data
    elseif type(loader) == "string" then
      messages[#messages + 1] = "\n\t" .. loader
    end
    i = i + 1
  end
end
"""#),
    ]
}
