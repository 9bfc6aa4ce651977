-- An uncaught error ends the script with status 1 and the message on stderr.
print("before")
-- expect: before
error("fatal problem")
print("after")
-- expect error: error_uncaught_string.lua:4: fatal problem
