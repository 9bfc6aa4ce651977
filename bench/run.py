#!/usr/bin/env python3
# run.py: runs bench/*.lua and bench/stdlib/*.lua on vmrepl (JIT off and on), lua5.4 and LuaJIT
# (interpreter only, and with its JIT) side by side.
#
# Columns, each present where installed: `vmrepl --jit=off`, `vmrepl --jit=on` (the default mode),
# `lua5.4`, `luajit -joff`, `luajit`. For every program and column: N runs (default 3, interleaved),
# the median wall time, the peak resident memory (GNU time's %M, or the child's rusage without it),
# and the "checksum" lines of stdout, which must agree across implementations (a disagreement is
# reported and makes the exit status 1). Prints a table with ratios to lua5.4 and their geometric
# means, then a second table of JIT facts per program from one more, untimed, `--jit=on --jit-log`
# run of vmrepl (compile time, code bytes, compiles, OSR entries, deopts, refusals), and a third
# of the main thread's stall per tier-up, compiling synchronously and in the background (two
# more untimed `--jit-log` runs, `--jit-threads=0` and `=1`: jit_facts.py says what is counted). Writes
# bench/results/latest.md, latest.json and latest.svg (a hand-drawn bar chart of the ratios).
# The sampling profiler's cost: vmrepl also runs every program with `--profile` at its default
# 1 kHz (JIT off and on, each profiled run right after its run without), and a third table gives,
# per JIT mode, the median over the reps of each pair's ratio, profiled over not, of wall time
# and of CPU time (user + system, all threads: the timer thread's included) (target: at most
# 1.02), and the profiler's own accounts from its report: the share of the run spent recording
# samples on the program's thread, and the timer thread's CPU time (on another core when there
# is one) as a share of the run; also in bench/results/profile_overhead.md.
# Python 3 standard library only.
#
# Usage: bench/run.py [--vmrepl PATH] [-n REPS] [--extra 'NAME=PATH [ARGS]' ...] [--only SUBSTR]
#                     [--no-luajit] [--no-profile]
#   --extra adds another vmrepl-like command as a column (e.g. a build without the back-edge
#   check: --extra 'nocheck=.build-nocheck/release/vmrepl --jit=off').
import argparse
import json
import math
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

from jit_facts import facts_table, jit_facts, stalls, stalls_table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")
PROFILE_REPORT = os.path.join(RESULTS, ".profile-report.txt")


def programs(only):
    found = []
    for d in (HERE, os.path.join(HERE, "stdlib")):
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            # bench/interrupt* measure the REPL's interrupt latency with their own runner.
            if f.endswith(".lua") and not f.startswith("interrupt"):
                found.append(os.path.join(d, f))
    return [p for p in found if not only or any(o in os.path.basename(p) for o in only)]


JIT_OFF, JIT_ON = "vmrepl --jit=off", "vmrepl --jit=on"
# The same with the sampling profiler at its default rate (its report read after each run).
PROFILED = {JIT_OFF: JIT_OFF + " --profile", JIT_ON: JIT_ON + " --profile"}
# The report's second line: "sampling took 1.1 ms (2.0 µs a sample), 0.2% of the 562.4 ms
# profiled; the timer thread used 16.2 ms of CPU (2.9%)".
PROFILE_COST = re.compile(r"sampling took ([\d.]+) ms .*? of the ([\d.]+) ms profiled; "
                          r"the timer thread used ([\d.]+) ms of CPU")


def profile_cost(path):
    """(recording share, timer thread share) of the run, from the report in `path`, or None."""
    try:
        with open(path, encoding="utf-8") as f:
            m = PROFILE_COST.search(f.read())
    except OSError:
        return None
    if not m or float(m.group(2)) <= 0:
        return None
    run = float(m.group(2))
    return float(m.group(1)) / run, float(m.group(3)) / run
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def spawn_measured(cmd, path, timeout):
    """Runs one program; returns (seconds, peak KiB, checksum lines, error or None, CPU seconds).

    CPU seconds (user + system, all the program's threads) come from this process's children's
    rusage before and after: the programs run one at a time, so the difference is this one's.

    Peak memory comes from GNU time's %M when it is installed. Otherwise from the child's rusage
    via wait4, which on Linux also counts the forking Python process's pages before exec (about
    10 MiB too much), so that column is then only good for comparing large footprints."""
    memfile = os.path.join(RESULTS, ".peak-kib")
    prefix = [GNU_TIME, "-f", "%M", "-o", memfile] if GNU_TIME else []
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(os.devnull, "rb") as devnull:
        p = subprocess.Popen(prefix + cmd + [os.path.basename(path)], cwd=os.path.dirname(path),
                             stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return None, None, None, f"timeout after {timeout}s", None
    dt = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    kib = None
    if GNU_TIME:
        try:
            with open(memfile) as f:
                kib = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    else:
        kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode != 0:
        return dt, kib, None, f"exit {p.returncode}: " + err.decode(errors="replace").strip()[:200], cpu
    lines = [l for l in out.decode(errors="replace").splitlines() if l.startswith("checksum")]
    return dt, kib, lines, None, cpu


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt(x, nd=3):
    return "-" if x is None else f"{x:.{nd}f}"


def svg_chart(rows, impls, path):
    """Horizontal bars of time ratios to lua5.4 on a log2 axis; 1.0 (lua5.4) is the middle line."""
    others = [i for i in impls if i != "lua5.4"]
    colors = ["#d1495b", "#00798c", "#edae49", "#66a182", "#8d96a3"]
    ratios = [r["ratio"].get(i) for r in rows for i in others if r["ratio"].get(i)]
    lo = min([0.5] + [x for x in ratios if x]) if ratios else 0.5
    hi = max([2.0] + [x for x in ratios if x]) if ratios else 2.0
    lo2, hi2 = math.floor(math.log2(lo)), math.ceil(math.log2(hi))
    left, width, bar, gap = 150, 560, 12, 10
    group = bar * len(others) + gap
    top = 40
    per_row = 3  # legend entries per line
    legend_lines = (len(others) + per_row - 1) // per_row
    axis = top + group * len(rows)  # the bottom of the bars; the axis labels and legend below it
    height = axis + 44 + 16 * legend_lines
    def x_of(v):
        return left + (math.log2(v) - lo2) / (hi2 - lo2) * width
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13">Time relative to lua5.4 (log scale; left of 1 is faster)</text>']
    for e in range(lo2, hi2 + 1):
        x = x_of(2.0 ** e)
        label = f"{2.0 ** e:g}" if e >= 0 else f"1/{2 ** -e}"
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis + 4}" '
                   f'stroke="{"#333" if e == 0 else "#ddd"}"/>')
        out.append(f'<text x="{x:.1f}" y="{axis + 18}" text-anchor="middle">{label}</text>')
    one = x_of(1.0)
    for gi, r in enumerate(rows):
        y0 = top + gi * group
        out.append(f'<text x="{left - 6}" y="{y0 + group / 2 - 2:.1f}" text-anchor="end">{r["program"]}</text>')
        for k, impl in enumerate(others):
            v = r["ratio"].get(impl)
            if not v:
                continue
            x = x_of(v)
            y = y0 + k * bar
            out.append(f'<rect x="{min(x, one):.1f}" y="{y}" width="{abs(x - one):.1f}" height="{bar - 2}" '
                       f'fill="{colors[k % len(colors)]}"><title>{impl}: {v:.2f}x</title></rect>')
    for k, impl in enumerate(others):
        lx = left - 100 + (k % per_row) * 230
        ly = axis + 32 + 16 * (k // per_row)
        out.append(f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colors[k % len(colors)]}"/>')
        out.append(f'<text x="{lx + 14}" y="{ly + 9}">{impl} / lua5.4</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def profile_overhead_table(rows, names):
    """Per program, per JIT mode: the median over the reps of the paired ratios (profiled run over
    the run without just before it) of wall and of CPU time; the median share of the run the
    profiler spent recording samples (the program's thread) and the timer thread's CPU. The last
    rows: geometric means of the ratios, and the mean and the largest of the shares."""
    modes = [plain for plain, prof in PROFILED.items() if plain in names and prof in names]
    if not modes:
        return None
    heads = ["wall", "CPU", "recording", "timer thread CPU"]
    lines = ["| program | " + " | ".join(f"{m}: {h}" for m in modes for h in heads) + " |",
             "|---|" + "---:|" * (len(modes) * len(heads))]
    cols = {(m, h): [] for m in modes for h in heads}
    for r in rows:
        cells = []
        for m in modes:
            pairs = r.get("profile_pairs", {}).get(m, [])
            costs = r.get("profile_costs", {}).get(m, [])
            vals = {"wall": statistics.median(w for w, _ in pairs) if pairs else None,
                    "CPU": statistics.median(c for _, c in pairs if c) if any(c for _, c in pairs) else None,
                    "recording": statistics.median(s for s, _ in costs) if costs else None,
                    "timer thread CPU": statistics.median(t for _, t in costs) if costs else None}
            for h in heads:
                cols[(m, h)].append(vals[h])
                cells.append(fmt(vals[h]) if h in ("wall", "CPU") else pct(vals[h]))
        lines.append(f"| {r['program']} | " + " | ".join(cells) + " |")
    def mean(xs):
        xs = [x for x in xs if x is not None]
        return sum(xs) / len(xs) if xs else None
    def most(xs):
        return max((x for x in xs if x is not None), default=None)
    summary = []
    for m in modes:
        for h in heads:
            xs = cols[(m, h)]
            summary.append(f"**{fmt(geomean(xs))}**" if h in ("wall", "CPU")
                           else f"**{pct(mean(xs))}** (max {pct(most(xs))})")
    lines.append("| **geometric mean; mean (max)** | " + " | ".join(summary) + " |")
    return "\n".join(lines)


def pct(x):
    return "-" if x is None else f"{100 * x:.2f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--vmrepl", default=os.path.join(ROOT, ".build", "release", "vmrepl"))
    ap.add_argument("--lua", default="lua5.4")
    ap.add_argument("--luajit", default="luajit")
    ap.add_argument("--no-luajit", action="store_true")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiler's overhead columns")
    ap.add_argument("-n", "--reps", type=int, default=3)
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTR")
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()

    impls = {}
    a.vmrepl = os.path.abspath(a.vmrepl)  # the programs run in their own directory
    if os.access(a.vmrepl, os.X_OK):
        impls[JIT_OFF] = [a.vmrepl, "--jit=off"]
        impls[JIT_ON] = [a.vmrepl, "--jit=on"]
        if not a.no_profile:
            for plain, profiled in PROFILED.items():
                impls[profiled] = impls[plain] + ["--profile=" + PROFILE_REPORT]
    else:
        print(f"warning: no vmrepl at {a.vmrepl}; build it with `swift build -c release`", file=sys.stderr)
    for spec in a.extra:
        name, _, cmd = spec.partition("=")
        if not cmd:
            sys.exit(f"--extra wants NAME=PATH [ARGS], got {spec!r}")
        argv = shlex.split(cmd)
        impls[name] = [os.path.abspath(argv[0]) if os.sep in argv[0] else argv[0]] + argv[1:]
    if shutil.which(a.lua) is None:
        sys.exit(f"{a.lua} not found: the ratios need it (make bench installs it)")
    impls["lua5.4"] = [a.lua]
    if not a.no_luajit and shutil.which(a.luajit):
        impls["luajit -joff"] = [a.luajit, "-joff"]
        impls["luajit"] = [a.luajit]
    # Each profiled column right after its column without: a pair runs back to back.
    names = list(impls)
    for plain, profiled in PROFILED.items():
        if plain in names and profiled in names:
            names.remove(profiled)
            names.insert(names.index(plain) + 1, profiled)
    # Peak memory for every column but `luajit -joff` (luajit's own footprint, less its traces).
    mem_names = [n for n in names if n != "luajit -joff"]

    os.makedirs(RESULTS, exist_ok=True)
    progs = programs(a.only)
    rows, failed = [], False
    for path in progs:
        prog = os.path.relpath(path, HERE)[:-4]
        times = {n: [] for n in names}
        cpus = {n: [] for n in names}
        mem = {n: None for n in names}
        sums, errors = {}, {}
        profile_pairs = {plain: [] for plain in PROFILED}
        profile_costs = {plain: [] for plain in PROFILED}
        for rep in range(a.reps):
            last = {}
            for n in names:  # interleaved so that machine noise spreads over every implementation
                if n in errors:
                    continue
                dt, kib, lines, err, cpu = spawn_measured(impls[n], path, a.timeout)
                if err:
                    errors[n] = err
                    continue
                last[n] = (dt, cpu)
                for plain, profiled in PROFILED.items():
                    if n == profiled and plain in last:
                        (w0, c0), (w1, c1) = last[plain], last[profiled]
                        profile_pairs[plain].append((w1 / w0, c1 / c0 if c0 else None))
                        cost = profile_cost(PROFILE_REPORT)
                        if cost:
                            profile_costs[plain].append(cost)
                times[n].append(dt)
                cpus[n].append(cpu)
                mem[n] = max(mem[n] or 0, kib or 0)
                sums[n] = lines
            print(f"  {prog}: rep {rep + 1}/{a.reps}", file=sys.stderr)
        med = {n: statistics.median(times[n]) if times[n] else None for n in names}
        med_cpu = {n: statistics.median(cpus[n]) if cpus[n] else None for n in names}
        base = sums.get("lua5.4")
        mismatch = sorted(n for n, s in sums.items() if base is not None and s != base)
        if mismatch or errors:
            failed = True
        ratio = {n: (med[n] / med["lua5.4"]) if med[n] and med.get("lua5.4") else None
                 for n in names if n != "lua5.4"}
        facts = jit_facts(impls[JIT_ON], path, a.timeout) if JIT_ON in impls and JIT_ON not in errors else None
        stall = ({str(t): stalls(impls[JIT_ON], path, a.timeout, t) for t in (0, 1)}
                 if JIT_ON in impls and JIT_ON not in errors else None)
        rows.append({"program": prog, "median_s": med, "median_cpu_s": med_cpu, "peak_kib": mem, "ratio": ratio,
                     "checksum": base, "mismatch": mismatch, "errors": errors, "jit_facts": facts,
                     "profile_pairs": profile_pairs, "profile_costs": profile_costs,
                     "stalls": stall})

    others = [n for n in names if n != "lua5.4"]
    header = (["program"] + [f"{n} s" for n in names] + [f"{n}/lua5.4" for n in others]
              + [f"{n} MiB" for n in mem_names] + ["notes"])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        notes = []
        if r["mismatch"]:
            notes.append("CHECKSUM MISMATCH: " + ", ".join(r["mismatch"]))
        for n, e in r["errors"].items():
            notes.append(f"{n} failed ({e})")
        cells = ([r["program"]] + [fmt(r["median_s"][n]) for n in names]
                 + [fmt(r["ratio"].get(n), 2) for n in others]
                 + [fmt(r["peak_kib"][n] / 1024 if r["peak_kib"][n] else None, 1) for n in mem_names]
                 + ["; ".join(notes)])
        lines.append("| " + " | ".join(cells) + " |")
    gm = {n: geomean([r["ratio"].get(n) for r in rows]) for n in others}
    lines.append("| **geometric mean** | " + " | ".join("" for _ in names) + " | "
                 + " | ".join(f"**{fmt(gm[n], 2)}**" for n in others) + " | "
                 + " | ".join("" for _ in mem_names) + " | |")
    table = "\n".join(lines)
    print(table)
    overhead = profile_overhead_table(rows, names)
    if overhead:
        print("\nProfiler overhead at 1 kHz (median of the paired ratios, --profile over without; the "
              "report's own accounts, as shares of the run):\n" + overhead)
        with open(os.path.join(RESULTS, "profile_overhead.md"), "w") as f:
            f.write("# Sampling profiler overhead\n\nPer JIT mode, over "
                    f"{a.reps} pairs of runs (`vmrepl --profile` at 1 kHz right after the same run without): "
                    "the median of the pairs' ratios of wall time and of CPU time (user + system, every "
                    "thread), target at most 1.02; and from each profiled run's report, the share of the "
                    "run spent recording samples on the program's thread and the timer thread's CPU time "
                    "(spent on another core when there is one).\n\n"
                    f"{overhead}\n")
    facts = facts_table(rows)
    if facts:
        print("\nJIT facts (one more run of vmrepl --jit=on --jit-log --jit-stats, not timed):\n" + facts)
    stall_table = stalls_table(rows)
    if stall_table:
        print("\nTier-up stalls of the main thread in microseconds (vmrepl --jit=on --jit-log, "
              "--jit-threads=0 and 1, not timed):\n" + stall_table)

    os.makedirs(RESULTS, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write(f"# Benchmarks, {stamp}\n\nMedian of {a.reps} runs; ratios are time relative to lua5.4 "
                f"(below 1 is faster); memory is peak RSS.\n\n{table}\n")
        if facts:
            f.write("\n## JIT facts\n\nFrom one more run of `vmrepl --jit=on --jit-log --jit-stats` per "
                    "program (not timed): the sums of the compile lines' time and code size; compiles (of "
                    "which with an OSR entry); OSR entries taken; deopts; code versions discarded; "
                    "refusals; the share of the bytecodes run (the library's Lua code included) that ran "
                    "in compiled code.\n\n"
                    + facts + "\n")
        if stall_table:
            f.write("\n## Tier-up stalls\n\nThe main thread's stall per tier-up, from two more runs of "
                    "`vmrepl --jit=on --jit-log` per program: with `--jit-threads=0` each compile "
                    "stalls it for the compile's time; with `--jit-threads=1` the snapshot at the "
                    "queue and the install are its only stalls (each counted).\n\n" + stall_table + "\n")
    with open(os.path.join(RESULTS, "latest.json"), "w") as f:
        json.dump({"date": stamp, "reps": a.reps, "implementations": impls, "rows": rows,
                   "geomean_ratio": gm}, f, indent=1)
    svg_chart(rows, names, os.path.join(RESULTS, "latest.svg"))
    print(f"\nwrote bench/results/latest.md, latest.json, latest.svg", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
