#!/usr/bin/env python3
"""The limit check's cost in instructions: callgrind counts per loop iteration, interpreted and compiled.

Runs bench/interrupt/jit_loop.lua (a call-free numeric loop that the method JIT compiles, entered by
OSR) under `valgrind --tool=callgrind` at two iteration counts and takes the difference, so that
start-up, the standard library and the compile itself cancel out: what is left is the instructions
of one iteration. Four runs per size: `--jit=off` and `--jit=on`, each on the build with the
back-edge check and on the one without it (-DVMREPL_NO_BACKEDGE_CHECK). The flag removes the
back-edge check of both tiers (the interpreter's compare, and the `checkLimit` of compiled loops;
function entries keep theirs), so with minus without is what the check costs. The table also gives
the compiled check's size and how often it runs, read from the REPL's `:disasm` listing of the loop.

callgrind cannot read the DWARF 5 debug info of the Swift build, so each binary runs as a copy with
its debug info stripped (the code is the same).

Usage: bench/interrupt/check_instructions.py WITH_CHECK WITHOUT_CHECK [--out FILE]
Python 3 standard library only; needs valgrind (the table is skipped without it).
"""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOOP = os.path.join(ROOT, "bench", "interrupt", "jit_loop.lua")
SIZES = (100000, 300000)  # two iteration counts; their difference gives one iteration's count
COLLECTED = re.compile(rb"Collected : (\d+)")


def stripped_copy(binary, tmp, name):
    dst = os.path.join(tmp, name)
    shutil.copy2(binary, dst)
    for tool in ("strip", "llvm-strip"):
        if shutil.which(tool):
            subprocess.run([tool, "--strip-debug", dst], check=True)
            break
    return dst


def instructions(binary, mode, n):
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary,
                        "--jit=" + mode, LOOP, str(n)], capture_output=True, timeout=600)
    m = COLLECTED.search(p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError("callgrind run failed (%s --jit=%s, %d): %s"
                           % (binary, mode, n, p.stderr.decode(errors="replace")[-400:]))
    return int(m.group(1))


def per_iteration(binary, mode):
    a, b = (instructions(binary, mode, n) for n in SIZES)
    return (b - a) / (SIZES[1] - SIZES[0])


def compiled_check(binary):
    """The compiled loop's check, from `:disasm`: (instructions, mnemonics, iterations per check), or
    None when the listing has no check in or after the loop. A loop header that starts with
    `checkLimit` checks on every iteration; a strip-mined loop (`testBits MASK` at its FORLOOP)
    checks in the block after the latch, once every MASK + 1 iterations."""
    src = "dofile(%r)\n:disasm sum\n" % LOOP
    p = subprocess.run([binary, "--jit=on", "-i"], input=src.encode(), capture_output=True, timeout=120)
    listing = p.stdout.decode(errors="replace").splitlines()
    # The IR names the loop blocks ("b2(...)  ; pc 7 loop osr"); the machine code's block comments
    # ("; b2  pc 7 ...") say where each block starts; the check is the instructions after the
    # `;   checkLimit` comment up to its conditional branch (a strip-mined loop's check block
    # goes on with the back-edge's moves). Block b0 is the function's (or the OSR entry's) own,
    # outside the loop.
    loops = {m.group(1) for m in (re.match(r"^(b\d+)\(.*;.*\bloop\b", l) for l in listing) if m}
    masks = [int(m.group(1)) for m in (re.search(r"= testBits (\d+) ", l) for l in listing) if m]
    block, ops, every = None, None, 1
    for line in listing:
        if ops is not None:
            m = re.match(r"^[0-9a-f]{4,}  (?:[0-9a-f]{2} )+\s*(\S+)", line)
            if not m:
                break
            ops.append(m.group(1))
            if m.group(1).startswith("j") and m.group(1) != "jmp":
                break
            continue
        b = re.match(r"^; (b\d+) ", line)
        if b:
            block = b.group(1)
        elif block not in (None, "b0") and line.startswith(";   checkLimit"):
            every = 1 if block in loops or not masks else masks[0] + 1
            ops = []
    return (len(ops), ops, every) if ops else None


def measure(with_check, without, out):
    """Counts, prints and writes the table to `out`; returns its text (None without valgrind)."""
    if not shutil.which("valgrind"):
        print("check_instructions.py: no valgrind, no instruction counts", file=sys.stderr)
        return None
    w, wo = "with check", "without (VMREPL_NO_BACKEDGE_CHECK)"
    with tempfile.TemporaryDirectory() as tmp:
        builds = [(w, stripped_copy(with_check, tmp, "with")), (wo, stripped_copy(without, tmp, "without"))]
        counts = {(b, m): per_iteration(path, m) for b, path in builds for m in ("off", "on")}
    check = compiled_check(with_check)
    lines = ["| engine | with check | without (VMREPL_NO_BACKEDGE_CHECK) | difference |",
             "|---|---:|---:|---:|"]
    for m in ("off", "on"):
        a, b = counts[(w, m)], counts[(wo, m)]
        lines.append("| --jit=%s | %.1f | %.1f | %+.1f (%+.1f%%) |" % (m, a, b, a - b, (a - b) / b * 100))
    notes = ["Instructions per iteration of the loop in `bench/interrupt/jit_loop.lua` (callgrind; the "
             "counts at %d iterations minus those at %d)." % (SIZES[1], SIZES[0])]
    on, on_wo = counts[(w, "on")], counts[(wo, "on")]
    notes.append("The check costs %.2f%% of the compiled loop's instructions (target: at most 1%%)."
                 % ((on - on_wo) / on_wo * 100))
    if check:
        n, ops, every = check
        where = "on every iteration" if every == 1 else "once every %d iterations (strip-mined)" % every
        notes.append("The compiled loop's check, from `:disasm`: %d instructions (%s) %s, %.2f per "
                     "iteration of the %.1f an iteration runs." % (n, ", ".join(ops), where, n / every, on))
    else:
        notes.append("(no checkLimit found in the `:disasm` listing of the compiled loop)")
    text = "\n".join(lines) + "\n\n" + "\n".join(notes)
    print("\n" + text)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("# The limit check in instructions, interpreted and compiled\n\n"
                "`bench/interrupt/check_instructions.py`, valgrind's callgrind.\n\n" + text + "\n")
    return text


def main():
    args = sys.argv[1:]
    out = os.path.join(ROOT, "bench", "results", "check_instructions.md")
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    measure(args[0], args[1], out)


if __name__ == "__main__":
    main()
