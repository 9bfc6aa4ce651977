-- debug.getlocal/setlocal with negative indices reach a vararg function's extra arguments
-- ("(vararg)"); temporaries stop below the slot of the function the frame is calling.
local function va(a, ...)
  print(debug.getlocal(1, -1))
  print(debug.getlocal(1, -2))
  print(debug.getlocal(1, -3))
  print(debug.setlocal(1, -2, "two"), (select(2, ...)))
  ;(function() print(debug.setlocal(2, -1, "one")) end)()
  print(...)
end
va(0, 10, 20)
-- expect: (vararg)	10
-- expect: (vararg)	20
-- expect: nil
-- expect: (vararg)	two
-- expect: (vararg)
-- expect: one	two
local function fixed(a) print(debug.getlocal(1, -1)) end
fixed(1, 2)
-- expect: nil

-- The caller sees its named locals and the pending operand, not the callee's own slot.
local function callee()
  print(debug.getlocal(2, 1), debug.getlocal(2, 2))
  print(debug.getlocal(2, 3))
  print(debug.getlocal(2, 4))
  return 20
end
local function caller(x, y) return (x + 1) + callee() end
print(caller(5, 6))
-- expect: x	y	6
-- expect: (temporary)	6
-- expect: nil
-- expect: 26

-- A suspended coroutine: only its live locals, not the slots of the yield call.
local co = coroutine.create(function(p) local a, b = coroutine.yield(p) return a end)
coroutine.resume(co, 7)
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 3, 1))
-- expect: p	7
-- expect: nil
-- expect: nil
