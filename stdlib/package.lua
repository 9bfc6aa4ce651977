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
