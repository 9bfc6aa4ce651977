// ValueMap: a map keyed by ValueID, stored as an array indexed by the value's number.
//
// A function's values are numbered densely from 0 (`IRFunction.valueTypes`), so the maps the
// builder and the passes keep over a whole function (the instruction defining each value, the
// replacements a pass makes, the register a value was loaded from) fit an array the size of the
// function's values. Lookups index it instead of hashing: with Dictionary, hashing ValueIDs was
// about a fifth of compile time (SipHash over each key; measured with perf on bench/nbody's
// `advance`, compiled 400 times).
//
// Invariants: `count` is the number of keys with a value; iteration and `keys` go in increasing
// value order (deterministic, unlike a Dictionary's); storage grows to the largest key set, so a
// map meant for a few keys among many values (one block's) is better a Dictionary.
public struct ValueMap<Value>: ExpressibleByDictionaryLiteral, Sequence {
    private var slots: [Value?] = []
    public private(set) var count = 0

    public init() {}

    /// Room for keys below `capacity` without growing.
    public init(capacity: Int) { slots = Array(repeating: nil, count: capacity) }

    public init(dictionaryLiteral elements: (ValueID, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public subscript(key: ValueID) -> Value? {
        get { key.index < slots.count ? slots[key.index] : nil }
        set {
            let i = key.index
            if i >= slots.count {
                if newValue == nil { return }
                slots.append(contentsOf: repeatElement(nil, count: i + 1 - slots.count))
            }
            switch (slots[i] == nil, newValue == nil) {
            case (true, false): count += 1
            case (false, true): count -= 1
            default: break
            }
            slots[i] = newValue
        }
    }

    public subscript(key: ValueID, default fallback: @autoclosure () -> Value) -> Value {
        get { self[key] ?? fallback() }
        set { self[key] = newValue }
    }

    public var isEmpty: Bool { count == 0 }

    @discardableResult
    public mutating func removeValue(forKey key: ValueID) -> Value? {
        let old = self[key]
        self[key] = nil
        return old
    }

    /// The keys with a value, in increasing order.
    public var keys: [ValueID] { map(\.key) }

    public func makeIterator() -> AnyIterator<(key: ValueID, value: Value)> {
        var i = 0
        let slots = self.slots
        return AnyIterator {
            while i < slots.count {
                defer { i += 1 }
                if let v = slots[i] { return (ValueID(i), v) }
            }
            return nil
        }
    }
}
