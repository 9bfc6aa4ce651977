#!/usr/bin/env lua
-- A first line starting with # is skipped.
print("after shebang")
-- expect: after shebang
