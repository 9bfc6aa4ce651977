# Makefile: the commands a person needs: run the REPL, run every test, run the benchmarks.
#
#   make run     install what is missing, build release, start vmrepl
#   make test    install what is missing, build release with the tests, run every test target
#   make bench   build release, run bench/ on vmrepl (--jit=off and on, each also with the
#                sampling profiler at 1 kHz: its overhead), lua5.4 and luajit (-joff and on)
#                (bench/run.py), plus the interrupt-check cost and the latencies of Ctrl-C and
#                Ctrl-\ (pause), interpreted and compiled (bench/interrupt/); `make bench-suite` skips those
#   make fuzz    only the CLI fuzz test (FUZZ_SEED=N to replay a run)
#   make install build release, copy vmrepl to PREFIX/bin (PREFIX=/usr/local unless given)
#   make clean   remove build products
#
# Everything is built in release: the script suites run the interpreter many times over, and a
# debug interpreter is about five times slower. `swift test -c release` builds with testability
# (so @testable imports work), which differs from the plain release build of `run` and `bench`:
# switching between them recompiles.

SHELL := /bin/bash
SWIFT ?= swift
BUILD := $(SWIFT) build -c release
# Not `--parallel`: it hides XCTest's summary line and gains nothing on two cores (the script
# suites run their children two at a time themselves).
# The suites are XCTest; Swift Testing is off so the run does not close on its "0 tests" line.
TEST  := $(SWIFT) test -c release --disable-swift-testing

.PHONY: run test bench bench-suite fuzz clean deps bench-deps build install

PREFIX ?= /usr/local

# Installs the system packages the build and the tests need (and, for bench-deps, python3 and GNU
# time, which bench/run.py uses for peak memory), only those missing, after one `apt-get update`.
# Uses sudo only when not root.
CHECK_CORE = [ -f /usr/include/editline/readline.h ] || missing="$$missing libedit-dev"; \
	[ -f /usr/include/capstone/capstone.h ] || missing="$$missing libcapstone-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v lua5.4 >/dev/null 2>&1 || missing="$$missing lua5.4"; \
	command -v luajit >/dev/null 2>&1 || missing="$$missing luajit";
CHECK_BENCH = command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	[ -x /usr/bin/time ] || missing="$$missing time";
INSTALL = if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# The script tests compare with Lua 5.4.8 through PyPI's lupa (Tests/Reference/lua548.py); without
# it they fall back to Debian's lua5.4 (5.4.4), so a failed install only narrows the comparison.
LUPA = python3 -c 'import lupa.lua54' 2>/dev/null || { echo "installing: lupa (Lua 5.4.8 reference)"; \
	python3 -m pip install -q lupa 2>/dev/null || python3 -m pip install -q --break-system-packages lupa || \
	echo "lupa not installed: the script tests compare with lua5.4 (5.4.4)"; };

deps:
	@missing=""; $(CHECK_CORE) $(INSTALL); $(LUPA)

bench-deps:
	@missing=""; $(CHECK_CORE) $(CHECK_BENCH) $(INSTALL)

build: deps
	$(BUILD) --product vmrepl

run: build
	"$$($(BUILD) --show-bin-path)/vmrepl"

# The release binary as PREFIX/bin/vmrepl (e.g. `make install PREFIX=$HOME/.local`).
install: build
	install -d "$(PREFIX)/bin"
	install -m 755 "$$($(BUILD) --show-bin-path)/vmrepl" "$(PREFIX)/bin/vmrepl"

# Runs every test target; prints XCTest's summary line at the end and fails if anything failed.
test: deps
	@set -o pipefail; \
	mkdir -p .build; log=".build/test.log"; \
	$(TEST) 2>&1 | tee "$$log"; status=$$?; \
	echo; echo "=== summary ==="; \
	summary=$$(grep -E "Executed [0-9]+ tests?," "$$log" | tail -n 1); echo "$$summary"; \
	total=$$(echo "$$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/'); \
	failed=$$(echo "$$summary" | sed -E 's/.* ([0-9]+) failures?.*/\1/'); \
	skipped=$$(echo "$$summary" | sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p'); skipped=$${skipped:-0}; \
	if [ -n "$$total" ] && [ -n "$$failed" ]; then \
	  echo "$$((total - failed - skipped)) passed, $$failed failed, $$skipped skipped"; fi; \
	exit $$status

fuzz: deps
	$(TEST) --filter CLIFuzzTests

# bench/run.py on a release vmrepl; with bench/interrupt/ present, the same run also carries a
# column for a build without the back-edge check (check_cost.py builds both, then counts the check's
# instructions with callgrind, interpreted and compiled), then the interrupt latency (Ctrl-C to the
# next prompt) and the pause latency (Ctrl-\ to the paused> prompt) through a pty, with the JIT
# off, on and eager. BENCH_ARGS go to bench/run.py (e.g. BENCH_ARGS="-n 5 --only fib").
bench: bench-deps
	@if [ -f bench/interrupt/check_cost.py ]; then \
	  python3 bench/interrupt/check_cost.py $(BENCH_ARGS); \
	else \
	  $(BUILD) --product vmrepl && \
	  python3 bench/run.py --vmrepl "$$($(BUILD) --show-bin-path)/vmrepl" $(BENCH_ARGS); \
	fi
	@if [ -f bench/interrupt/latency.py ]; then \
	  python3 bench/interrupt/latency.py --binary "$$($(BUILD) --show-bin-path)/vmrepl"; \
	  python3 bench/interrupt/latency.py --request pause --trials 100 --binary "$$($(BUILD) --show-bin-path)/vmrepl"; \
	fi

# Only the bench/ programs, without the interrupt measurements.
bench-suite: bench-deps
	$(BUILD) --product vmrepl
	python3 bench/run.py --vmrepl "$$($(BUILD) --show-bin-path)/vmrepl" $(BENCH_ARGS)

clean:
	rm -rf .build .build-nocheck bench/results
