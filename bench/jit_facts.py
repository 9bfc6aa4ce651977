#!/usr/bin/env python3
# jit_facts.py: what one `vmrepl --jit-log --jit-stats` run says about a program, for bench/run.py's
# second table.
#
# Sums and counts over the log's lines (one per JIT event on stderr): compile time and code bytes
# (the sums over `jit: compile` lines), compiles (and how many of them have an OSR entry), OSR
# entries taken, deopts, discarded code versions, refusals, and the most frequent refusal reason;
# and the share of bytecodes run in compiled code, from the `jit-stats:` line --jit-stats prints
# at exit (None, shown "n/a", when the line is missing).
# Python 3 standard library only.
import os
import re
import subprocess

# One `--jit-log` line: "jit: EVENT function (chunk:line) pc N line L: DETAIL", or "jit: discard all
# compiled code (...)" when the whole code memory goes.
LOG_LINE = re.compile(r"^jit: (compile|osr|deopt|discard|refuse) (.*?)(?:: (.*))?$")
COMPILE_DETAIL = re.compile(r"(\d+) bytecodes, (\d+) bytes, (\d+) us")
# --jit-stats' line at exit: "jit-stats: N bytecodes run, X% in compiled code".
STATS_LINE = re.compile(r"^jit-stats: (\d+) bytecodes run, ([\d.]+)% in compiled code$")


def jit_facts(cmd, path, timeout):
    """One untimed run of `cmd --jit-log --jit-stats`; returns the counts and sums of its JIT events
    and the share of bytecodes run in compiled code (percent), or an error string. A refusal is
    counted per line (a site refused again after its counters reset counts again); `top_refusal` is
    the most frequent reason, with its count."""
    try:
        p = subprocess.run(cmd + ["--jit-log", "--jit-stats", os.path.basename(path)],
                           cwd=os.path.dirname(path),
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout after {timeout}s"
    if p.returncode != 0:
        return f"exit {p.returncode}"
    f = {"compiles": 0, "osr_compiles": 0, "osr_entries": 0, "deopts": 0, "discards": 0,
         "refusals": 0, "compile_us": 0, "code_bytes": 0, "share_compiled": None, "top_refusal": None}
    reasons = {}
    for line in p.stderr.decode(errors="replace").splitlines():
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
