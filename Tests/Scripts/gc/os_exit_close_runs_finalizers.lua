-- os.exit(code, true) closes the state before exiting: pending finalizers run (manual §6.9).
setmetatable({}, {__gc = function() print("finalized") end})
print("bye")
os.exit(0, true)
print("not reached")
-- expect: bye
-- expect: finalized
