// The instruction set manual: one case per instruction, with its exact semantics.
//
// Notation: R[x] register x of the current frame; K[x] constant x; U[x] upvalue x;
// RK(C) is K[C] when the k bit is set, else R[C]; sB/sC are signed 8-bit immediates stored
// excess-127 (see Instruction.swift); sBx, sJ are signed, stored excess-K (see Instruction.swift).
// "pc++" skips the next instruction, which for the compare/test family is always a `jmp`.
//
// Invariants every producer (the code generator) and consumer (interpreter, JIT, listing) relies on:
//  - `eq lt le eqK eqI ltI leI gtI geI test testSet` are always followed by a `jmp`.
//  - `loadKX`, `newTable` (always) and `setList` with k set are followed by `extraArg`.
//  - `call`/`tailCall`/`return`/`setList` with B (or C for call results) == 0 use "up to top":
//    the count is whatever the previous open-result instruction (`call`, `varArg`) left.
//  - The only loop back-edges are `forLoop`, `tForLoop`, and a `jmp` with a negative offset; the
//    interpreter's limit check and back-edge counters sit exactly there (ARCHITECTURE.md §5).
//  - Arithmetic, bitwise, concat, length, comparison and table-access instructions handle
//    metamethods themselves in their slow paths (there is no separate MMBIN instruction): the
//    metamethod event is implied by the opcode.
public enum Opcode: UInt8, CaseIterable, Sendable {
    case move        // A B      R[A] := R[B]
    case loadI       // A sBx    R[A] := sBx (integer)
    case loadF       // A sBx    R[A] := Double(sBx)
    case loadK       // A Bx     R[A] := K[Bx]
    case loadKX      // A        R[A] := K[extraArg]
    case loadFalse   // A        R[A] := false
    case lFalseSkip  // A        R[A] := false; pc++      (used by comparisons that produce values)
    case loadTrue    // A        R[A] := true
    case loadNil     // A B      R[A], R[A+1], ..., R[A+B] := nil   (B+1 registers)

    case getUpval    // A B      R[A] := U[B]
    case setUpval    // A B      U[B] := R[A]

    case getTabUp    // A B C    R[A] := U[B][K[C]]        K[C] is a string
    case getTable    // A B C    R[A] := R[B][R[C]]
    case getI        // A B C    R[A] := R[B][C]           C is an unsigned integer key
    case getField    // A B C    R[A] := R[B][K[C]]        K[C] is a string
    case setTabUp    // A B C k  U[A][K[B]] := RK(C)       K[B] is a string
    case setTable    // A B C k  R[A][R[B]] := RK(C)
    case setI        // A B C k  R[A][B] := RK(C)          B is an unsigned integer key
    case setField    // A B C k  R[A][K[B]] := RK(C)       K[B] is a string

    case newTable    // A B C k  R[A] := {}; B: hash size hint (0, or log2(size)+1);
                     //          C: array size (+ extraArg * 256 when k is set); always
                     //          followed by `extraArg`, which it skips
    case `self`      // A B C k  R[A+1] := R[B]; R[A] := R[B][RK(C)]   RK(C) is a string

    case addI        // A B sC   R[A] := R[B] + sC
    case addK        // A B C    R[A] := R[B] + K[C]       K[C] is a number (same for the *K family)
    case subK        // A B C    R[A] := R[B] - K[C]
    case mulK        // A B C    R[A] := R[B] * K[C]
    case modK        // A B C    R[A] := R[B] % K[C]
    case powK        // A B C    R[A] := R[B] ^ K[C]
    case divK        // A B C    R[A] := R[B] / K[C]
    case idivK       // A B C    R[A] := R[B] // K[C]
    case bandK       // A B C    R[A] := R[B] & K[C]       K[C] is an integer (same for bor/bxor)
    case borK        // A B C    R[A] := R[B] | K[C]
    case bxorK       // A B C    R[A] := R[B] ~ K[C]
    case shrI        // A B sC   R[A] := R[B] >> sC
    case shlI        // A B sC   R[A] := sC << R[B]        note the operand order: immediate on the left

    case add         // A B C    R[A] := R[B] + R[C]
    case sub         // A B C    R[A] := R[B] - R[C]
    case mul         // A B C    R[A] := R[B] * R[C]
    case mod         // A B C    R[A] := R[B] % R[C]       floor modulo (manual §3.4.1)
    case pow         // A B C    R[A] := R[B] ^ R[C]       always a float
    case div         // A B C    R[A] := R[B] / R[C]       always a float
    case idiv        // A B C    R[A] := R[B] // R[C]      floor division
    case band        // A B C    R[A] := R[B] & R[C]
    case bor         // A B C    R[A] := R[B] | R[C]
    case bxor        // A B C    R[A] := R[B] ~ R[C]
    case shl         // A B C    R[A] := R[B] << R[C]
    case shr         // A B C    R[A] := R[B] >> R[C]      logical shift

    case unm         // A B      R[A] := -R[B]
    case bnot        // A B      R[A] := ~R[B]
    case not         // A B      R[A] := not R[B]
    case len         // A B      R[A] := #R[B]             (__len, then raw length with the border rules)

    case concat      // A B      R[A] := R[A] .. ... .. R[A+B-1]   (B >= 2; right associative __concat)

    case close       // A        close every upvalue >= R[A] and call __close of tbc variables >= R[A]
    case tbc         // A        mark R[A] as a to-be-closed variable (value must have __close, or be false/nil)
    case jmp         // sJ       pc += sJ                  (negative sJ is a loop back-edge)

    case eq          // A B k    if ((R[A] == R[B]) ~= k) then pc++
    case lt          // A B k    if ((R[A] <  R[B]) ~= k) then pc++
    case le          // A B k    if ((R[A] <= R[B]) ~= k) then pc++
    case eqK         // A B k    if ((R[A] == K[B]) ~= k) then pc++   (raw equality: K is not a table)
    case eqI         // A sB k   if ((R[A] == sB) ~= k) then pc++
    case ltI         // A sB k   if ((R[A] <  sB) ~= k) then pc++
    case leI         // A sB k   if ((R[A] <= sB) ~= k) then pc++
    case gtI         // A sB k   if ((R[A] >  sB) ~= k) then pc++
    case geI         // A sB k   if ((R[A] >= sB) ~= k) then pc++
                     //          (ltI..geI: C is 1 when the immediate stands for a float, for messages)

    case test        // A k      if (not R[A] == k) then pc++
    case testSet     // A B k    if (not R[B] == k) then pc++ else R[A] := R[B]

    case call        // A B C    R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])
                     //          B == 0: arguments up to top. C == 0: keep all results, set top.
    case tailCall    // A B C k  return R[A](R[A+1], ..., R[A+B-1]); k: the frame has upvalues/tbc to close
                     //          first (C > 0 means the function is vararg, C-1 its fixed parameters)
    case `return`    // A B C k  return R[A], ..., R[A+B-2]; B == 0: up to top.
                     //          k: close upvalues/tbc first; C > 0: vararg function, C-1 fixed params
    case return0     //          return (no values, nothing to close)
    case return1     // A        return R[A] (nothing to close)

    case forLoop     // A Bx     numeric loop step: update counters; if the loop continues then
                     //          { R[A+3] := control; pc -= Bx }   (a back-edge)
    case forPrep     // A Bx     check and prepare R[A] (init), R[A+1] (limit), R[A+2] (step);
                     //          if the loop runs zero times then pc += Bx + 1
                     //          Integer loops precompute an unsigned iteration count into R[A+1];
                     //          float loops keep the float values (manual §3.3.5).

    case tForPrep    // A Bx     create the to-be-closed upvalue for R[A+3]; pc += Bx
    case tForCall    // A C      R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])
    case tForLoop    // A Bx     if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc -= Bx }   (a back-edge)

    case setList     // A B C k  R[A][C+i] := R[A+i], 1 <= i <= B  (B == 0: up to top;
                     //          when k is set the real C is C + extraArg * 256)

    case closure     // A Bx     R[A] := closure(child prototype Bx)
    case varArg      // A C      R[A], R[A+1], ..., R[A+C-2] = vararg   (C == 0: all, set top)
    case varArgPrep  // A        adjust the frame of a vararg function with A fixed parameters
    case extraArg    // Ax       extra (larger) argument for the previous instruction
}

/// How an instruction's operands are laid out; drives the decoder, the listing and the verifier.
public enum OperandFormat: Sendable {
    case iABC   // A, k, B, C
    case iABx   // A, Bx (unsigned)
    case iAsBx  // A, sBx (signed)
    case iAx    // Ax
    case isJ    // sJ (signed jump)
}

extension Opcode {
    /// The operand layout of each opcode. One table; no default, so a new opcode must be placed.
    public var format: OperandFormat {
        switch self {
        case .loadK, .forLoop, .forPrep, .tForPrep, .tForLoop, .closure: return .iABx
        case .loadI, .loadF: return .iAsBx
        case .extraArg: return .iAx
        case .jmp: return .isJ
        case .move, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil, .getUpval, .setUpval,
             .getTabUp, .getTable, .getI, .getField, .setTabUp, .setTable, .setI, .setField,
             .newTable, .self, .addI, .addK, .subK, .mulK, .modK, .powK, .divK, .idivK,
             .bandK, .borK, .bxorK, .shrI, .shlI, .add, .sub, .mul, .mod, .pow, .div, .idiv,
             .band, .bor, .bxor, .shl, .shr, .unm, .bnot, .not, .len, .concat, .close, .tbc,
             .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet, .call,
             .tailCall, .return, .return0, .return1, .tForCall, .setList, .varArg, .varArgPrep:
            return .iABC
        }
    }

    /// The name printed in listings (`:bytecode`, `--bytecode`): upper case, like luac -l.
    public var mnemonic: String { String(describing: self).uppercased() }

    /// True for instructions that must be followed by a `jmp` (the conditional family).
    public var isTest: Bool {
        switch self {
        case .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet: return true
        case .move, .loadI, .loadF, .loadK, .loadKX, .loadFalse, .lFalseSkip, .loadTrue, .loadNil,
             .getUpval, .setUpval, .getTabUp, .getTable, .getI, .getField, .setTabUp, .setTable,
             .setI, .setField, .newTable, .self, .addI, .addK, .subK, .mulK, .modK, .powK, .divK,
             .idivK, .bandK, .borK, .bxorK, .shrI, .shlI, .add, .sub, .mul, .mod, .pow, .div,
             .idiv, .band, .bor, .bxor, .shl, .shr, .unm, .bnot, .not, .len, .concat, .close,
             .tbc, .jmp, .call, .tailCall, .return, .return0, .return1, .forLoop, .forPrep,
             .tForPrep, .tForCall, .tForLoop, .setList, .closure, .varArg, .varArgPrep, .extraArg:
            return false
        }
    }
}
