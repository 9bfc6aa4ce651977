#!/usr/bin/env python3
"""Interrupt latency: time from SIGINT to the next prompt, through a pseudo-terminal; with
`--request pause`, time from SIGQUIT (Ctrl-\\) to the `paused>` prompt instead.

Runs the real `vmrepl` on a pty, starts a loop that never ends (different shapes in turn: a tight
loop with no calls, a call-free numeric loop in a function, a call-heavy loop, a loop inside pcall,
a pattern search in the string library), sends SIGINT at a random moment, and measures until
`interrupted` and the fresh prompt are on the screen. One session per JIT mode (default: off, on,
eager), all open at once and interrupted in turn, so that machine noise falls on every mode alike.
With the JIT on, a session also runs with `--jit-log`, and a trial counts as served by compiled
code when the log shows a `stackLimit` deopt between the SIGINT and `interrupted` (the compiled
loop's limit check took the request). Prints a table per mode (median, p90, p99, max) and writes
bench/results/interrupt.md.

The pause (`--request pause`, bench/results/pause.md): the same loops but the one in the string
library (a library function's own loop pauses at the next Lua check, after it returns), SIGQUIT
at a random moment, time until the `paused>` prompt is on the screen; then Ctrl-C typed at that
prompt stops the code. A trial counts as served by compiled code when the pause banner says
`(compiled code)`.

Usage: bench/interrupt/latency.py [--binary PATH] [--modes off,on,eager] [--trials N] [--out FILE]
                                  [--request interrupt|pause] [-- MORE ENGINE OPTIONS]
"""
import argparse, os, pty, random, re, select, signal, statistics, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOOPS = [
    ("tight loop", "while true do end"),
    # Kept under 78 columns with the prompt: the echo must not wrap on the pty's 80.
    ("numeric loop in a function", "local function f(s, i) while true do i = i + 1 s = s + i % 7 end end f(0, 0)"),
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
        return self.read_text_until(needle, timeout)[0]

    def read_text_until(self, needle, timeout):
        """As read_until; returns (time, the cleaned output before the match)."""
        end = time.monotonic() + timeout
        while True:
            clean = ESC.sub(b"", self.buf)
            i = clean.find(needle)
            if i >= 0:
                self.buf = clean[i + len(needle) - 1:]  # keep what follows (and the match's last byte)
                return time.monotonic(), clean[:i]
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


def interrupt_trial(s):
    """SIGINT: the time until `interrupted` and the next prompt, and whether compiled code served it."""
    t0 = time.monotonic()
    os.kill(s.pid, signal.SIGINT)
    _, before = s.read_text_until(b"interrupted", 5)
    t1 = s.read_until(b"\n> ", 5)
    return t1 - t0, any(l.startswith(b"jit: deopt") and l.endswith(b": stackLimit") for l in before.split(b"\n"))


def pause_trial(s):
    """SIGQUIT: the time until the `paused>` prompt; then Ctrl-C at that prompt stops the code."""
    t0 = time.monotonic()
    os.kill(s.pid, signal.SIGQUIT)
    t1, before = s.read_text_until(b"paused> ", 5)
    s.type("\x03")
    s.read_until(b"\n> ", 5)
    return t1 - t0, b"(compiled code)" in before


def sessions(binary, engines, trials, rng, pause=False):
    """One REPL session per engine option list, all open at once: each trial interrupts the same
    loop shape in every session in turn, so that machine noise spreads over the modes alike.
    Returns per session, per shape, the latencies in ms and how many the compiled code served."""
    live = []
    try:
        for engine in engines:
            live.append(Session([binary] + engine))
            live[-1].read_until(b"\n> ", 10)
        loops = [l for l in LOOPS if not (pause and l[0] == "string.find")]
        samples = [{name: [] for name, _ in loops} for _ in live]
        compiled = [{name: 0 for name, _ in loops} for _ in live]
        for trial in range(trials):
            name, code = loops[trial % len(loops)]
            for k, s in enumerate(live):
                s.type(code + "\n")
                s.read_until(code[-12:].encode() + b"\n", 5)  # the echo: the line was accepted
                time.sleep(rng.uniform(0.02, 0.08))
                took, by_compiled = (pause_trial if pause else interrupt_trial)(s)
                samples[k][name].append(took * 1000.0)
                compiled[k][name] += by_compiled
    finally:
        for s in live:
            s.close()
    return samples, compiled


def table(samples, compiled, logged):
    every = [x for xs in samples.values() for x in xs]
    rows = [(name, xs) for name, xs in samples.items() if xs] + [("all", every)]
    lines = ["| code running | trials | p50 ms | p90 ms | p99 ms | max ms | served by compiled code |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, xs in rows:
        n = sum(compiled.values()) if name == "all" else compiled.get(name, 0)
        lines.append("| %s | %d | %.2f | %.2f | %.2f | %.2f | %s |" % (
            name, len(xs), statistics.median(xs), percentile(xs, 90), percentile(xs, 99), max(xs),
            "%d/%d" % (n, len(xs)) if logged else "-"))
    p99 = percentile(every, 99)
    verdict = "p99 %.2f ms: %s the 10 ms target" % (p99, "within" if p99 < 10 else "OVER")
    return "\n".join(lines), verdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.environ.get("VMREPL", os.path.join(ROOT, ".build/release/vmrepl")))
    ap.add_argument("--modes", default="off,on,eager", help="JIT modes, one session each")
    ap.add_argument("--trials", type=int, default=250, help="per mode, spread over the loop shapes")
    ap.add_argument("--out", default=None, help="default bench/results/interrupt.md (pause.md)")
    ap.add_argument("--request", choices=["interrupt", "pause"], default="interrupt")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("engine", nargs="*", help="more engine options passed to vmrepl (after --)")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit("latency.py: no vmrepl binary at %s (build it: swift build -c release)" % args.binary)
    rng = random.Random(args.seed)
    out = []
    pause = args.request == "pause"
    args.out = args.out or os.path.join(ROOT, "bench/results/%s.md" % ("pause" if pause else "interrupt"))
    modes = [m for m in args.modes.split(",") if m]
    engines = [["--jit=" + m] + (["--jit-log"] if m != "off" and not pause else []) + args.engine for m in modes]
    samples, compiled = sessions(args.binary, engines, args.trials, rng, pause)
    for k, engine in enumerate(engines):
        text, verdict = table(samples[k], compiled[k], modes[k] != "off")
        print("\n%s\n%s\n%s" % (" ".join(engine), text, verdict))
        out.append("## `vmrepl %s`\n\n%s\n\n%s\n" % (" ".join(engine), text, verdict))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        if pause:
            f.write("# Pause latency: Ctrl-\\ (SIGQUIT) to the `paused>` prompt\n\n")
            f.write("Measured by `bench/interrupt/latency.py --request pause` through a pseudo-terminal: %d trials\n"
                    "per engine mode (one session per mode, paused in turn), SIGQUIT sent at a random moment\n"
                    "(20-80 ms into the run), time until the `paused>` prompt is on the screen; Ctrl-C typed there\n"
                    "then stops the code. A trial counts as served by compiled code when the pause banner says\n"
                    "`(compiled code)`. Host: %s, %d CPUs.\n\n" % (args.trials, os.uname().machine, os.cpu_count()))
            f.write("\n".join(out))
            return
        f.write("# Interrupt latency: SIGINT to the next prompt\n\n")
        f.write("Measured by `bench/interrupt/latency.py` through a pseudo-terminal: %d trials per engine\n"
                "mode (one session per mode, interrupted in turn), SIGINT sent at a random moment (20-80 ms into the run), time until `interrupted` and\n"
                "the fresh prompt are on the screen. With the JIT on, the session logs JIT events\n"
                "(`--jit-log`), and a trial counts as served by compiled code when its log shows the\n"
                "compiled loop's limit check exiting (`stackLimit`). Host: %s, %d CPUs.\n\n"
                % (args.trials, os.uname().machine, os.cpu_count()))
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
