-- goto can leave nested loops.
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto done end
  end
end
::done::
print("out")
-- expect: out
do
  goto skip
  print("skipped")
  ::skip::
end
print("end")
-- expect: end
