-- <close> variables in loop bodies left by break, goto and return, before a tail call, and as
-- the 4th value of a generic for: each closes once, innermost first, also when close methods
-- fail (their errors propagate from where the block ends).
local function mk(n, f)
  return setmetatable({}, {__close = function(_, e)
    io.write(n, "(", tostring(e), ") ")
    if f then f() end
  end})
end
local function E(x) return function() error(x, 0) end end

-- Loop bodies.
print(pcall(function() for i = 1, 3 do local a <close> = mk("a" .. i); if i == 2 then break end end return "done" end))
print(pcall(function() for i = 1, 3 do local a <close> = mk("a" .. i, i == 2 and E("A") or nil) end end))
print(pcall(function() for i = 1, 3 do local a <close> = mk("a" .. i); if i == 2 then return "r", i end end end))
print(pcall(function()
  local x <close> = mk("x", E("X"))
  for i = 1, 3 do local a <close> = mk("a" .. i, i == 2 and E("A" .. i) or nil); if i == 2 then return "r" end end
end))
print(pcall(function()
  local i = 0
  ::top::
  i = i + 1
  do
    local g <close> = mk("g" .. i, i == 3 and E("G") or nil)
    if i < 3 then goto top end
  end
  return "unreached"
end))
print(pcall(function()
  local n = 0
  while true do
    local w <close> = mk("w" .. n)
    n = n + 1
    if n == 2 then break end
  end
  repeat local r <close> = mk("r") until true
  return n
end))
print(pcall(function()
  for i = 1, 2 do
    for j = 1, 2 do
      local c <close> = mk(i .. j, (i == 2 and j == 1) and E("C") or nil)
      if j == 2 then goto continue end
    end
    ::continue::
  end
end))

-- Tail calls: a function with <close> variables returns by an ordinary return (they close
-- first, then the call is made: its results are returned).
local function tc() local a <close> = mk("t"); return tostring(42) end
print(pcall(tc))
local function tce() local a <close> = mk("t", E("T")); return tostring(42) end
print(pcall(tce))
local function rec(n) local a <close> = mk("rec" .. n); if n == 0 then return "bottom" end return rec(n - 1) end
print(pcall(rec, 3))

-- Generic for: the 4th value closes when the loop ends, breaks, returns or fails.
local function iter(name, f)
  return function(_, i) if i < 3 then return i + 1 end end, nil, 0, mk(name, f)
end
print(pcall(function() for i in iter("for") do io.write(i, " ") end return "ok" end))
print(pcall(function() for i in iter("for", E("FOR")) do io.write(i, " ") end end))
print(pcall(function() for i in iter("for") do io.write(i, " ") if i == 2 then break end end return "ok" end))
print(pcall(function() for i in iter("for", E("FOR")) do io.write(i, " ") if i == 2 then error("in", 0) end end end))
print(pcall(function() for i in iter("for") do io.write(i, " ") if i == 2 then return "ret" end end end))
print(pcall(function()
  for i in iter("outer") do
    for j in iter("inner" .. i, i == 2 and E("IN") or nil) do
      local b <close> = mk("b" .. i .. j)
      if j == 2 then break end
    end
  end
end))
print(pcall(function() for i in iter("f", E("F")) do local b <close> = mk("b" .. i, E("B" .. i)) end end))
-- An iterator that fails closes the 4th value too.
print(pcall(function()
  for i in function() error("iter", 0) end, nil, nil, mk("state") do end
end))
-- A 4th value that cannot close.
print(pcall(function() for i in next, {}, nil, {} do end end))
print(pcall(function() for i in next, {}, nil, false do end return "false is fine" end))
-- A 4th value whose __close is no longer callable when the loop is left: the message names it.
local function st() return setmetatable({}, {__close = print}) end
print(pcall(function() local s = st(); for i in next, {1}, nil, s do getmetatable(s).__close = 1 end end))
print(pcall(function() local s = st(); for i in next, {1}, nil, s do getmetatable(s).__close = 1; break end end))
print(pcall(function() local s = st(); for i in next, {1}, nil, s do getmetatable(s).__close = 1; return 1 end end))
print(pcall(function() local s = st(); for i in next, {1}, nil, s do getmetatable(s).__close = 1; goto out end ::out:: end))
print(pcall(function() local s = st(); local x <close> = s; getmetatable(s).__close = 1; return (function() return 1 end)() end))
-- expect: a1(nil) a2(nil) true	done
-- expect: a1(nil) a2(nil) false	A
-- expect: a1(nil) a2(nil) true	r	2
-- expect: a1(nil) a2(nil) x(A2) false	X
-- expect: g1(nil) g2(nil) g3(nil) false	G
-- expect: w0(nil) w1(nil) r(nil) true	2
-- expect: 11(nil) 12(nil) 21(nil) false	C
-- expect: t(nil) true	42
-- expect: t(nil) false	T
-- expect: rec0(nil) rec1(nil) rec2(nil) rec3(nil) true	bottom
-- expect: 1 2 3 for(nil) true	ok
-- expect: 1 2 3 for(nil) false	FOR
-- expect: 1 2 for(nil) true	ok
-- expect: 1 2 for(in) false	FOR
-- expect: 1 2 for(nil) true	ret
-- expect: b11(nil) b12(nil) inner1(nil) b21(nil) b22(nil) inner2(nil) outer(IN) false	IN
-- expect: b1(nil) f(B1) false	F
-- expect: state(iter) false	iter
-- expect: false	tbc_loops_jumps_tailcalls.lua:82: variable '(for state)' got a non-closable value
-- expect: true	false is fine
-- expect: false	tbc_loops_jumps_tailcalls.lua:86: attempt to call a number value (metamethod 'close')
-- expect: false	tbc_loops_jumps_tailcalls.lua:87: attempt to call a number value (metamethod 'close')
-- expect: false	tbc_loops_jumps_tailcalls.lua:88: attempt to call a number value (metamethod 'close')
-- expect: false	tbc_loops_jumps_tailcalls.lua:89: attempt to call a number value (metamethod 'close')
-- expect: false	tbc_loops_jumps_tailcalls.lua:90: attempt to call a number value (metamethod 'close')
