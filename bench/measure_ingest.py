"""Ingest: events per second through IngestEvents in batches of 1,000 into a
fresh database, against SQLite's raw ceiling for the same rows (one
transaction, one prepared statement; bench-sqlite-insert)."""

import json
import os
import subprocess

from prepare import remove_db
from runner import BenchError, repeat, run_json
from service import CLEAN_ENV, Server


def service_rate(bench, folder, events):
    """One run: fresh database, catalog, then the first `events` lines."""
    db = os.path.join(bench.run_dir, "ingest.db")
    remove_db(db)
    log_path = os.path.join(bench.run_dir, "ingest-server.log")
    with Server(bench.server_command(db), log_path) as server:
        address = f"127.0.0.1:{server.grpc_port}"
        subprocess.run([bench.client, "--addr", address, "import", "--catalog",
                        os.path.join(folder, "catalog.json")],
                       check=True, stdout=subprocess.DEVNULL, env=CLEAN_ENV, timeout=120)
        result = run_json([bench.load, "--addr", address, "ingest", "--events",
                           os.path.join(folder, "events.jsonl"), "--limit", str(events),
                           "--batch", "1000"], timeout=3600)
    remove_db(db)
    return result


def ceiling_runs(bench):
    """At least 5: a repetition takes a second, and its commit's fsync makes
    it the noisiest figure on a shared disk."""
    return max(bench.args.runs, 5)


def sqlite_ceiling(bench, folder, events):
    """Google Benchmark's median over ceiling_runs() repetitions, in events/s."""
    out = os.path.join(bench.run_dir, "sqlite-insert.json")
    subprocess.run([bench.sqlite_insert, "--events", os.path.join(folder, "events.jsonl"),
                    "--limit", str(events), "--db", os.path.join(bench.run_dir, "ceiling.db"),
                    f"--benchmark_repetitions={ceiling_runs(bench)}",
                    "--benchmark_report_aggregates_only=true",
                    f"--benchmark_out={out}", "--benchmark_out_format=json"],
                   check=True, stdout=subprocess.DEVNULL, timeout=3600)
    for entry in json.load(open(out))["benchmarks"]:
        if entry.get("aggregate_name") == "median":
            return entry["events_per_s"]
    raise BenchError(f"no median in {out}")


def measure(bench, folder):
    events = bench.args.ingest_events
    runs = repeat(lambda: service_rate(bench, folder, events), bench.args.runs,
                  bench.args.ingest_budget, seconds_of=lambda r: r["seconds"])
    return {"events": events, "service": runs, "ceiling": sqlite_ceiling(bench, folder, events),
            "ceiling_runs": ceiling_runs(bench)}
