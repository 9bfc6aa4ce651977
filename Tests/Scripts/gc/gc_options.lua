-- collectgarbage options: results and types.
print(type(collectgarbage("step")))
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
print(collectgarbage("restart"), collectgarbage("isrunning"))
print(collectgarbage("collect"), collectgarbage())
print(type(collectgarbage("setpause", 200)), type(collectgarbage("setstepmul", 100)))
print(collectgarbage("incremental"))
print(collectgarbage("incremental"))
print(collectgarbage("generational"))
print(pcall(collectgarbage, "bogus"))
-- expect: boolean
-- expect: true
-- expect: 0	false
-- expect: 0	true
-- expect: 0	0
-- expect: number	number
-- expect: generational
-- expect: incremental
-- expect: incremental
-- expect: false	bad argument #1 to 'collectgarbage' (invalid option 'bogus')
