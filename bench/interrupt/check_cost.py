#!/usr/bin/env python3
"""The cost of the interrupt checks: bench/ with the back-edge check compiled in and compiled out.

Builds the release vmrepl (scratch path $VMREPL_SCRATCH, default .build) and a second one with
-DVMREPL_NO_BACKEDGE_CHECK in .build-nocheck (a flag that exists only for this measurement: without
the check, Ctrl-C cannot stop a loop that makes no calls), runs bench/run.py with the second one as
an extra column (both on `--jit=off`: the flag is about the interpreter), then writes
bench/results/check_cost.md: per program, time with the check over time without it (target: at
most 1.02 on the geometric mean). Then check_instructions.py: the check's cost in instructions per
loop iteration (callgrind), interpreted and in compiled code, in bench/results/check_instructions.md.

Usage: bench/interrupt/check_cost.py [--no-build] [bench/run.py options, e.g. -n 5 --only fib]
Python 3 standard library only.
"""
import json, math, os, shlex, subprocess, sys

from check_instructions import measure

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RESULTS = os.path.join(ROOT, "bench", "results")


def build(scratch, extra):
    cmd = ["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "vmrepl"] + extra
    subprocess.run(cmd, cwd=ROOT, check=True)
    out = subprocess.run(cmd[:-2] + ["--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "vmrepl")


def main():
    args = sys.argv[1:]
    no_build = "--no-build" in args
    args = [a for a in args if a != "--no-build"]
    scratch = os.environ.get("VMREPL_SCRATCH", ".build")
    if no_build:
        with_check = os.path.join(ROOT, scratch, "release", "vmrepl")
        without = os.path.join(ROOT, ".build-nocheck", "release", "vmrepl")
    else:
        with_check = build(scratch, [])
        without = build(".build-nocheck", ["-Xswiftc", "-DVMREPL_NO_BACKEDGE_CHECK"])
    rc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run.py"), "--vmrepl", with_check,
                         "--extra", "vmrepl-nocheck=%s --jit=off" % shlex.quote(without)] + args, cwd=ROOT).returncode

    with open(os.path.join(RESULTS, "latest.json")) as f:
        data = json.load(f)
    lines = ["| program | with check s | without s | with / without |", "|---|---:|---:|---:|"]
    ratios = []
    for r in data["rows"]:
        a, b = r["median_s"].get("vmrepl --jit=off"), r["median_s"].get("vmrepl-nocheck")
        if a and b:
            ratios.append(a / b)
            lines.append("| %s | %.3f | %.3f | %.3f |" % (r["program"], a, b, a / b))
        else:
            lines.append("| %s | %s | %s | (failed) |" % (r["program"], a, b))
    gm = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else float("nan")
    lines.append("| **geometric mean** | | | **%.3f** |" % gm)
    verdict = "the back-edge check costs %+.1f%% (target: at most +2%%)" % ((gm - 1) * 100)
    table = "\n".join(lines)
    print("\n" + table + "\n" + verdict)
    with open(os.path.join(RESULTS, "check_cost.md"), "w") as f:
        f.write("# The cost of the interrupt check\n\n")
        f.write("`bench/interrupt/check_cost.py`: the interpreter's bench/ times (median of %d runs, %s) with the\n"
                "loop back-edge limit check compiled in, and compiled out (`-DVMREPL_NO_BACKEDGE_CHECK`, a\n"
                "build used only for this measurement). Function entries keep their check in both: it is\n"
                "the stack-overflow check every call needs anyway.\n\n" % (data["reps"], data["date"]))
        f.write(table + "\n\n" + verdict + "\n")
    measure(with_check, without, os.path.join(RESULTS, "check_instructions.md"))
    sys.exit(rc)


if __name__ == "__main__":
    main()
