-- A graph of tables and closures referring to each other survives collections intact.
local nodes = {}
for i = 1, 200 do
  local node = {id = i}
  node.get = function() return node.id end
  nodes[i] = node
end
for i = 1, 200 do nodes[i].next = nodes[i % 200 + 1] end
collectgarbage()
local sum, n = 0, nodes[1]
for _ = 1, 200 do sum = sum + n.get(); n = n.next end
print(sum, n == nodes[1])
-- expect: 20100	true
