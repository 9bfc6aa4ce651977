// The call table of native functions: unmanaged boxes in a raw buffer, so calling a native costs
// no retain/release of the closure and no Array bounds or uniqueness check.
//
// Invariants: entry i holds the function of `VM.natives[i]` (appended together in `newNative`);
// every box is retained once by the table and released only when the VM goes away, so a box is
// alive for as long as anyone can call it. The table only grows.

public final class NativeBox {
    public let fn: NativeFunction
    @usableFromInline init(_ fn: @escaping NativeFunction) { self.fn = fn }
}

@usableFromInline struct NativeBoxTable {
    @usableFromInline private(set) var base: UnsafeMutablePointer<Unmanaged<NativeBox>>? = nil
    @usableFromInline private(set) var count = 0
    private var capacity = 0

    mutating func append(_ fn: @escaping NativeFunction) {
        if count == capacity {
            let newCap = max(256, capacity * 2)
            let nb = UnsafeMutablePointer<Unmanaged<NativeBox>>.allocate(capacity: newCap)
            if let old = base {
                nb.moveInitialize(from: old, count: count)
                old.deallocate()
            }
            base = nb
            capacity = newCap
        }
        (base.unsafelyUnwrapped + count).initialize(to: Unmanaged.passRetained(NativeBox(fn)))
        count += 1
    }

    mutating func releaseAll() {
        guard let b = base else { return }
        for i in 0..<count { b[i].release() }
        b.deallocate()
        base = nil; count = 0; capacity = 0
    }
}

extension VM {
    /// Call native function `index` with `args`: the box is borrowed, not retained (the table
    /// keeps it alive), and the error keeps its type.
    @inlinable @inline(__always)
    public func invokeNative(_ index: Int, _ args: Args) throws(VMError) -> Int {
        assert(index >= 0 && index < nativeBoxes.count, "native index out of range")
        let r: Result<Int, VMError> = nativeBoxes.base.unsafelyUnwrapped[index]._withUnsafeGuaranteedRef { box in
            do throws(VMError) { return .success(try box.fn(args)) } catch { return .failure(error) }
        }
        return try r.get()
    }
}
