#!/usr/bin/env python3
# jit_facts.py: what one `vmrepl --jit-log --jit-stats` run says about a program, for bench/run.py's
# second table.
#
# Sums and counts over the log's lines (one per JIT event on stderr): compile time and code bytes
# (the sums over `jit: compile` lines), compiles (and how many of them have an OSR entry), OSR
# entries taken, deopts, discarded code versions, refusals, and the most frequent refusal reason;
# and the share of bytecodes run in compiled code, from the `jit-stats:` line --jit-stats prints
# at exit (None, shown "n/a", when the line is missing). And the main thread's stall per tier-up,
# from two more runs (`stalls`): compiling synchronously (`--jit-threads=0`) a tier-up stalls the
# program for the whole compile (each `jit: compile` line's time); in the background
# (`--jit-threads=1`) for the snapshot (`jit: queue ... snapshot N us`) and, later, the install
# (`jit: install ... install N us`), each a stall of its own. (A synchronous compile refused by
# the speed policy after it was built stalls too, untimed in the log: the synchronous figures are
# a lower bound.)
# Python 3 standard library only.
import math
import os
import re
import subprocess

# One `--jit-log` line: "jit: EVENT function (chunk:line) pc N line L: DETAIL", or "jit: discard all
# compiled code (...)" when the whole code memory goes.
LOG_LINE = re.compile(r"^jit: (compile|osr|deopt|discard|refuse) (.*?)(?:: (.*))?$")
COMPILE_DETAIL = re.compile(r"(\d+) bytecodes, (\d+) bytes, (\d+) us(?: \(cpu (\d+) us\))?")
SNAPSHOT_DETAIL = re.compile(r"^jit: queue .*: .*, snapshot (\d+) us \(cpu (\d+) us\)")
INSTALL_DETAIL = re.compile(r"^jit: install .*: .*, install (\d+) us \(cpu (\d+) us\)")
# --jit-stats' line at exit: "jit-stats: N bytecodes run, X% in compiled code".
STATS_LINE = re.compile(r"^jit-stats: (\d+) bytecodes run, ([\d.]+)% in compiled code$")


def logged_run(cmd, path, timeout):
    """Run `cmd` on the program at `path` (from its directory), untimed: its stderr as lines, or an
    error string (a timeout, a failing exit status)."""
    try:
        p = subprocess.run(cmd + [os.path.basename(path)], cwd=os.path.dirname(path),
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout after {timeout}s"
    if p.returncode != 0:
        return f"exit {p.returncode}"
    return p.stderr.decode(errors="replace").splitlines()


def jit_facts(cmd, path, timeout):
    """One untimed run of `cmd --jit-log --jit-stats`; returns the counts and sums of its JIT events
    and the share of bytecodes run in compiled code (percent), or an error string. A refusal is
    counted per line (a site refused again after its counters reset counts again); `top_refusal` is
    the most frequent reason, with its count."""
    log = logged_run(cmd + ["--jit-log", "--jit-stats"], path, timeout)
    if not isinstance(log, list):
        return log
    f = {"compiles": 0, "osr_compiles": 0, "osr_entries": 0, "deopts": 0, "discards": 0,
         "refusals": 0, "compile_us": 0, "code_bytes": 0, "share_compiled": None, "top_refusal": None}
    reasons = {}
    for line in log:
        s = STATS_LINE.match(line)
        if s:
            f["share_compiled"] = float(s.group(2))
            continue
        m = LOG_LINE.match(line)
        if not m:
            continue
        event, detail = m.group(1), m.group(3) or ""
        if event == "compile":
            c = COMPILE_DETAIL.search(detail)
            f["compiles"] += 1
            f["osr_compiles"] += "OSR entry" in detail
            if c:
                f["code_bytes"] += int(c.group(2))
                f["compile_us"] += int(c.group(3))
        elif event == "osr":
            f["osr_entries"] += 1
        elif event == "deopt":
            f["deopts"] += 1
        elif event == "discard":
            f["discards"] += 1
        else:
            f["refusals"] += 1
            reasons[detail] = reasons.get(detail, 0) + 1
    if reasons:
        why = max(reasons, key=lambda k: (reasons[k], k))
        f["top_refusal"] = f"{why} ({reasons[why]}x)"
    return f


def stalls(cmd, path, timeout, threads):
    """One untimed run of `cmd --jit-log --jit-threads=THREADS`: the main thread's stall of each
    tier-up event in microseconds (see the header), as (wall, cpu) pairs, or an error string. The
    CPU time is the thread's own, without the time the machine gave other threads."""
    log = logged_run(cmd + ["--jit-log", f"--jit-threads={threads}"], path, timeout)
    if not isinstance(log, list):
        return log
    out = []
    for line in log:
        if threads == 0:
            m = LOG_LINE.match(line)
            c = COMPILE_DETAIL.search(m.group(3) or "") if m and m.group(1) == "compile" else None
            if c:
                out.append((int(c.group(3)), int(c.group(4) or c.group(3))))
        else:
            m = SNAPSHOT_DETAIL.match(line) or INSTALL_DETAIL.match(line)
            if m:
                out.append((int(m.group(1)), int(m.group(2))))
    return out


def stall_summary(us):
    """(count, p99, max) of a list of stalls in microseconds; p99 is the nearest rank."""
    if not us:
        return (0, None, None)
    xs = sorted(us)
    return (len(xs), xs[max(0, math.ceil(0.99 * len(xs)) - 1)], xs[-1])


def stalls_table(rows):
    header = ["program", "synchronous: tier-ups", "p99 us", "max us", "max cpu us",
              "background: stalls", "p99 us", "max us", "max cpu us"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    every = {0: [], 1: []}
    for r in rows:
        st = r.get("stalls")
        if not st:
            continue
        cells = [r["program"]]
        for t in (0, 1):
            v = st.get(str(t))
            if isinstance(v, str):
                cells += [f"({v})", "", "", ""]
                continue
            every[t] += v
            n, p99, mx = stall_summary([w for w, _ in v])
            cells += [str(n), "" if p99 is None else str(p99), "" if mx is None else str(mx)]
            cells.append(str(max((c for _, c in v), default="")))
        lines.append("| " + " | ".join(cells) + " |")
    if len(lines) == 2:
        return ""
    cells = ["**all programs**"]
    for t in (0, 1):
        n, p99, mx = stall_summary([w for w, _ in every[t]])
        cells += [str(n), "" if p99 is None else f"**{p99}**", "" if mx is None else f"**{mx}**",
                  f"**{max((c for _, c in every[t]), default='')}**"]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def facts_table(rows):
    header = ["program", "compile ms", "code bytes", "compiles (OSR)", "OSR entries", "deopts",
              "discards", "refusals", "bytecodes run compiled", "most frequent refusal"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 3) + "---|---|"]
    for r in rows:
        f = r.get("jit_facts")
        if f is None:
            continue
        if isinstance(f, str):
            lines.append(f"| {r['program']} | (the --jit-log run failed: {f}) |" + " |" * (len(header) - 2))
            continue
        lines.append("| " + " | ".join([
            r["program"], f"{f['compile_us'] / 1000:.2f}", str(f["code_bytes"]),
            f"{f['compiles']} ({f['osr_compiles']})", str(f["osr_entries"]), str(f["deopts"]),
            str(f["discards"]), str(f["refusals"]),
            "n/a" if f["share_compiled"] is None else f"{f['share_compiled']:.1f}%",
            (f["top_refusal"] or "").replace("|", "\\|")]) + " |")
    return "\n".join(lines) if len(lines) > 2 else ""
