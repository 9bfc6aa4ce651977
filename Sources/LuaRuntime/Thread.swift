// A coroutine: its own growable value stack and its chain of CallInfo records.
//
// Invariants: `stack` has `stackSize` slots, all initialised (nil above the live part after a
// collection); CallInfo records hold stack *indices*, never addresses, so growing (moving) the
// stack only needs the open upvalues fixed; `ci` is the running frame; the chain is linked
// both ways and the `next` records are kept for reuse (no allocation per call in steady state).

public enum ThreadStatus: UInt8 {
    case suspended, running, normal, dead
}

public struct CallStatus {
    public static let lua: UInt16 = 1           // a Lua frame (else native)
    public static let fresh: UInt16 = 2         // the first frame of one interpreter activation:
                                                // returning from it returns from `execute`
    public static let pcall: UInt16 = 4         // a pcall/xpcall marker frame (errors stop here)
    public static let xpcall: UInt16 = 8        // ... with a message handler in the func slot
    public static let hooked: UInt16 = 16       // this frame is calling its hook function
    public static let tailCalled: UInt16 = 32   // this frame was entered by a tail call
    public static let closing: UInt16 = 64      // running __close handlers during an unwind
    public static let mmCall: UInt16 = 128      // a Lua frame calling a metamethod for its current
                                                // instruction: that call may yield
    public static let finishOp: UInt16 = 256    // a yield left this Lua frame's current instruction
                                                // waiting for its metamethod's result
    public static let finalizer: UInt16 = 512   // the finalizer thread's base: it calls __gc
    public static let callInPlace: UInt16 = 1024 // a native finishing with a call in its place
                                                // (its wanted result count in nExtraArgs)
    public static let liveTop: UInt16 = 2048    // at a GC safe point of this (innermost) Lua
                                                // frame: registers from the thread's top up are dead
    public static let inHandler: UInt16 = 4096  // an xpcall marker whose message handler is running
    public static let catches: UInt16 = 8192    // a native that catches the errors of what it calls
                                                // (no message handler further out sees them)
    public static let leq: UInt16 = 16384       // calling __lt for `<=` (compat 5.3: not (b < a)):
                                                // the instruction's result is the negation
    public static let osrPending: UInt16 = 32768 // a loop of this frame got hot at savedPC: the
                                                // next activation of the loop asks for OSR
}

@frozen public struct CallInfo {
    public var previous: UnsafeMutablePointer<CallInfo>?
    public var next: UnsafeMutablePointer<CallInfo>?
    /// Stack index of the function slot; results are moved here on return.
    public var funcIdx: Int
    /// Stack index of register 0 (after the vararg shift for vararg functions).
    public var baseIdx: Int
    /// For Lua frames base + maxStack; for native frames the slot limit it may use freely.
    public var topIdx: Int
    /// Lua frames: the pc of the next instruction to run (saved on calls and before anything
    /// that can raise an error, so messages and tracebacks have the line).
    public var savedPC: UnsafeMutablePointer<UInt32>?
    /// Lua frames: the closure; native frames: nil.
    public var closure: UnsafeMutablePointer<LClosure>?
    /// Results wanted by the caller (-1: all).
    public var nResults: Int
    public var status: UInt16
    /// Vararg functions: how many extra arguments sit below base.
    public var nExtraArgs: Int
    /// Native frames: index of the native function (for names in messages and tracebacks).
    public var nativeIndex: Int
    /// Lua frames in a RETURN that closes variables: how many values it returns (they wait at
    /// the instruction's first register while the __close handlers run above the frame's top).
    public var nReturned: Int
}

@frozen public struct LThread {
    public var header: GCHeader
    public var stack: UnsafeMutablePointer<Value>
    public var stackSize: Int
    /// First free slot (meaningful in native frames and around calls; Lua frames use ci.topIdx).
    public var top: Int
    public var ci: UnsafeMutablePointer<CallInfo>
    /// The bottom CallInfo (a native-like base frame owning slot 0).
    public var baseCI: UnsafeMutablePointer<CallInfo>
    /// Open upvalues, sorted by stack index, highest first.
    public var openUpvals: UnsafeMutablePointer<UpVal>?
    public var status: ThreadStatus
    /// Non-yieldable nesting: >0 while a native frame that cannot be suspended is on this thread.
    public var nonYieldable: Int
    /// To-be-closed variables: stack indices, innermost last (malloc'd, grows).
    public var tbc: UnsafeMutablePointer<Int>?
    public var tbcCount: Int
    public var tbcCapacity: Int
    /// The coroutine that resumed this one (nil for the main thread / when not running).
    public var resumer: UnsafeMutablePointer<LThread>?
    /// After a yield: where the yielded values sit (stack indices [yieldFirst, top)).
    public var yieldFirst: Int
    /// The function body waiting to run (a fresh coroutine's function is at stack slot 1).
    public var started: Bool
    /// The error a coroutine died with (returned again by coroutine.close).
    public var deathError: Value
    /// Debug hook settings (Hooks.swift).
    public var hook: ThreadHooks
}
