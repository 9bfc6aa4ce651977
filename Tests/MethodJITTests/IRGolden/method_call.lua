-- A method call: SELF with a constant name is a field load (the method) on the receiver,
-- guarded as a table once, which also becomes the call's self argument; the call is generic.
-- feedback: 3=function 5=int
local function f(o, n) return o:step(n) + o.count end
