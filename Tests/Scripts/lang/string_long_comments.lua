-- Long comments of any level, and comments that look like code.
local x = 1 --[[ x = 2 ]] + 1
--[==[
x = 100
]] still comment
]==]
print(x)
-- expect: 2
--[[ ]] print("after short long comment")
-- expect: after short long comment
---[[ this is a line comment
print("active")
--]]
-- expect: active
