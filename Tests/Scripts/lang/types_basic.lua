-- type() of every basic value kind.
print(type(nil), type(true), type(false))
-- expect: nil	boolean	boolean
print(type(1), type(1.5), type("s"), type({}), type(print), type(function() end))
-- expect: number	number	string	table	function	function
print(type(coroutine.create(function() end)))
-- expect: thread
print(type(type))
-- expect: function
