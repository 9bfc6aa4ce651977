-- Empty statements and semicolons are allowed anywhere between statements.
;;; local a = 1; ; local b = 2;
print(a + b);
-- expect: 3
do ; end
for i = 1, 1 do ; end
print(load(";") ~= nil, load("local x = 1;;") ~= nil)
-- expect: true	true
