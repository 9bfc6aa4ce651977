// Tier marks: which tier runs each nested activation on the native stack, so that the sampling
// profiler can tell, for every Lua frame of a sample, whether it is running (or waiting in a call
// made from) compiled code or the interpreter.
//
// A frame's tier is not in its CallInfo: compiled code keeps the interpreter's frame layout, and
// a direct call between compiled functions pushes the callee's CallInfo from machine code. What
// changes the tier of the frames above a point is always one of a few Swift entry points, and each
// pushes a mark (the CallInfo where the change happens, and the tier from there up) and pops it
// when it returns or unwinds:
//  - `Interpreter.execute`: an activation of the interpreter, its boundary frame and every frame
//    its loop pushes (Lua-to-Lua calls stay in the loop) are interpreted;
//  - `runCompiled` and the call helper's `compiledLuaCall`: the frame entered and every frame its
//    machine code pushes by direct calls are compiled;
//  - `calleeRan`: a compiled callee that exited goes on interpreted, in that helper's activation.
// So a frame's tier is the tier of the innermost mark at or below it (walking from the running
// frame down, a mark is passed once its CallInfo has been). A mark may sit on a record just above
// the running frame: an activation whose boundary frame a tail call is replacing, at the entry
// check between the pop and the push; the walk passes those first. The running frame's own tier
// is known exactly by whoever takes the sample (the interpreter's slow path, or compiled code's).
//
// Invariants: pushes and pops pair on every path (defer where the code between can throw); the
// marks of a coroutine lie above those of the thread that resumed it (resumes nest on the native
// stack); `count` may exceed the capacity (marks past it are counted, not stored), so push and pop
// stay one store and one add each.

public enum FrameTier: UInt8, Sendable {
    case interpreted = 0, compiled = 1, native = 2
}

@frozen public struct TierMarks {
    @frozen public struct Mark {
        public var ci: UnsafeMutablePointer<CallInfo>
        public var tier: FrameTier
        @inlinable public init(ci: UnsafeMutablePointer<CallInfo>, tier: FrameTier) { self.ci = ci; self.tier = tier }
    }
    @usableFromInline let marks: UnsafeMutablePointer<Mark>
    @usableFromInline var count = 0

    init() { marks = .allocate(capacity: Limits.maxTierMarks) }
    func free() { marks.deallocate() }

    /// From `ci` up, frames run in `tier` (until a mark above says otherwise).
    @inlinable @inline(__always)
    public mutating func push(_ ci: UnsafeMutablePointer<CallInfo>, _ tier: FrameTier) {
        if count < Limits.maxTierMarks { marks[count] = Mark(ci: ci, tier: tier) }
        count &+= 1
    }

    @inlinable @inline(__always)
    public mutating func pop() {
        assert(count > 0, "a tier mark popped that was never pushed")
        count &-= 1
    }

    /// A walk down the frames from the running one: `tier(of:)` for each frame in order.
    struct Walk {
        let marks: UnsafeMutablePointer<Mark>
        var k: Int
        /// `running`: the running thread's top frame. Marks on the records just above it are
        /// passed: an activation whose boundary frame is being replaced (a tail call between its
        /// pop and the push, at the entry check in between) or not pushed yet.
        init(_ m: TierMarks, running: UnsafeMutablePointer<CallInfo>) {
            marks = m.marks
            k = min(m.count, Limits.maxTierMarks) - 1
            while k >= 0 && Self.isAbove(marks[k].ci, running) { k -= 1 }
        }

        /// Whether `ci` is one of the few CallInfo records above `top` (kept for reuse).
        static func isAbove(_ ci: UnsafeMutablePointer<CallInfo>, _ top: UnsafeMutablePointer<CallInfo>) -> Bool {
            var c = top.pointee.next
            for _ in 0..<Limits.tierMarkLookAbove {
                guard let x = c else { return false }
                if x == ci { return true }
                c = x.pointee.next
            }
            return false
        }

        /// The tier of `ci`, the next frame down; marks at `ci` are passed.
        mutating func tier(of ci: UnsafeMutablePointer<CallInfo>) -> FrameTier {
            guard k >= 0 else { return .interpreted }  // below every activation: the embedder's
            let t = marks[k].tier
            while k >= 0 && marks[k].ci == ci { k -= 1 }
            return t
        }
    }
}
