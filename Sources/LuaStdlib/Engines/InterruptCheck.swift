// InterruptCheck: the hook long-running engine loops call so Ctrl-C can stop them, without a
// heap allocation per library call.
//
// Invariants: `check` is a non-capturing function (stored without a context); `target` is the
// object it is applied to, kept alive by the caller for the whole engine call.

public struct InterruptCheck {
    let target: Unmanaged<AnyObject>?
    let check: (Unmanaged<AnyObject>) throws -> Void

    public init(target: AnyObject, check: @escaping (Unmanaged<AnyObject>) throws -> Void) {
        self.target = Unmanaged.passUnretained(target)
        self.check = check
    }

    init() {
        target = nil
        check = { _ in }
    }

    /// A hook that never interrupts (tests, engines used outside a VM).
    public static var none: InterruptCheck { InterruptCheck() }

    @inline(__always) public func callAsFunction() throws {
        if let t = target { try check(t) }
    }
}

/// A hook built from a closure (tests).
public final class ClosureInterrupt {
    let body: () throws -> Void
    public init(_ body: @escaping () throws -> Void) { self.body = body }
    public var hook: InterruptCheck {
        InterruptCheck(target: self) { try unsafeDowncast($0.takeUnretainedValue(), to: ClosureInterrupt.self).body() }
    }
}
