-- tonumber with a base accepts one leading sign, '+' or '-', after optional spaces.
print(tonumber("+1Z", 36), tonumber("+10", 2), tonumber(" -ff ", 16), tonumber("+", 10), tonumber("-+1", 10))
-- expect: 71	2	-255	nil	nil
