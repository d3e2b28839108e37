#!/usr/bin/env python3
"""The benchmark of issue 5, run by scripts/bench once everything is built.

For each size: generated data (cached), the baselines' tables (cached), a
fresh service database filled through insights-client, the four queries
verified against both baselines, then timed; at the largest size the load
runs against the floors; the ingest rate against SQLite's ceiling. Prints one
markdown table and writes it, with how it was made, to bench/results.md.
Every server listens on 127.0.0.1 and is stopped by its own pid.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import measure_ingest
import measure_load
import measure_queries
import prepare
import report
import results_file
from runner import BenchError, Phases, log, median

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_size(text):
    units = {"k": 1_000, "M": 1_000_000}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def parse_args():
    parser = argparse.ArgumentParser(description="Annotation Insights benchmark (issue 5)")
    parser.add_argument("--sizes", default="1M,10M",
                        help="events per data set: 200k,1M,10M")
    parser.add_argument("--runs", type=int, default=5, help="runs behind each median")
    parser.add_argument("--seed", type=int, default=1, help="seed of scripts/demo_data.py")
    parser.add_argument("--query-budget", type=float, default=60,
                        help="seconds one query may use per engine before fewer runs are made")
    parser.add_argument("--concurrency", default="1,16,64", help="calls in flight under load")
    parser.add_argument("--load-seconds", type=float, default=2,
                        help="measured window of a load run")
    parser.add_argument("--load-budget", type=float, default=25,
                        help="seconds per concurrency level and protocol")
    parser.add_argument("--ingest-events", type=parse_size, default=100_000,
                        help="events per ingest run (the first lines of the smallest size)")
    parser.add_argument("--ingest-budget", type=float, default=60,
                        help="seconds of ingest runs before fewer are made")
    parser.add_argument("--no-import-cache", dest="import_cache", action="store_false",
                        help="import every size afresh instead of reusing the database "
                             "imported by an earlier run with the same store code")
    parser.add_argument("--import-limit", type=float, default=1200,
                        help="seconds an import may take (0: no limit); a size whose import "
                             "is expected to take longer is skipped")
    parser.add_argument("--max-db-gb", type=float, default=40,
                        help="an import stops when database + WAL grow past this")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="the build folder with the programs and bench-data/")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results.md"),
                        help="where the results go")
    parser.add_argument("--command", default="", help="the command line, for results.md")
    args = parser.parse_args()
    args.size_list = sorted(parse_size(s) for s in args.sizes.split(","))
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    return args


def label(events):
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if events >= unit and events % unit == 0:
            return f"{events // unit}{name}"
    return str(events)


class Bench:
    """Paths and settings every step uses."""

    def __init__(self, args):
        self.args = args
        self.root = ROOT
        build = args.build
        self.server = os.path.join(build, "server", "insights-server")
        self.client = os.path.join(build, "client", "insights-client")
        self.load = os.path.join(build, "bench", "insights-load")
        self.floor = os.path.join(build, "bench", "bench-floor-server")
        self.sqlite_insert = os.path.join(build, "bench", "bench-sqlite-insert")
        self.tools = os.path.join(build, "bench-tools")
        self.data_root = os.path.join(build, "bench-data")
        self.run_dir = os.path.join(self.data_root, "run-" + time.strftime("%Y%m%d-%H%M%S"))
        os.makedirs(self.run_dir)
        self._snapshot_programs()
        helptext = subprocess.run([self.server, "--help"], capture_output=True, text=True).stdout
        self.has_gateway = "--http-addr" in helptext
        self.api_key = None

    def _snapshot_programs(self):
        """Copies the programs into the run's folder: build/ is shared, and
        a rebuild during the run must not change what is being measured."""
        folder = os.path.join(self.run_dir, "bin")
        os.makedirs(folder)
        for attribute in ("server", "client", "load", "floor", "sqlite_insert"):
            path = getattr(self, attribute)
            if not os.access(path, os.X_OK):
                raise BenchError(f"{path} is missing: build first (scripts/bench does)")
            copy = os.path.join(folder, os.path.basename(path))
            shutil.copy2(path, copy)
            setattr(self, attribute, copy)
        self.commit = results_file.commit(self.root)

    def script(self, name):
        return os.path.join(self.root, "bench", name)

    def server_command(self, db):
        command = [self.server, "--grpc-addr", "127.0.0.1:0", "--db", db]
        return command + (["--http-addr", "127.0.0.1:0"] if self.has_gateway else [])


def measure_size(bench, phases, events, rate):
    """Everything of one size; returns (results, service database or None).
    `rate` (events/s) predicts the import: a size whose import would run
    past --import-limit is skipped before anything is generated for it."""
    name = label(events)
    r = {"events": events}
    expected = events / rate
    if (bench.args.import_limit and expected > bench.args.import_limit
            and not prepare.cached_import_exists(bench, prepare.data_dir(bench, events))):
        r["skipped"] = (f"importing {events:,} events at {rate:,.0f} events/s (the slowest "
                        f"ingest rate measured so far in this run) would take about "
                        f"{expected:,.0f} s, past --import-limit {bench.args.import_limit:.0f} s")
        log(r["skipped"])
        return r, None
    folder, r["data_cached"] = phases.run(f"data {name}", prepare.generate, bench, events)
    catalog = json.load(open(os.path.join(folder, "catalog.json")))
    bench.api_key = next(w["apiKeys"][0] for w in catalog["workspaces"] if w["id"] == "acme-vision")
    sqlite_db, duck_db = phases.run(f"baseline tables {name}", prepare.baseline_databases,
                                    bench, folder)
    r["plain_sqlite_bytes"] = os.path.getsize(sqlite_db)
    r["duckdb_bytes"] = os.path.getsize(duck_db)

    db = os.path.join(bench.run_dir, f"service-{name}.db")
    r["import"] = phases.run(f"import {name}", prepare.service_database, bench, folder, db)
    if "aborted" in r["import"]:
        r["skipped"] = f"import stopped: {r['import']['aborted']}"
        log(r["skipped"])
        prepare.remove_db(db)
        return r, None

    defs, queries_path, facts = phases.run(f"verify {name}", measure_queries.verify, bench,
                                           name, folder, db, sqlite_db, duck_db)
    r.update(facts)
    r["queries"] = defs
    r["service"], r["start_seconds"] = phases.run(f"service queries {name}",
                                                  measure_queries.time_service, bench, db, defs)
    r["baselines"] = phases.run(f"baseline queries {name}", measure_queries.time_baselines,
                                bench, sqlite_db, duck_db, queries_path)
    return r, db


def main():
    args = parse_args()
    bench = Bench(args)
    try:
        run(bench)
    finally:
        shutil.rmtree(os.path.join(bench.run_dir, "bin"), ignore_errors=True)


def run(bench):
    args = bench.args
    phases = Phases()
    started = time.time()
    results = {"sizes": {}, "phases": phases.seconds}

    smallest = args.size_list[0]
    folder, _ = phases.run(f"data {label(smallest)}", prepare.generate, bench, smallest)
    results["ingest"] = phases.run("ingest", measure_ingest.measure, bench, folder)
    results["ingest"]["size"] = label(smallest)
    rate = median([run["events_per_s"] for run in results["ingest"]["service"]])

    serving = None  # (label, db, results) of the largest size measured
    for events in args.size_list:
        r, db = measure_size(bench, phases, events, rate)
        results["sizes"][label(events)] = r
        if "import" in r and "events_per_s" in r["import"]:
            rate = min(rate, r["import"]["events_per_s"])
        if db:
            if serving:
                prepare.remove_db(serving[1])
            serving = (label(events), db, r)
    if serving:
        name, db, r = serving
        hot_a = median(r["service"]["a"]["hot"]) / 1000
        results["load"] = phases.run("load", measure_load.measure, bench, db, r["queries"][0],
                                     r["service"]["a"]["reply_bytes"], hot_a, r.get("rest"),
                                     r["rest_body_bytes"])
        results["load"]["size"] = name
        prepare.remove_db(db)

    results["seconds"] = time.time() - started
    json.dump(results, open(os.path.join(bench.run_dir, "results.json"), "w"), indent=1,
              default=str)
    table, targets = report.build(results)
    print(table)
    print()
    print(targets)
    results_file.write(args.out, bench, results, table, targets)
    log(f"wrote {args.out}; raw figures in {bench.run_dir}/results.json")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        print(f"\nBENCH FAILED: {error}", file=sys.stderr)
        sys.exit(1)
