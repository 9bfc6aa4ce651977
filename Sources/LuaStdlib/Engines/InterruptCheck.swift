// InterruptCheck: the hook long-running engine loops call so Ctrl-C can stop them, without a
// heap allocation per library call.
//
// Invariants: the source is held unowned(unsafe), so an InterruptCheck is two plain words that
// copy without reference counting (engines keep it in structs they pass around freely); the
// caller keeps the source alive for the whole engine call.

/// What an engine asks whether to stop: the VM, or a test double.
public protocol InterruptSource: AnyObject {
    /// Throws when the engine must stop (an interrupt is pending).
    func checkInterrupt() throws
}

public struct InterruptCheck {
    unowned(unsafe) let source: (any InterruptSource)?

    public init(_ source: any InterruptSource) { self.source = source }

    init() { source = nil }

    /// A hook that never interrupts (tests, engines used outside a VM).
    public static var none: InterruptCheck { InterruptCheck() }

    @inline(__always) public func callAsFunction() throws {
        if let s = source { try s.checkInterrupt() }
    }
}

/// A hook built from a closure (tests).
public final class ClosureInterrupt: InterruptSource {
    let body: () throws -> Void
    public init(_ body: @escaping () throws -> Void) { self.body = body }
    public func checkInterrupt() throws { try body() }
    public var hook: InterruptCheck { InterruptCheck(self) }
}
