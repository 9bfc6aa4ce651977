// JITFuzzPrograms: a seeded generator of random, well-formed, terminating Lua programs aimed at the
// method JIT (numeric loops of every kind, types changing mid-loop, overflow, division by zero,
// edge numbers, calls and recursion, upvalues, tables and metatables appearing mid-loop, globals
// redefined, errors and coroutine yields inside loops, string coercions), for the differential test.
//
// Invariants: the same seed gives the same program (SplitMix64 only). Every program terminates
// quickly in every mode: each loop body starts by spending one unit of its function's `fuel` local
// (and breaks when it is gone), functions call only leaf functions or a recursion whose depth
// argument is always reduced modulo 7, and the driver's coroutine resumes are counted. Every
// program prints what it computes through `out` (floats as %.17g with an "f" suffix, integers with
// %d, strings quoted), and runs every function under pcall, except sometimes one last unprotected
// call (so the exit status and the first stderr line are compared too). "Pure" functions (about
// half) use only their parameters and locals, so they compile with today's numeric JIT subset;
// "rich" ones reach upvalues, tables, globals, metatables, pcall and coroutines.
import TestSupport

struct JITFuzzPrograms {
    private var rng: SplitMix64
    private var labels = 0
    private var loopVars: [String] = []
    private var loopDepth = 0
    private var rich = false
    /// Small integer literals and variables only (no constants from the constant table, no `^`):
    /// the code that compiles with today's smallest JIT subset.
    private var plain = false
    private var canCallG = false
    private var vars: [String] = []

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let prelude = """
        local fmt, mtype, type, tostring, select, print, concat = string.format, math.type, type, tostring, select, print, table.concat
        local function show(v)
          local t = mtype(v)
          -- A NaN's sign is not Lua's to define: which NaN an operation on two NaNs keeps depends on
          -- the operand order a compiler picks (Swift's for the interpreter, ours for compiled code).
          if t == "float" then return v ~= v and "nanf" or fmt("%.17g", v) .. "f" end
          if t == "integer" then return fmt("%d", v) end
          t = type(v)
          if t == "table" then return "table#" .. rawlen(v) end
          if t == "string" then return fmt("%q", v) end
          if t == "function" or t == "thread" or t == "userdata" then return t end
          return tostring(v)
        end
        local function out(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = show((select(i, ...))) end
          print(concat(parts, " "))
        end
        -- Prints from inside loops share one budget (each print allocates: --gc-stress pays per line).
        local budget = 150
        local function note(...) if budget > 0 then budget = budget - 1 out(...) end end
        local vm = (function() local ok, m = pcall(require, "vmrepl") return ok and m or { flush = function() end, deopt = function() end } end)()
        -- Dropping compiled code makes the next back-edge compile again: a few times per program.
        local drops = 12
        local function num(v) return mtype(v) and v or (type(v) == "string" and #v) or 3 end
        local MT = {}
        MT.__add = function(p, q) return num(p) + num(q) end
        MT.__sub = function(p, q) return num(p) - num(q) end
        MT.__mul = function(p, q) return num(p) * num(q) end
        MT.__unm = function(p) return -7 end
        MT.__lt = function(p, q) return num(p) < num(q) end
        MT.__le = function(p, q) return num(p) <= num(q) end
        MT.__index = function(t, k) return mtype(k) and k * 2 or 5 end
        MT.__newindex = function(t, k, v) rawset(t, k, v) end
        local U1, U2, U3 = 0, 1.5, 7
        local T = {1, 2, 3, 4, x = 0}
        -- A dictionary indexed by string keys held in variables, and a string for s:byte().
        local D, KS, SS = {}, {"alpha", "beta", "x", "gamma"}, "hello, world"
        G1, G2 = 5, 2.5
        function GF(n) return n end
        -- Callees for the functions' `g` that raise, yield, return nothing or two values.
        local function EG(p, q) if p == 3 or q == 3 then error("EG " .. show(p)) end return p end
        local function YG(p, q) if coroutine.isyieldable() then local r = coroutine.yield(p) if mtype(r) then return r end end return 1 end
        local function NG(p, q) end
        local function FG(p, q) return 0.5, p end

        """

    static let smallInts = ["0", "1", "2", "3", "-1", "7", "10", "-5", "100", "255"]
    static let floats = ["0.5", "1.5", "-2.25", "0.1", "3.0", "1e-3", "-0.0", "2.5"]
    static let edges = ["0x7fffffffffffffff", "0x8000000000000000", "9007199254740993", "9007199254740992",
                        "2^53", "2^63", "-2^63", "-0.0", "(1/0)", "(-1/0)", "(0/0)", "1e308", "4503599627370496.5",
                        "0x7ffffffffffffffe", "(2^53 + 1)", "-9007199254740993", "0.0"]
    static let intLoops = ["1, 10", "1, 10, 2", "10, 1, -1", "10, 1, -3", "0, 0", "5, 1", "-3, 3", "1, 3.5",
                           "1, 1e300", "0x7ffffffffffffffc, 0x7fffffffffffffff", "0x8000000000000003, 0x8000000000000000, -1",
                           "1, 0x7fffffffffffffff, 0x4000000000000000", "0x8000000000000000, 0x8000000000000002",
                           "1, 3, 0", "-1, -12, -2", "1, 0x7fffffffffffffff", "3, 1", "1, 6"]
    static let plainLoops = ["1, 10", "1, 10, 2", "10, 1, -1", "10, 1, -3", "0, 0", "5, 1", "-3, 3", "1, 3, 0", "1, 6", "3, 1"]
    static let floatLoops = ["0.5, 4, 0.75", "3.0, -1, -0.5", "1, 2, 0.125", "0, 1, 0.1", "-0.0, 2", "1, 5, 1.0",
                             "1.5, 1.5", "2^53, 2^53 + 4", "1, 1/0, 1e307", "0, 1, 0.0", "1e308, -1e308, -1e307",
                             "(0/0), 1", "1, (0/0)", "0.25, -3, -1"]
    static let newValues = ["\"12\"", "\"0x10\"", "\" 3.5 \"", "\"1e2\"", "2.5", "-0.0", "nil", "{}", "true",
                            "\"abc\"", "9007199254740993", "(0/0)", "\"10\"", "0x7fffffffffffffff", "1.0"]

    private mutating func pick(_ a: [String]) -> String { rng.pick(a) }

    private mutating func atom() -> String {
        if plain { return rng.chance(70) ? pick(vars + loopVars) : pick(Self.smallInts) }
        switch rng.below(20) {
        case 0..<11: return pick(vars + loopVars)
        case 11..<15: return pick(Self.smallInts)
        case 15..<17: return pick(Self.floats)
        case 17: return pick(Self.edges)
        case 18 where rich: return pick(["U1", "U2", "U3", "G1", "(T[1] or 0)", "#T", "T.x"])
        default: return pick(vars)
        }
    }

    mutating func expr(_ d: Int) -> String {
        if d <= 0 || rng.chance(30) { return atom() }
        switch rng.below(20) {
        case 0..<12:
            let op = pick(["+", "-", "*", "+", "-", "*", "/", "//", "%", "+"])
            return "(" + expr(d - 1) + " " + op + " " + expr(d - 1) + ")"
        case 12: return "(- " + expr(d - 1) + ")"
        case 13 where !plain: return "(" + expr(d - 1) + " ^ " + pick(["2", "0.5", "3", "-1"]) + ")"
        case 14: return "(" + expr(d - 1) + " " + pick(["&", "|", "~", "<<", ">>"]) + " " + pick(Self.smallInts) + ")"
        case 15 where canCallG: return "g(" + expr(d - 1) + ", " + atom() + ")"
        case 16 where rich: return pick(["L1(", "GF(", "num("]) + expr(d - 1) + (rng.chance(50) ? ", " + atom() : "") + ")"
        case 17 where rich: return "REC((" + expr(d - 1) + ") % 7, " + atom() + ")"
        case 18 where rich: return pick(["(\"10\" + ", "(\"0x10\" * ", "(\" 2.5 \" - "]) + expr(d - 1) + ")"
        case 19 where rich: return "(T[" + expr(d - 1) + "] or 1)"
        default: return "(" + expr(d - 1) + " + " + atom() + ")"
        }
    }

    mutating func cond() -> String {
        switch rng.below(10) {
        case 0..<6:
            let op = pick(["<", "<=", ">", ">=", "==", "~="])
            let rhs = rng.chance(30) && !plain ? pick(Self.edges) : expr(1)
            return expr(1) + " " + op + " " + rhs
        case 6 where !loopVars.isEmpty: return "\(loopVars.last!) % \(2 + rng.below(4)) == \(rng.below(2))"
        case 7: return "not (" + cond() + ")"
        case 8: return "(" + cond() + ") " + pick(["and", "or"]) + " (" + cond() + ")"
        default: return expr(1) + " == " + pick(Self.smallInts)
        }
    }

    private mutating func target() -> String { pick(vars) }

    private mutating func block(_ depth: Int, _ n: Int, _ ind: String) -> String {
        var s = ""
        for _ in 0..<n { s += stmt(depth, ind) }
        return s
    }

    /// A loop body: the fuel check first, then statements, sometimes a `goto continue`.
    private mutating func body(_ depth: Int, _ ind: String) -> String {
        let inner = ind + "  "
        var s = inner + "fuel = fuel - 1; if fuel < 0 then break end\n"
        loopDepth += 1
        if rng.chance(25) {
            labels += 1
            let l = "c\(labels)"
            s += block(depth + 1, 1 + rng.below(2), inner)
            s += inner + "if " + cond() + " then goto \(l) end\n"
            s += block(depth + 1, 1 + rng.below(2), inner)
            s += inner + "::\(l)::\n"
        } else {
            s += block(depth + 1, 1 + rng.below(3), inner)
        }
        loopDepth -= 1
        return s
    }

    mutating func stmt(_ depth: Int, _ ind: String) -> String {
        let nest = depth < 3
        let r = rng.below(rich ? 156 : 100)
        switch r {
        case 0..<22: return ind + target() + " = " + expr(3) + "\n"
        case 22..<34: return ind + "acc = " + pick(["acc + ", "acc * 3 + ", "acc - ", "acc * 31 + "]) + expr(2) + "\n"
        case 34..<42 where nest:
            var s = ind + "if " + cond() + " then\n" + block(depth + 1, 1 + rng.below(2), ind + "  ")
            if rng.chance(40) { s += ind + "else\n" + block(depth + 1, 1 + rng.below(2), ind + "  ") }
            return s + ind + "end\n"
        case 42..<52 where nest:
            labels += 1
            let v = "i\(labels)"
            let range = rng.chance(70) ? pick(plain ? Self.plainLoops : Self.intLoops) : expr(1) + ", " + expr(1) + (rng.chance(30) ? ", " + atom() : "")
            loopVars.append(v)
            defer { loopVars.removeLast() }
            return ind + "for \(v) = \(range) do\n" + body(depth, ind) + ind + "end\n"
        case 52..<58 where nest && !plain:
            labels += 1
            let v = "i\(labels)"
            loopVars.append(v)
            defer { loopVars.removeLast() }
            return ind + "for \(v) = \(pick(Self.floatLoops)) do\n" + body(depth, ind) + ind + "end\n"
        case 58..<64 where nest:
            return ind + "while " + cond() + " do\n" + body(depth, ind) + ind + "end\n"
        case 64..<70 where nest:
            return ind + "repeat\n" + body(depth, ind) + ind + "until " + cond() + "\n"
        case 70..<78:
            return ind + "if " + cond() + " then " + target() + " = " + pick(plain ? ["nil", "1.0", "-1.0", "2"] : Self.newValues) + " end\n"
        case 78..<84 where loopDepth > 0:
            return ind + "if " + cond() + " then break end\n"
        case 84..<90 where canCallG:
            return ind + "acc = acc + g(" + expr(2) + ", " + atom() + ")\n"
        case 90..<94 where !plain:
            return ind + target() + " = " + pick(["0x7fffffffffffffff + ", "0x8000000000000000 - ", "0x4000000000000000 * ",
                                                   "-0x8000000000000000 + "]) + expr(1) + "\n"
        case 100..<104: return ind + pick(["U1", "U2", "U3"]) + " = " + pick(["U1", "U2", "U3"]) + " + " + expr(2) + "\n"
        case 104..<108: return ind + "T[" + pick(["#T + 1", "#T + 2", "\(pick(loopVars + vars))", "\"x\"", "1.0", "2^53", "-1"])
            + "] = " + expr(2) + "\n"
        case 108..<111: return ind + "acc = acc + " + pick(["#T", "(T[#T] or 0)", "(T.x or 0)", "(T[" + expr(1) + "] or 0)"]) + "\n"
        case 111..<114: return ind + "if " + cond() + " then setmetatable(T, " + pick(["MT", "MT", "nil"]) + ") end\n"
        case 114..<116: return ind + "if " + cond() + " then " + target() + " = setmetatable({}, MT) end\n"
        case 116..<119: return ind + "G1 = G1 + " + expr(2) + "\n"
        case 119..<121: return ind + "if " + cond() + " then GF = " + pick(["function(n) return n * 3 end", "function(n) return -n end",
                                                                           "function(n) return n .. \"\" end", "math.abs"]) + " end\n"
        case 121..<124:
            return ind + "do local ok, e = pcall(" + pick(["function() return " + expr(2) + " // " + atom() + " end",
                                                            "function() return " + expr(2) + " % " + atom() + " end",
                                                            "error, " + expr(1), "function() error({" + expr(1) + "}) end",
                                                            "function() local z = " + expr(1) + " + nil end"])
                + ") note(\"pcall\", ok, e) end\n"
        case 124..<127 where nest:
            return ind + "do local co = coroutine.wrap(function(p) local s = 0 for j = 1, 4 do s = s + j * " + expr(1)
                + "; p = coroutine.yield(s) or p end return s end)\n"
                + ind + "  for j = 1, 5 do acc = acc + co(j) end end\n"
        case 127..<130 where loopDepth > 0:
            return ind + "if coroutine.isyieldable() then acc = acc + (coroutine.yield(acc) or 0) end\n"
        case 130..<134 where loopDepth > 0 || depth == 0: return ind + "note(\"at\", acc, " + expr(1) + ")\n"
        case 134..<136: return ind + "if drops > 0 and (" + cond() + ") then drops = drops - 1 vm." + pick(["flush", "deopt"]) + "() end\n"
        case 136..<140: return ind + target() + " = " + pick(["(\"10\" + ", "(\"0x10\" * ", "(\"3\" // ", "(\"7\" % "]) + expr(1) + ")\n"
        case 140..<146 where nest:
            // A generic for (compiled without calling `next` or ipairs' iterator); the body may
            // store into T while pairs traverses it, and T's metatable may come and go.
            labels += 1
            let k = "k\(labels)", v = "v\(labels)"
            let head = pick(["pairs(T)", "ipairs(T)", "next, T", "pairs({" + expr(1) + ", " + expr(1) + ", x = " + expr(1) + "})",
                             "ipairs({" + atom() + ", " + atom() + ", " + atom() + "})"])
            loopVars.append(v)
            defer { loopVars.removeLast() }
            return ind + "for \(k), \(v) in \(head) do\n" + ind + "  acc = acc + (math.type(\(k)) and 1 or 2)\n"
                + body(depth, ind) + ind + "end\n"
        case 146..<149:
            // String keys in registers (tableGetStr/tableSetStr), D's metatable coming and going.
            let k = pick(loopVars + vars)
            return ind + "do local k = KS[(" + k + " % 4) + 1] or \"x\" D[k] = (D[k] or 0) + " + expr(1) + " end\n"
        case 149..<151: return ind + "if " + cond() + " then setmetatable(D, " + pick(["MT", "nil"]) + ") end\n"
        case 151..<153:
            // table.remove(T) (taken in for a table without a metatable), its result used or not.
            return ind + pick(["table.remove(T)\n", "do local r = table.remove(T) if mtype(r) then acc = acc + r end end\n"])
        case 153..<155:
            // Equality with short string constants, s:byte() at any position (a float one raises).
            return ind + "if " + target() + " == " + pick(["\"abc\"", "\"10\"", "\"x\""]) + " then acc = acc + 1 end "
                + "acc = acc + (SS:byte(" + pick(loopVars + vars + Self.smallInts) + ") or 0)\n"
        default: return ind + target() + " = " + expr(2) + "\n"
        }
    }

    /// `local function name(params) ... end` with locals acc, x, y and fuel.
    private mutating func function(_ name: String, params: [String], leaf: Bool) -> String {
        let profile = rng.below(10)
        rich = !leaf && profile < 3
        plain = leaf ? profile < 5 : profile >= 6
        canCallG = !leaf
        vars = params.filter { $0 != "g" } + ["acc", "x", "y"]
        labels = 0
        let fuel = leaf ? 20 + rng.below(30) : rich ? 40 + rng.below(80) : 60 + rng.below(200)
        var s = "local function \(name)(\(params.joined(separator: ", ")))\n"
        s += "  local fuel = \(fuel)\n  local acc, x, y = 0, \(params[0]), \(rng.chance(50) && !plain ? pick(Self.floats) : params[1])\n"
        s += block(0, leaf ? 1 + rng.below(3) : 3 + rng.below(5), "  ")
        s += leaf ? "  return acc\nend\n" : "  return acc, x, y, \(params.last!)\nend\n"
        return s
    }

    private mutating func args() -> String {
        var a: [String] = []
        for _ in 0..<3 {
            switch rng.below(10) {
            case 0..<6: a.append(pick(Self.smallInts))
            case 6, 7: a.append(pick(Self.floats))
            case 8: a.append(pick(Self.edges))
            default: a.append(pick(["\"10\"", "\"2.5\"", "nil", "\"x\""]))
            }
        }
        return a.joined(separator: ", ")
    }

    /// One whole program.
    mutating func program() -> String {
        var s = Self.prelude
        s += function("L1", params: ["p", "q"], leaf: true)
        rich = false; plain = true; canCallG = false; vars = ["n", "v"]; loopVars = []
        s += "local function REC(n, v) if not (n > 0) then return v end return REC(n - 1, " + expr(2) + ") + 1 end\n"
        let count = 2 + rng.below(3)
        var names: [String] = []
        for k in 1...count {
            let name = "f\(k)"
            names.append(name)
            s += function(name, params: ["a", "b", "c", "g"], leaf: false)
        }
        for name in names {
            let g = pick(["L1", "REC", "GF", "L1", "REC", "EG", "YG", "NG", "FG"])
            // The same argument types a few times (so the code is compiled for them), then others.
            s += "for r = 1, \(2 + rng.below(4)) do out(\"\(name)\", r, pcall(\(name), r, r + \(pick(Self.smallInts)), \(pick(Self.smallInts)), \(g))) end\n"
            for _ in 0..<(1 + rng.below(4)) {
                s += "out(\"\(name)\", pcall(\(name), \(args()), \(g)))\n"
            }
            if rng.chance(40) {
                s += "for r = 1, 3 do out(\"\(name)\", r, pcall(\(name), r + 0.5, r, \(pick(Self.floats)), \(g))) end\n"
            }
            if rng.chance(g == "YG" ? 80 : 30) {
                s += "do local co = coroutine.create(\(name)) local ok, v = coroutine.resume(co, \(args()), \(g)) local n = 0\n"
                s += "  while ok and coroutine.status(co) == \"suspended\" and n < 40 do out(\"yield\", v) ok, v = coroutine.resume(co, n) n = n + 1 end\n"
                s += "  out(\"co\", ok, v) end\n"
            }
        }
        s += "out(\"end\", U1, U2, U3, G1, G2, #T, T.x, T[1], T[#T])\n"
        if rng.chance(10) { s += "out(\"last\", \(pick(names))(\(args()), \(pick(["L1", "REC"]))))\n" }
        return s
    }
}
