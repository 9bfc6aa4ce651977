-- package.searchpath tries every ';'-separated template, empty ones included, and its message
-- names each of them; an empty path gives one empty name.
print(package.searchpath("m", "a/?.x;;b/?"))
-- expect: nil	no file 'a/m.x'
-- expect: 	no file ''
-- expect: 	no file 'b/m'
print(package.searchpath("m", "?.none;"))
-- expect: nil	no file 'm.none'
-- expect: 	no file ''
print(package.searchpath("m", ""))
-- expect: nil	no file ''
print(package.searchpath("a.b", "%?%;x"))
-- expect: nil	no file '%a/b%'
-- expect: 	no file 'x'
