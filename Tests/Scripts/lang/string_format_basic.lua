-- string.format for the common specifiers.
print(string.format("%d %5d %-5d| %05d", 42, 42, 42, 42))
-- expect: 42    42 42   | 00042
print(string.format("%s %10s %-4s|", "x", "right", "ab"))
-- expect: x      right ab  |
print(string.format("%.3f %g %g %g", 3.14159, 1e20, 0.1, 100))
-- expect: 3.142 1e+20 0.1 100
print(string.format("%x %X %o %%", 255, 255, 8))
-- expect: ff FF 10 %
print(string.format("%5.1f|%-8.2e|", 2.25, 12345.678))
-- expect:   2.2|1.23e+04|
