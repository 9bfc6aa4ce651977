#!/usr/bin/env python3
# check.py: runs the Lua test scripts on a reference Lua and checks their expectations.
#
# The default reference is Lua 5.4.8 through ../Reference/lua548.py (needs PyPI's lupa); scripts
# marked `-- compare-lua54: WHY` (behaviour lupa's build lacks) run on Debian's lua5.4 instead.
#
# The expectation format (the Swift harness in Tests/ScriptTests parses the same rules):
#   -- expect: TEXT        one line of stdout, in file order; the whole stdout must equal these lines
#   -- expect error: TEXT  exit status 1, and the first stderr line contains TEXT
#   -- no-lua-compare: WHY the script is not compared with the reference (and not checked by this tool)
#   -- compare-lua54: WHY  checked on lua5.4 (5.4.4) instead of the 5.4.8 reference
#   -- no-gc-stress: WHY   the Swift harness skips --gc-stress modes for it (ignored here)
# A script with no expect lines and no expect error must exit 0; its stdout is only compared with lua5.4's.
# Scripts run with their own folder as the working directory, named by file name (so error lines
# read "prog: name.lua:LINE: message").
#
# Usage: check.py [--lua BIN] [--all] [--jobs N] [paths...]   (default: every Tests/Scripts/**/*.lua)
#   --all   also run scripts marked no-lua-compare (useful when BIN is vmrepl)
import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(text):
    """Returns (expected stdout lines, expected error text or None, no-compare reason or None,
    compare-lua54 reason or None)."""
    lines, err, nocmp, lua54 = [], None, None, None
    for raw in text.split("\n"):
        s = raw.rstrip("\r").lstrip(" \t")
        if s.startswith("-- expect:"):
            rest = s[len("-- expect:"):]
            lines.append(rest[1:] if rest.startswith(" ") else rest)
        elif s.startswith("-- expect error:"):
            err = s[len("-- expect error:"):].strip()
        elif s.startswith("-- no-lua-compare:"):
            nocmp = s[len("-- no-lua-compare:"):].strip() or "(no reason given)"
        elif s.startswith("-- compare-lua54:"):
            lua54 = s[len("-- compare-lua54:"):].strip() or "(no reason given)"
    return lines, err, nocmp, lua54


def run(binary, path, timeout):
    d, name = os.path.split(path)
    t0 = time.time()
    try:
        p = subprocess.run(binary + [name], cwd=d, capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), time.time() - t0
    except subprocess.TimeoutExpired:
        return None, "", "timeout", time.time() - t0


def check(binary, path, timeout, slow, lua54=None):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines, err, nocmp, use54 = parse(f.read())
    if use54 and lua54:
        binary = lua54
    status, out, errout, dt = run(binary, path, timeout)
    problems = []
    if status is None:
        return [f"timed out after {timeout}s"]
    if lines or err is not None:
        want = "".join(l + "\n" for l in lines)
        if out != want:
            problems.append("stdout differs:\n--- expected\n" + want + "--- got\n" + out)
    if err is not None:
        first = errout.split("\n", 1)[0]
        if status != 1:
            problems.append(f"expected exit status 1, got {status}")
        if err not in first:
            problems.append(f"first stderr line {first!r} does not contain {err!r}")
    elif status != 0:
        problems.append(f"exit status {status}; stderr: {errout.strip()[:400]}")
    if dt > slow:
        print(f"note: {os.path.relpath(path, HERE)} took {dt:.2f}s (more than {slow}s)", file=sys.stderr)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lua", default=f"{sys.executable} {os.path.join(HERE, '..', 'Reference', 'lua548.py')}",
                    help="the Lua command (default: Lua 5.4.8 through lupa)")
    ap.add_argument("--lua54", default="lua5.4", help="for scripts marked compare-lua54")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--slow", type=float, default=1.0, help="note scripts slower than this (seconds)")
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    paths = []
    for p in a.paths or [HERE]:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                paths += [os.path.join(root, f) for f in files if f.endswith(".lua")]
        else:
            paths.append(p)
    paths = sorted(os.path.abspath(p) for p in paths)
    binary = a.lua.split()
    selected = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            if parse(f.read())[2] is None or a.all:
                selected.append(p)
    with ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda p: (p, check(binary, p, a.timeout, a.slow, None if a.all else a.lua54.split())), selected))
    bad = 0
    for p, problems in results:
        if problems:
            bad += 1
            print(f"FAIL {os.path.relpath(p, HERE)}")
            for pr in problems:
                print("  " + pr.replace("\n", "\n  "))
    print(f"{len(selected) - bad}/{len(selected)} scripts pass on {a.lua} "
          f"({len(paths) - len(selected)} skipped: no-lua-compare)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
