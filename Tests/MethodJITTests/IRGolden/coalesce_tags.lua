-- Guard coalescing of type guards: the tags of the three parameters, read first in the entry
-- block, are checked by one checkTags; the fast copy unboxes them, the slow copy keeps the three
-- guards (b's exits at pc 2 with x in r3, c's at pc 4 with x + y in r5).
-- feedback: 1=int 2=int 3=int 4=int
local function f(a, b, c) local x = a + 1 local y = b * 2 return x + y + c end
