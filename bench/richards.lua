-- richards: an operating-system task scheduler simulation (idle, worker, handler and device tasks
-- exchanging packets), written with classes on metatables; measures method calls and field access.
-- Written in the Lua that LuaJIT also runs (no // or bitwise operators); prints one checksum line.
local ROUNDS = 40
local COUNT = 10000

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- Packet: a message passed between tasks.
local Packet = {}
Packet.__index = Packet
function Packet.new(link, id, kind)
  local data = {}
  for i = 1, DATA_SIZE do data[i] = 0 end
  return setmetatable({link = link, id = id, kind = kind, a1 = 0, a2 = data}, Packet)
end
function Packet:append(queue)
  self.link = nil
  if queue == nil then return self end
  local p = queue
  while p.link do p = p.link end
  p.link = self
  return queue
end

-- Task: a control block with a priority, a packet queue, state bits and a behaviour.
local Task = {}
Task.__index = Task
function Task.new(sched, id, pri, queue, behaviour)
  local t = setmetatable({
    sched = sched, id = id, pri = pri, queue = queue, behaviour = behaviour,
    held = false, waiting = queue == nil, hasPacket = queue ~= nil, link = sched.list,
  }, Task)
  sched.list = t
  sched.tasks[id] = t
  return t
end
function Task:runnable() return self.hasPacket and not self.waiting and not self.held end
function Task:blocked() return self.held or (not self.hasPacket and self.waiting) end
function Task:checkPriorityAdd(other, packet)
  if self.queue == nil then
    self.queue = packet
    self.hasPacket = true
    if self.pri > other.pri then return self end
  else
    self.queue = packet:append(self.queue)
  end
  return other
end
function Task:run()
  local packet
  if self.waiting and self.hasPacket then
    packet = self.queue
    self.queue = packet.link
    self.hasPacket = self.queue ~= nil
    self.waiting = false
  end
  return self.behaviour(self, packet)
end

-- Scheduler: runs the highest-priority runnable task until none is left.
local Scheduler = {}
Scheduler.__index = Scheduler
function Scheduler.new()
  return setmetatable({list = nil, tasks = {}, current = nil, holdCount = 0, queueCount = 0}, Scheduler)
end
function Scheduler:schedule()
  local t = self.list
  while t do
    if t:blocked() then
      t = t.link
    else
      self.current = t
      t = t:run()
    end
  end
end
function Scheduler:hold()
  self.holdCount = self.holdCount + 1
  self.current.held = true
  return self.current.link
end
function Scheduler:wait()
  self.current.waiting = true
  return self.current
end
function Scheduler:release(id)
  local t = self.tasks[id]
  t.held = false
  if t.pri > self.current.pri then return t end
  return self.current
end
function Scheduler:queue(packet)
  local t = self.tasks[packet.id]
  if t == nil then return nil end
  self.queueCount = self.queueCount + 1
  packet.link = nil
  packet.id = self.current.id
  return t:checkPriorityAdd(self.current, packet)
end

local function idle(task, _)
  local s = task.sched
  task.count = task.count - 1
  if task.count == 0 then return s:hold() end
  task.seed = (task.seed * 75 + 74) % 65537
  if task.seed % 2 == 0 then return s:release(ID_DEVICE_A) end
  return s:release(ID_DEVICE_B)
end

local function worker(task, packet)
  local s = task.sched
  if packet == nil then return s:wait() end
  task.dest = task.dest == ID_HANDLER_A and ID_HANDLER_B or ID_HANDLER_A
  packet.id = task.dest
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    task.letter = task.letter + 1
    if task.letter > 26 then task.letter = 1 end
    packet.a2[i] = task.letter
  end
  return s:queue(packet)
end

local function handler(task, packet)
  local s = task.sched
  if packet then
    if packet.kind == KIND_WORK then task.work = packet:append(task.work)
    else task.devices = packet:append(task.devices) end
  end
  local work = task.work
  if work then
    local count = work.a1
    if count < DATA_SIZE then
      local dev = task.devices
      if dev then
        task.devices = dev.link
        dev.a1 = work.a2[count + 1]
        work.a1 = count + 1
        return s:queue(dev)
      end
    else
      task.work = work.link
      return s:queue(work)
    end
  end
  return s:wait()
end

local function device(task, packet)
  local s = task.sched
  if packet == nil then
    local p = task.pending
    if p == nil then return s:wait() end
    task.pending = nil
    return s:queue(p)
  end
  task.pending = packet
  return s:hold()
end

local function run()
  local s = Scheduler.new()
  local idleTask = Task.new(s, ID_IDLE, 0, nil, idle)
  idleTask.count, idleTask.seed = COUNT, 1
  idleTask.waiting, idleTask.hasPacket = false, true
  local q = Packet.new(nil, ID_WORKER, KIND_WORK)
  q = Packet.new(q, ID_WORKER, KIND_WORK)
  local w = Task.new(s, ID_WORKER, 1000, q, worker)
  w.dest, w.letter = ID_HANDLER_A, 0
  w.waiting = true
  for _, hid in ipairs({ID_HANDLER_A, ID_HANDLER_B}) do
    local devid = hid == ID_HANDLER_A and ID_DEVICE_A or ID_DEVICE_B
    local hq = Packet.new(nil, devid, KIND_DEVICE)
    hq = Packet.new(hq, devid, KIND_DEVICE)
    hq = Packet.new(hq, devid, KIND_DEVICE)
    local h = Task.new(s, hid, hid == ID_HANDLER_A and 2000 or 3000, hq, handler)
    h.waiting = true
  end
  Task.new(s, ID_DEVICE_A, 4000, nil, device)
  Task.new(s, ID_DEVICE_B, 5000, nil, device)
  s:schedule()
  return s.queueCount, s.holdCount
end

local qsum, hsum = 0, 0
for _ = 1, ROUNDS do
  local qc, hc = run()
  qsum, hsum = qsum + qc, hsum + hc
end
print("checksum", string.format("%d %d", qsum, hsum))
