"""bench/results.md: the table with the command, machine and method."""

import json
import os
import platform
import sqlite3
import subprocess
import time

NOTES = """\
- **Cold**: the first call after the server was restarted on the existing
  database (page cache warm); **hot**: the same call repeated on that server.
  Both are timed by `insights-load query` around the call, after the channel
  is connected (no TCP or HTTP/2 handshake in them).
- **Baselines** run the same four queries on the same events and were
  checked to give the service's exact answer (data, labelers, stats) before
  anything was timed: plain SQLite (`bench/baseline_sqlite.py`, Python's
  sqlite3, one table with no index, times as RFC 3339 text, `date()` for the
  UTC day) and DuckDB (`bench/baseline_duckdb.mjs`, 2 threads, a table
  sorted by time, times as TIMESTAMPTZ). Their time is the statement set,
  after a first untimed run (the verification).
- **n** is the number of runs behind a median. It is below `--runs` where a
  measurement's time budget ran out (`--query-budget` per query and engine,
  `--load-budget` per concurrency level): slow figures are measured fewer
  times so that the whole run keeps to its budget.
- **Load**: `insights-load` keeps N calls in flight from one client thread
  for a measured window after a warmup; service and floor runs alternate.
  The floor is `bench-floor-server`: an empty unary call on a synchronous
  gRPC server with the service's thread quota, whose reply has the size of
  the service's reply; and a minimal HTTP/1.1 response of the REST body's
  size from Boost.Beast, the gateway's library, served the way the gateway
  serves (asynchronous, 2 event-loop threads, TCP_NODELAY, keep-alive) but
  with none of its code. REST load is `wrk -t1`.
- Throughput counts successful answers only; errors are listed with the
  first message (gRPC) or their kind (wrk). wrk's percentiles include the
  error answers.
- **Ingest**: `insights-load ingest` sends the first events of the file in
  batches of 1,000 (parsed beforehand, untimed) into a fresh database; the
  ceiling is `bench-sqlite-insert` (Google Benchmark): the same rows into a
  plain table, one transaction, one prepared statement, WAL and
  synchronous=FULL like the service.
- **Database size** is the file plus its WAL while serving, over the events
  stored; the peak is the largest file + WAL seen while importing.
- The machine is shared: client and server share its cores, so figures vary
  by 15-25% between runs (shared/MEASURED.md).
"""


def _machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        memory_gb = int(info.readline().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} × {cpu}, {memory_gb:.0f} GB, Linux {platform.release()}"


def commit(root):
    """HEAD's short id, and whether the tree had changes (at the run's start)."""
    def git(*args):
        return subprocess.run(["git", "-C", root, *args], capture_output=True,
                              text=True).stdout.strip()
    dirty = " with uncommitted changes" if git("status", "--porcelain") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def _versions(bench):
    package = os.path.join(bench.tools, "node_modules", "@duckdb", "node-api", "package.json")
    duck = json.load(open(package))["version"] if os.path.exists(package) else "?"
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0]
    wrk = wrk.replace("wrk", "").strip().removeprefix("debian/")
    return (f"SQLite {sqlite3.sqlite_version} (Python sqlite3), DuckDB @duckdb/node-api "
            f"{duck} (2 threads), wrk {wrk}, Boost.Beast 1.74 (HTTP floor), gRPC "
            f"{_grpc_version()}")


def _grpc_version():
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libgrpc++-dev"],
                          capture_output=True, text=True)
    return done.stdout.split("-")[0] if done.returncode == 0 else "?"


def _data(results):
    parts = []
    for label, r in results["sizes"].items():
        stored = r.get("import", {}).get("stored")
        parts.append(f"{label}: {r['events']:,} lines" +
                     (f", {stored:,} unique events stored" if stored else ""))
    return "; ".join(parts)


def write(path, bench, results, table, targets):
    phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in results["phases"].items())
    text = f"""# Benchmark results (issue 5)

- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}
- Command: `{bench.args.command or 'scripts/bench'}`
- Commit: {bench.commit} (when the run started; programs copied then)
- Machine: {_machine()}
- Engines: {_versions(bench)}
- Data: `scripts/demo_data.py --seed {bench.args.seed}` ({_data(results)});
  queries on workspace acme-vision, (a) 2024-10-03..2024-12-31, (b) from
  2023-06-01 (clamped to 2023-08-01) to 2024-12-31, (c) (a) with project
  retail-shelf-products, (d) (a) with the busiest person of (a) as labeler
- Wall time: {results['seconds'] / 60:.1f} min ({phases})

{table}

## Targets

{targets}

## How it was measured

{NOTES}"""
    with open(path, "w") as out:
        out.write(text)
