#!/usr/bin/env python3
"""Interleaved A/B timing of termcheck binaries on one command.

On a shared or virtual machine the speed drifts by tens of percent within
minutes, so runs of the binaries alternate (A, B, A, B, ...) and medians
are compared: a drift then slows both alike. Each binary gets its own
compiled-glossary cache directory (the cache keeps one entry per glossary
across builds, so two binaries sharing one would evict each other).

    python3 bench/ab.py --runs 40 /tmp/tc-old /tmp/tc-new -- \\
        check --no-config --format json --fail-on never bench/out/tiny.txt

Prints, per binary, the median and first quartile of wall time and the
median CPU time (user + system) of the process.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("binaries", nargs="+")
    argv = sys.argv[1:]
    if "--" not in argv:
        ap.error("give the termcheck arguments after --")
    cut = argv.index("--")
    args = ap.parse_args(argv[:cut])
    rest = argv[cut + 1 :]
    if not rest:
        ap.error("give the termcheck arguments after --")
    with tempfile.TemporaryDirectory(prefix="termcheck-ab-") as root:
        caches = {b: os.path.join(root, str(i)) for i, b in enumerate(args.binaries)}
        return measure(args, rest, caches)


def measure(args: argparse.Namespace, rest: list[str], caches: dict[str, str]) -> int:
    wall = {b: [] for b in args.binaries}
    cpu = {b: [] for b in args.binaries}
    for i in range(args.warmup + args.runs):
        for b in args.binaries:
            env = dict(os.environ, TERMCHECK_CACHE_DIR=caches[b], RAYON_NUM_THREADS="1")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([b, *rest], env=env, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode not in (0, 1):
                print(f"{b} exited with {done.returncode}", file=sys.stderr)
                return 2
            if i >= args.warmup:
                wall[b].append(elapsed * 1000)
                used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                cpu[b].append(used * 1000)
    for b in args.binaries:
        q1 = statistics.quantiles(wall[b], n=4)[0] if len(wall[b]) > 1 else wall[b][0]
        print(
            f"{b}: wall median {statistics.median(wall[b]):.1f} ms, "
            f"first quartile {q1:.1f} ms; CPU median {statistics.median(cpu[b]):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
