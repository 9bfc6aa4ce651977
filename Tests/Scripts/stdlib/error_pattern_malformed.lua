-- An uncaught malformed-pattern error carries the caller's position.
local n = 0
for w in ("a b"):gmatch("[a") do n = n + 1 end
-- expect error: error_pattern_malformed.lua:3: malformed pattern (missing ']')
