// The library subset of the reference evaluator (see ReferenceEvaluator.swift).
import Foundation
import LuaBytecode

extension ReferenceEvaluator {
    func s(_ x: String) -> RValue { .str(Array(x.utf8)) }

    func installLibrary() {
        func def(_ t: RTable, _ name: String, _ fn: @escaping ([RValue]) throws -> [RValue]) {
            try? rawSet(t, s(name), .native(RNative(name, fn)))
        }
        let g = globals
        try? rawSet(g, s("_G"), .table(g))
        def(g, "print") { [unowned self] args in
            self.output += try args.map { try self.tostr($0) }.joined(separator: "\t") + "\n"
            return []
        }
        def(g, "type") { [unowned self] args in [self.s((args.first ?? .nil).typeName)] }
        def(g, "tostring") { [unowned self] args in
            guard let v = args.first else { throw self.err("bad argument #1 to 'tostring' (value expected)") }
            return [self.s(try self.tostr(v))]
        }
        def(g, "tonumber") { [unowned self] args in [self.toNumber(args.first ?? .nil) ?? .nil] }
        def(g, "rawget") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            return [self.rawGet(t, args.count > 1 ? args[1] : .nil)]
        }
        def(g, "rawset") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            try self.rawSet(t, args[1], args.count > 2 ? args[2] : .nil)
            return [args[0]]
        }
        def(g, "rawequal") { [unowned self] args in [.bool(self.rawEquals(args[0], args[1]))] }
        def(g, "rawlen") { [unowned self] args in
            guard case .table(let t) = args[0] else { return [try self.length(args[0])] }
            var n: Int64 = 0
            while t.hash[.int(n + 1)] != nil { n += 1 }
            return [.int(n)]
        }
        def(g, "setmetatable") { args in
            guard case .table(let t) = args[0] else { return [args[0]] }
            if case .table(let m) = args.count > 1 ? args[1] : .nil { t.meta = m } else { t.meta = nil }
            return [args[0]]
        }
        def(g, "getmetatable") { args in
            if case .table(let t) = args.first ?? .nil, let m = t.meta { return [.table(m)] }
            return [.nil]
        }
        def(g, "assert") { [unowned self] args in
            if !(args.first ?? .nil).truthy {
                throw RError(value: args.count > 1 ? args[1] : self.s("assertion failed!"))
            }
            return args
        }
        def(g, "error") { args in throw RError(value: args.first ?? .nil) }
        def(g, "pcall") { [unowned self] args in
            do {
                return [.bool(true)] + (try self.call(args[0], Array(args.dropFirst())))
            } catch let e as RError {
                return [.bool(false), e.value]
            }
        }
        def(g, "select") { [unowned self] args in
            if case .str(let x) = args[0], x == [UInt8(ascii: "#")] { return [.int(Int64(args.count - 1))] }
            guard let n = self.toInt(args[0]) else { throw self.err("bad argument #1 to 'select'") }
            let rest = Array(args.dropFirst())
            if n < 0 { return Array(rest.suffix(Int(-n))) }
            return n - 1 < rest.count ? Array(rest[Int(n - 1)...]) : []
        }
        def(g, "next") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            var idx = 0
            if args.count > 1, let k = try self.key(args[1]) {
                guard let at = t.order.firstIndex(of: k) else { return [.nil] }
                idx = at + 1
            }
            while idx < t.order.count {
                let k = t.order[idx]
                if let v = t.hash[k] { return [self.keyValue(k, t), v] }
                idx += 1
            }
            return [.nil]
        }
        let nextFn = rawGet(g, s("next"))
        def(g, "pairs") { args in [nextFn, args[0], .nil] }
        def(g, "ipairs") { [unowned self] args in
            let iter = RValue.native(RNative("ipairs_iter") { a in
                guard case .int(let i) = a[1] else { return [.nil] }
                let v = try self.index(a[0], .int(i + 1))
                if case .nil = v { return [.nil] }
                return [.int(i + 1), v]
            })
            return [iter, args[0], .int(0)]
        }
        let table = RTable()
        try? rawSet(g, s("table"), .table(table))
        def(table, "unpack") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            let n = args.count > 2 ? self.toInt(args[2])! : { var n: Int64 = 0; while t.hash[.int(n + 1)] != nil { n += 1 }; return n }()
            let from = args.count > 1 ? (self.toInt(args[1]) ?? 1) : 1
            if from > n { return [] }
            return (from...n).map { self.rawGet(t, .int($0)) }
        }
        def(table, "insert") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            var n: Int64 = 0
            while t.hash[.int(n + 1)] != nil { n += 1 }
            try self.rawSet(t, .int(n + 1), args[args.count - 1])
            return []
        }
        def(table, "concat") { [unowned self] args in
            guard case .table(let t) = args[0] else { throw self.err("table expected") }
            let sep = args.count > 1 ? try self.tostr(args[1]) : ""
            var parts: [String] = []
            var i: Int64 = 1
            while let v = t.hash[.int(i)] { parts.append(try self.tostr(v)); i += 1 }
            return [self.s(parts.joined(separator: sep))]
        }
        let string = RTable()
        try? rawSet(g, s("string"), .table(string))
        def(string, "rep") { [unowned self] args in
            guard case .str(let x) = args[0], let n = self.toInt(args[1]) else { throw self.err("bad rep") }
            var sep: [UInt8] = []
            if args.count > 2, case .str(let sp) = args[2] { sep = sp }
            return [.str(Array([[UInt8]](repeating: x, count: Int(max(n, 0))).joined(separator: sep)))]
        }
        def(string, "len") { args in
            guard case .str(let x) = args[0] else { return [.nil] }
            return [.int(Int64(x.count))]
        }
        def(string, "byte") { args in
            guard case .str(let x) = args[0], !x.isEmpty else { return [] }
            return [.int(Int64(x[0]))]
        }
        def(string, "format") { [unowned self] args in
            guard case .str(let f) = args[0] else { throw self.err("bad format") }
            // %d %s %g %x and %5.2f style only
            var out = ""
            var ai = 1
            var chars = Array(String(decoding: f, as: UTF8.self))
            var j = 0
            while j < chars.count {
                if chars[j] != "%" { out.append(chars[j]); j += 1; continue }
                var spec = "%"
                j += 1
                while j < chars.count, "0123456789.-".contains(chars[j]) { spec.append(chars[j]); j += 1 }
                let conv = chars[j]; j += 1
                if conv == "%" { out += "%"; continue }
                let v = ai < args.count ? args[ai] : .nil
                ai += 1
                switch conv {
                case "d": out += String(format: spec + "lld", self.toInt(v) ?? 0)
                case "x": out += String(format: spec + "llx", self.toInt(v) ?? 0)
                case "s": out += try self.tostr(v)
                default: out += String(format: spec + String(conv), self.toDouble(v) ?? 0)
                }
            }
            chars = []
            return [self.s(out)]
        }
        let math = RTable()
        try? rawSet(g, s("math"), .table(math))
        try? rawSet(math, s("huge"), .float(.infinity))
        try? rawSet(math, s("pi"), .float(Double.pi))
        try? rawSet(math, s("maxinteger"), .int(.max))
        try? rawSet(math, s("mininteger"), .int(.min))
        def(math, "floor") { [unowned self] args in
            if case .int = args[0] { return [args[0]] }
            let d = self.toDouble(args[0])!.rounded(.down)
            if let i = Int64(exactly: d) { return [.int(i)] }
            return [.float(d)]
        }
        def(math, "type") { args in
            switch args[0] {
            case .int: return [.str(Array("integer".utf8))]
            case .float: return [.str(Array("float".utf8))]
            default: return [.nil]
            }
        }
    }

    func keyValue(_ k: RKey, _ t: RTable) -> RValue {
        switch k {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let bits): return .float(Double(bitPattern: bits))
        case .str(let x): return .str(x)
        case .obj:
            return objectKeys[k] ?? .nil
        }
    }
}
