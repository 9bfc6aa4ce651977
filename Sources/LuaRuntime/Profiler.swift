// The sampling profiler: a timer thread posts VMSTATE_REQUEST_SAMPLE through the limit word
// (ARCHITECTURE.md §5), and the check that takes it records the running thread's stack here,
// then the program goes on. Interpreted code and natives take the tick in `serviceRequests`;
// compiled code takes it in its check's out-of-line slow path (`VM.compiledLimitCheck`) without
// leaving the machine code.
//
// What a sample holds: the frames of the running coroutine from the running one down, then those
// of the coroutines that resumed it, each as (function, line, tier). Lua frames give their proto
// and the line of their current instruction (the running frame's: the instruction whose check
// took the tick, a call or a loop's back-edge or header; the frames below: the call they wait
// in); natives give their entry in the VM's table of natives. The running frame's tier is exact
// (which slow path took the tick); the tier of each frame below comes from the tier marks
// (TierMarks.swift). A tick taken by a function entry's check (the interpreter makes it before
// the callee's frame exists, for its own calls and for compiled code's calls it makes through the
// call helper) is the callee's: its first line, in the tier it is about to run in (`entering`).
//
// Samples are interned in a tree of frames (root first), one node per distinct (parent, function,
// line, tier), each counting the samples whose running frame it was; the path of the previous
// sample is kept, so a sample that shares its bottom frames with the last one looks up only the
// frames above where they part.
//
// Invariants: a sample allocates nothing on the Lua heap and runs no Lua code (names come from
// debug info, once per function, when it is first seen); functions are keyed by the proto's
// address only while the proto lives (`protoFreed` forgets the key, so a proto allocated later
// at the same address is a new function); at most `Limits.maxProfiledStackDepth` frames per
// sample, deeper ones become one "(deeper frames)" root; the profiler is used on the VM's thread
// only (the timer thread touches only VMState, through vmstate_request).
import CSigint
import LuaBytecode

public final class Profiler {
    /// A function seen in the samples.
    public struct Function: Sendable {
        /// How its caller named it ("fib", "insert", "string.rep"), else its name as a global or
        /// module field (a tail call), "main chunk", or "?" when nothing names it.
        public var name: String
        /// The chunk id ("fib.lua", `[string "..."]`), empty for natives.
        public var chunk: String
        public var lineDefined: Int
        public var isNative: Bool
    }

    /// One frame of the stack tree, under its parent (index 0 is the root, no frame).
    public struct Node: Sendable {
        public var parent: Int32
        public var function: Int32
        /// The frame's current line (0: none, a native or stripped code).
        public var line: Int32
        public var tier: FrameTier
        /// Samples whose running frame this was.
        public var selfSamples: Int
    }

    public let intervalMicroseconds: Int
    public private(set) var functions: [Function] = []
    public private(set) var nodes = [Node(parent: -1, function: -1, line: 0, tier: .interpreted, selfSamples: 0)]
    /// Ticks taken (a tick that arrives while another waits is one sample).
    public private(set) var samples = 0
    /// Ticks the timer posted.
    public var ticks: Int { timer?.ticks ?? ticksAtStop }
    /// Time spent recording samples (the walk and the interning, measured around each), and the
    /// time the profiler ran: its own cost, which the report states.
    public private(set) var samplingNanoseconds = 0
    public var runNanoseconds: Int { (stoppedAt ?? SampleTimer.now()) - startedAt }
    /// The timer thread's CPU time (known once it stopped): the rest of the profiler's cost, on
    /// another core when there is one.
    public internal(set) var timerCPUNanoseconds = 0
    let startedAt = SampleTimer.now()
    var stoppedAt: Int?

    /// A frame as the walk finds it; `key` is the proto's address, a native's index as
    /// `index << 1 | 1`, or 0 for the "(deeper frames)" root.
    struct Frame: Equatable {
        var key: UInt
        var line: Int32
        var tier: FrameTier
    }
    struct ChildKey: Hashable {
        var parent: Int32, function: Int32, line: Int32, tier: FrameTier
    }

    var functionIndex: [UInt: Int32] = [:]
    /// Functions named only by the fallback ("?"): named again when a later sample shows a caller.
    var unnamed: Set<Int32> = []
    var children: [ChildKey: Int32] = [:]
    /// This sample's frames, running frame first, and where each comes from (to name a function
    /// seen for the first time): the frame of its caller (nil: none, or a tail call) and, for a
    /// Lua function, its closure.
    var frames: [Frame] = []
    var origins: [(caller: UnsafeMutablePointer<CallInfo>?, closure: UnsafeMutablePointer<LClosure>?)] = []
    /// The previous sample's path, root first: each frame and its node.
    var lastPath: [(frame: Frame, node: Int32)] = []
    var timer: SampleTimer?
    var ticksAtStop = 0
    /// Set by the interpreter's entry check while it serves requests: the closure being called,
    /// whose frame is not pushed yet. A tick taken there is that function's, at its first line,
    /// in the tier it is about to run in (compiled when it has code and is hot enough to enter it).
    public var entering: UnsafeMutablePointer<LClosure>?

    init(intervalMicroseconds: Int) {
        self.intervalMicroseconds = intervalMicroseconds
        frames.reserveCapacity(Limits.maxProfiledStackDepth + 1)
        origins.reserveCapacity(Limits.maxProfiledStackDepth + 1)
    }

    /// Record the running thread's stack. `compiledPC`: the tick was taken by compiled code's
    /// check at that pc of the running frame; nil: by the interpreter's (or a native's) check.
    public func sample(_ vm: VM, compiledPC: Int?) {
        let t0 = SampleTimer.now()
        defer { samplingNanoseconds += SampleTimer.now() - t0 }
        samples += 1
        frames.removeAll(keepingCapacity: true)
        origins.removeAll(keepingCapacity: true)
        var th = vm.current!
        var marks = TierMarks.Walk(vm.tierMarks, running: th.pointee.ci)
        var ci = th.pointee.ci
        var running = true
        if let cl = entering {
            entering = nil
            let p = cl.pointee.proto
            let hot = p.pointee.jitEntry != nil && p.pointee.callCount &+ 1 >= p.pointee.tierUpAt
            frames.append(Frame(key: UInt(bitPattern: p), line: max(p.pointee.lines[0], 0), tier: hot ? .compiled : .interpreted))
            origins.append((ci, cl))
            running = false  // the caller's frame below takes its tier from the marks
        }
        walk: while true {
            while ci != th.pointee.baseCI {
                if frames.count == Limits.maxProfiledStackDepth {
                    frames.append(Frame(key: 0, line: 0, tier: .interpreted))
                    origins.append((nil, nil))
                    break walk
                }
                let markTier = marks.tier(of: ci)
                if let cl = ci.pointee.closure {
                    let p = cl.pointee.proto
                    let pc: Int
                    if running, let compiledPC {
                        pc = min(compiledPC, p.pointee.codeCount - 1)  // the check's (or call's) pc
                    } else {
                        pc = vm.currentPC(ci)  // the instruction in progress: a call, a back-edge
                    }
                    let line = pc >= 0 && pc < p.pointee.codeCount ? p.pointee.lines[pc] : 0
                    let tier: FrameTier = running ? (compiledPC == nil ? .interpreted : .compiled) : markTier
                    frames.append(Frame(key: UInt(bitPattern: p), line: max(line, 0), tier: tier))
                } else if ci.pointee.previous == th.pointee.baseCI && th == vm.mainThread {
                    // The embedding's entry (the native every call from Swift starts from): not shown.
                    break walk
                } else {
                    frames.append(Frame(key: UInt(bitPattern: ci.pointee.nativeIndex) << 1 | 1, line: 0, tier: .native))
                }
                origins.append((ci.pointee.status & CallStatus.tailCalled != 0 ? nil : ci.pointee.previous, ci.pointee.closure))
                running = false
                ci = ci.pointee.previous.unsafelyUnwrapped
            }
            guard let r = th.pointee.resumer else { break }
            th = r
            ci = r.pointee.ci
        }
        record(vm)
    }

    /// Intern this sample's frames (root first) and count it at its running frame's node.
    func record(_ vm: VM) {
        var node: Int32 = 0
        var shared = true
        let n = frames.count
        for d in 0..<n {
            let k = n - 1 - d
            if shared, d < lastPath.count, lastPath[d].frame == frames[k] { node = lastPath[d].node; continue }
            if shared { shared = false; lastPath.removeSubrange(d...) }
            node = child(of: node, vm, k)
            lastPath.append((frames[k], node))
        }
        if shared && lastPath.count > n { lastPath.removeSubrange(n...) }
        nodes[Int(node)].selfSamples += 1
    }

    func child(of parent: Int32, _ vm: VM, _ k: Int) -> Int32 {
        let f = frames[k]
        let fn = function(vm, f, origins[k])
        let key = ChildKey(parent: parent, function: fn, line: f.line, tier: f.tier)
        if let c = children[key] { return c }
        let c = Int32(nodes.count)
        nodes.append(Node(parent: parent, function: fn, line: f.line, tier: f.tier, selfSamples: 0))
        children[key] = c
        return c
    }

    /// The function of frame `f`, described the first time it is seen.
    func function(_ vm: VM, _ f: Frame,
                  _ origin: (caller: UnsafeMutablePointer<CallInfo>?, closure: UnsafeMutablePointer<LClosure>?)) -> Int32 {
        if let i = functionIndex[f.key] {
            if !unnamed.isEmpty, unnamed.contains(i), let name = Self.callerName(vm, origin.caller) {
                functions[Int(i)].name = name
                unnamed.remove(i)
            }
            return i
        }
        let i = Int32(functions.count)
        functionIndex[f.key] = i
        var name: String?
        if f.key == 0 {
            functions.append(Function(name: "(deeper frames)", chunk: "", lineDefined: 0, isNative: false))
        } else if let cl = origin.closure {
            let info = vm.protoInfo(of: cl.pointee.proto)
            // A tail-called function has no caller's instruction to name it: a global's name then.
            name = info.lineDefined == 0 ? "main chunk"
                : Self.callerName(vm, origin.caller) ?? vm.globalFunctionName(Value.object(UnsafeMutableRawPointer(cl), Tag.luaClosure))
            functions.append(Function(name: name ?? "?", chunk: VM.chunkID(info.source), lineDefined: info.lineDefined, isNative: false))
        } else {
            let index = Int(bitPattern: f.key) >> 1
            name = index >= 0 && vm.natives[index].isLibrary ? vm.natives[index].name : Self.callerName(vm, origin.caller)
            functions.append(Function(name: name ?? "?", chunk: "", lineDefined: 0, isNative: true))
        }
        if name == nil && f.key != 0 { unnamed.insert(i) }
        return i
    }

    /// The name the instruction of frame `caller` gives the function it calls (lua's
    /// getfuncname): "fib" for a global or local, "__index" for a metamethod; nil when none does.
    static func callerName(_ vm: VM, _ caller: UnsafeMutablePointer<CallInfo>?) -> String? {
        guard let caller, let (kind, name) = vm.funcNameFromCall(caller) else { return nil }
        return kind == "metamethod" ? "__" + name : name
    }

    /// The collector freed `p`: its address may be reused by another proto, a new function.
    func protoFreed(_ p: UnsafeMutablePointer<Proto>) {
        if functionIndex.removeValue(forKey: UInt(bitPattern: p)) != nil { lastPath.removeAll() }
    }
}

extension VM {
    /// Start sampling this VM every `intervalMicroseconds` (a timer thread posts the ticks).
    /// A profiler already running is stopped first and its samples dropped.
    @discardableResult
    public func startProfiler(intervalMicroseconds: Int = Limits.defaultSampleIntervalMicroseconds) -> Profiler {
        _ = stopProfiler()
        let p = Profiler(intervalMicroseconds: max(1, intervalMicroseconds))
        profiler = p
        p.timer = SampleTimer(state: state, intervalMicroseconds: p.intervalMicroseconds)
        return p
    }

    /// Stop the timer (its thread is joined before this returns) and hand back the samples.
    public func stopProfiler() -> Profiler? {
        guard let p = profiler else { return nil }
        if let t = p.timer {
            t.stop()
            p.ticksAtStop = t.ticks
            p.timerCPUNanoseconds = t.cpuNanoseconds
            p.timer = nil
            p.stoppedAt = SampleTimer.now()
        }
        profiler = nil
        return p
    }

    /// The slow path of compiled code's limit check (the backend's Lowering+LimitCheck.swift),
    /// with the VM and the check's pc: a profiler tick is recorded with the running frame in
    /// compiled code and the limit restored, and the code compares again (answer 0); anything
    /// else (a stack overflow at an entry, any other request) exits as the check always did
    /// (answer 1), the other bits posted again for the interpreter to serve after the exit.
    public static let compiledLimitCheck: @convention(c) (UnsafeMutableRawPointer, Int64) -> Int64 = { vmPointer, pc in
        // A borrowed reference: no retain and release of the VM per check.
        Unmanaged<VM>.fromOpaque(vmPointer)._withUnsafeGuaranteedRef { vm -> Int64 in
            let sample = UInt32(VMSTATE_REQUEST_SAMPLE)
            guard vmstate_pending(vm.state) & sample != 0 else { return 1 }
            let bits = vmstate_take_pending(vm.state)
            if bits & sample != 0 { vm.profiler?.sample(vm, compiledPC: Int(pc)) }
            let others = bits & ~sample
            if others != 0 {
                vmstate_request(vm.state, others)
                return 1
            }
            vmstate_restore_limit(vm.state)
            return 0
        }
    }
}
