-- Global variables live in _ENV / _G.
gx = 5
print(gx, _G.gx, _ENV.gx, rawget(_G, "gx"))
-- expect: 5	5	5	5
_G.gy = "y"
print(gy)
-- expect: y
gx = nil
print(gx, rawget(_G, "gx"))
-- expect: nil	nil
print(_G._G == _G, _ENV == _G)
-- expect: true	true
