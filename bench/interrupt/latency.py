#!/usr/bin/env python3
"""Interrupt latency: time from SIGINT to the next prompt, through a pseudo-terminal.

Runs the real `vmrepl` on a pty, starts a loop that never ends (different shapes in turn: a tight
loop with no calls, a call-heavy loop, a loop inside pcall, a pattern search in the string library),
sends SIGINT at a random moment, and measures until `interrupted` and the fresh prompt are on the
screen. Prints a table (median, p90, p99, max) and writes bench/results/interrupt.md.

Usage: bench/interrupt/latency.py [--binary PATH] [--trials N] [--out FILE] [-- ENGINE OPTIONS]
"""
import argparse, os, pty, random, re, select, signal, statistics, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOOPS = [
    ("tight loop", "while true do end"),
    ("calls", "local function f(x) return x + 1 end local i = 0 while true do i = f(i) end"),
    ("in pcall", "pcall(function() local t = {} while true do t[1] = (t[1] or 0) + 1 end end)"),
    ("string.find", "string.find(string.rep('a', 3000), '.-.-.-.-.-b')"),
]
ESC = re.compile(rb"\x1b\[[0-9;?]*[@-~]|[\r\x07\x08]")


class Session:
    def __init__(self, argv):
        env = dict(os.environ, TERM="xterm", VMREPL_HISTORY="")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        self.buf = b""

    def read_until(self, needle, timeout):
        """Reads until the cleaned output (since the last call) contains needle; returns the time."""
        end = time.monotonic() + timeout
        while True:
            clean = ESC.sub(b"", self.buf)
            i = clean.find(needle)
            if i >= 0:
                self.buf = clean[i + len(needle) - 1:]  # keep what follows (and the match's last byte)
                return time.monotonic()
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %r in %r" % (needle, clean[-300:]))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                self.buf += os.read(self.fd, 65536)

    def type(self, text):
        os.write(self.fd, text.encode())

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def percentile(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.environ.get("VMREPL", os.path.join(ROOT, ".build/release/vmrepl")))
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/interrupt.md"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("engine", nargs="*", help="engine options passed to vmrepl (after --)")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit("latency.py: no vmrepl binary at %s (build it: swift build -c release)" % args.binary)
    rng = random.Random(args.seed)
    s = Session([args.binary] + args.engine)
    samples = {name: [] for name, _ in LOOPS}
    try:
        s.read_until(b"\n> ", 10)
        for trial in range(args.trials):
            name, code = LOOPS[trial % len(LOOPS)]
            s.type(code + "\n")
            s.read_until(code[-12:].encode() + b"\n", 5)  # the echo: the line was accepted
            time.sleep(rng.uniform(0.02, 0.08))
            t0 = time.monotonic()
            os.kill(s.pid, signal.SIGINT)
            s.read_until(b"interrupted", 5)
            t1 = s.read_until(b"\n> ", 5)
            samples[name].append((t1 - t0) * 1000.0)
    finally:
        s.close()

    every = [x for xs in samples.values() for x in xs]
    rows = [(name, xs) for name, xs in samples.items() if xs] + [("all", every)]
    lines = ["| code running | trials | median ms | p90 ms | p99 ms | max ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, xs in rows:
        lines.append("| %s | %d | %.2f | %.2f | %.2f | %.2f |" % (
            name, len(xs), statistics.median(xs), percentile(xs, 90), percentile(xs, 99), max(xs)))
    p99 = percentile(every, 99)
    verdict = "p99 %.2f ms: %s the 10 ms target" % (p99, "within" if p99 < 10 else "OVER")
    table = "\n".join(lines)
    print(table)
    print(verdict)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("# Interrupt latency: SIGINT to the next prompt\n\n")
        f.write("Measured by `bench/interrupt/latency.py` through a pseudo-terminal: %d trials, SIGINT sent\n"
                "at a random moment (20-80 ms into the run), time until `interrupted` and the fresh prompt\n"
                "are on the screen. Engine options: %s. Host: %s, %d CPUs.\n\n"
                % (args.trials, " ".join(args.engine) or "(defaults)", os.uname().machine, os.cpu_count()))
        f.write(table + "\n\n" + verdict + "\n")


if __name__ == "__main__":
    main()
