-- Only nil and false are false; 0 and "" are true.
local function t(v) if v then return "T" else return "F" end end
print(t(nil), t(false), t(0), t(""), t(0.0), t({}), t(true))
-- expect: F	F	T	T	T	T	T
print(not nil, not 0, not not nil)
-- expect: true	false	false
