-- goto errors: missing label, jumping into the scope of a local, duplicate label.
print(load("goto nowhere"))
-- expect: nil	[string "goto nowhere"]:1: no visible label 'nowhere' for <goto> at line 1
print(load("goto l; local a; ::l:: print(a)"))
-- expect: nil	[string "goto l; local a; ::l:: print(a)"]:1: <goto l> at line 1 jumps into the scope of local 'a'
print(load("::a:: ::a::"))
-- expect: nil	[string "::a:: ::a::"]:1: label 'a' already defined on line 1
print(load("do ::a:: end goto a"))
-- expect: nil	[string "do ::a:: end goto a"]:1: no visible label 'a' for <goto> at line 1
print(load("goto l; local a; ::l::") ~= nil)
-- expect: true
