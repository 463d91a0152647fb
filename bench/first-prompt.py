#!/usr/bin/env python3
"""Time from launching `evermed-ops` (no arguments, on a pseudo-terminal) to its first prompt.

Usage: first-prompt.py BINARY RUNS  → prints one duration in nanoseconds per line.
A benchmark helper, not a test: the console needs a terminal to show its prompt, so it runs under a pty.
"""
import os, pty, select, sys, time

def once(binary):
    start = time.monotonic_ns()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary])
    seen = b""
    deadline = start + 5_000_000_000
    while b"evermed-ops> " not in seen:
        if time.monotonic_ns() > deadline:
            os.kill(pid, 9)
            raise SystemExit("no prompt within 5 s")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    elapsed = time.monotonic_ns() - start
    # Ctrl-D to leave. libedit sets up the terminal right after printing the prompt, and that discards
    # type-ahead, so wait a moment; if the console still has not exited, end it (not timed either way).
    time.sleep(0.05)
    os.write(fd, b"\x04")
    for _ in range(40):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    return elapsed

binary, runs = sys.argv[1], int(sys.argv[2])
once(binary)                       # warm-up: page cache, dynamic loader
for _ in range(runs):
    print(once(binary))
