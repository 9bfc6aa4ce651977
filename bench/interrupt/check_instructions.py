#!/usr/bin/env python3
"""The limit check's cost in instructions: callgrind counts per loop iteration, interpreted and compiled.

Runs bench/interrupt/jit_loop.lua (a call-free numeric loop that the method JIT compiles, entered by
OSR) under `valgrind --tool=callgrind` at two iteration counts and takes the difference, so that
start-up, the standard library and the compile itself cancel out: what is left is the instructions
of one iteration. Four runs per size: `--jit=off` and `--jit=on`, each on the build with the
back-edge check and on the one without it (-DVMREPL_NO_BACKEDGE_CHECK). The flag removes the
interpreter's back-edge compare only; compiled code keeps its `checkLimit` at every loop header,
so the table also gives that check's size, read from the REPL's `:disasm` listing of the loop.

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
    """The instructions of the loop header's checkLimit in the compiled loop, from `:disasm`:
    (count, mnemonics), or None when the listing has no such check."""
    src = "dofile(%r)\n:disasm sum\n" % LOOP
    p = subprocess.run([binary, "--jit=on", "-i"], input=src.encode(), capture_output=True, timeout=120)
    listing = p.stdout.decode(errors="replace").splitlines()
    # The IR names the loop blocks ("b2(...)  ; pc 7 loop osr"); the machine code's block comments
    # ("; b2  pc 7 ...") say where each block starts; the check is the instructions after the
    # `;   checkLimit` comment in a loop block, up to the next comment.
    loops = {m.group(1) for m in (re.match(r"^(b\d+)\(.*;.*\bloop\b", l) for l in listing) if m}
    in_loop, ops = False, None
    for line in listing:
        if ops is not None:
            m = re.match(r"^[0-9a-f]{4,}  (?:[0-9a-f]{2} )+\s*(\S+)", line)
            if not m:
                break
            ops.append(m.group(1))
            continue
        block = re.match(r"^; (b\d+) ", line)
        if block:
            in_loop = block.group(1) in loops
        elif in_loop and line.startswith(";   checkLimit"):
            ops = []
    return (len(ops), ops) if ops else None


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
    if abs(on - on_wo) < 0.5:
        notes.append("The build flag removes only the interpreter's compare: the compiled loop keeps its "
                     "check in both builds (a measured before/after for compiled code needs an engine "
                     "switch that leaves `checkLimit` out of loop headers).")
    if check:
        n, ops = check
        notes.append("The compiled loop's check, from `:disasm`: %d instructions (%s) of the %.1f an "
                     "iteration runs, %.1f%%; without it an iteration would run about %.1f." % (
                         n, ", ".join(ops), on, n / on * 100, on - n))
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
