#!/usr/bin/env python3
"""Load: many callers for a fixed time, no error, and memory that stays
flat.

Imports demo activity, then keeps CALLERS GetWorkspaceStats calls in flight
for SECONDS (`reliability_tool stats-load`), with hot requests that the
answer cache serves and cold ones (every COLD_EVERYth call, ranges and
filters that seldom repeat) that the store computes (stats_mix.py). Loopback
only. Asserts that no call failed and that the server's resident memory
(VmRSS of /proc/PID/status) at the end is within 10% of what it was after
the warm-up. Prints throughput and p50/p99/max latency.

  load_test.py [--events N] [--callers N] [--seconds S] [--warmup S] [--long]

`--long` marks the long mode: it is skipped (exit 77) unless the
environment has INSIGHTS_LONG_TESTS=1.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import rel_lib
import stats_mix

HOT, COLD, COLD_EVERY = 16, 4000, 4
RSS_TOLERANCE = 0.10


def vm_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for pid %d" % pid)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--callers", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--long", action="store_true")
    args = parser.parse_args()
    if args.long and os.environ.get("INSIGHTS_LONG_TESTS") != "1":
        print("long mode: set INSIGHTS_LONG_TESTS=1 to run it")
        return 77
    assert 0 < args.warmup < args.seconds
    started = time.monotonic()
    with rel_lib.temp_dir() as folder:
        catalog, events, mix, mix_path = stats_mix.prepare(
            folder, args.events, args.seed, HOT, COLD, COLD_EVERY)
        with rel_lib.Server(os.path.join(folder, "server.db"),
                            os.path.join(folder, "server.log")) as server:
            rel_lib.import_files(server, catalog, events, timeout=1200)
            prepared = time.monotonic() - started
            result, rss_warm, rss_end = run_load(server, mix_path, args)
            exit_code = server.stop()
            log = server.log()
    growth = (rss_end - rss_warm) / rss_warm
    print("LOAD: %d callers for %d s over %d events (1 call in %d cold): "
          "%d calls, %.0f calls/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
          "%d errors; server VmRSS %.1f MiB after %.0f s of warm-up, "
          "%.1f MiB at the end (%+.1f%%); data and import %.0f s" % (
              args.callers, args.seconds, args.events, COLD_EVERY,
              result["calls"], result["throughput"], result["p50_ms"],
              result["p99_ms"], result["max_ms"], result["errors"],
              rss_warm / 1024, args.warmup, rss_end / 1024, growth * 100,
              prepared))
    assert result["errors"] == 0, "calls failed, the first: %s" % (
        result["first_error"])
    assert result["calls"] > 0
    assert abs(growth) <= RSS_TOLERANCE, "server memory moved by %+.1f%%" % (
        growth * 100)
    assert exit_code == 0, log[-3000:]
    return 0


def run_load(server, mix_path, args):
    """The load run; the server's VmRSS after the warm-up and at the end."""
    load = subprocess.Popen(
        [rel_lib.TOOL, "stats-load", server.grpc, mix_path,
         str(args.callers), str(args.seconds)],
        stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(args.warmup)
        rss_warm = vm_rss_kib(server.proc.pid)
        out, _ = load.communicate(timeout=args.seconds + 60)
        rss_end = vm_rss_kib(server.proc.pid)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait(timeout=10)
    assert load.returncode == 0, "stats-load exited %d" % load.returncode
    return json.loads(out.strip().splitlines()[-1]), rss_warm, rss_end


if __name__ == "__main__":
    sys.exit(main())
