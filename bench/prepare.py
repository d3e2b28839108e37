"""Data for one size: the generated files and the baselines' databases,
cached in build/bench-data/<events>-seed<seed>/, and a service database
filled through the service's own importer, cached there too for as long as
the code that writes it is unchanged."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

from runner import BenchError, log, run_json
from service import CLEAN_ENV, Server

# Bump when a baseline's loader changes, so that old caches are not reused.
PLAIN_SQLITE_FILE = "plain-v2.sqlite"
DUCKDB_FILE = "duckdb-v1.duckdb"


def data_dir(bench, events):
    return os.path.join(bench.data_root, f"{events}-seed{bench.args.seed}")


def generate(bench, events):
    """catalog.json and events.jsonl of the project's own generator."""
    folder = data_dir(bench, events)
    if os.path.exists(os.path.join(folder, "events.jsonl")):
        return folder, True
    partial = folder + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(bench.root, "scripts", "demo_data.py"),
                    "--out", partial, "--events", str(events), "--seed", str(bench.args.seed)],
                   check=True, stdout=subprocess.DEVNULL)
    os.replace(partial, folder)
    return folder, False


def baseline_databases(bench, folder):
    """The plain SQLite table and the DuckDB table of the same events."""
    sqlite_db = os.path.join(folder, PLAIN_SQLITE_FILE)
    duck_db = os.path.join(folder, DUCKDB_FILE)
    events, catalog = os.path.join(folder, "events.jsonl"), os.path.join(folder, "catalog.json")
    if not os.path.exists(sqlite_db):
        log("loading the plain SQLite table (cached for later runs)")
        run_json([sys.executable, bench.script("baseline_sqlite.py"), "load", "--events", events,
                  "--catalog", catalog, "--db", sqlite_db], timeout=3600)
    if not os.path.exists(duck_db):
        log("loading the DuckDB table (cached for later runs)")
        run_json(["node", bench.script("baseline_duckdb.mjs"), "load", "--tools", bench.tools,
                  "--events", events, "--catalog", catalog, "--db", duck_db], timeout=3600)
    return sqlite_db, duck_db


def db_bytes(path):
    """The database file plus its write-ahead log."""
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def store_fingerprint(bench):
    """A hash of every source that decides what an import writes: the store,
    the ingest path and the event format. Any change makes a new import."""
    digest = hashlib.sha256()
    for top in ("server/store", "server/ingest", "proto/insights/v1"):
        base = os.path.join(bench.root, top)
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name)
            if os.path.isfile(path):
                digest.update(name.encode())
                digest.update(open(path, "rb").read())
    return digest.hexdigest()[:12]


def service_database(bench, folder, db):
    """The service's database of this size at `db`: a copy of the cached
    import when the store's code has not changed since it was made (the
    outcome then says when), else a fresh import, cached when it completes.
    Copying 1 GB takes seconds; importing 10M events, about ten minutes."""
    stem = os.path.join(folder, f"service-{store_fingerprint(bench)}")
    if bench.args.import_cache and os.path.exists(stem + ".json"):
        remove_db(db)
        shutil.copyfile(stem + ".db", db)
        outcome = json.load(open(stem + ".json"))
        outcome["cached"] = True
        return outcome
    outcome = import_events(bench, folder, db)
    if "aborted" not in outcome and bench.args.import_cache:
        # The server closed the database: its log was checkpointed into it.
        shutil.copyfile(db, stem + ".partial")
        os.replace(stem + ".partial", stem + ".db")
        outcome["imported_on"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        with open(stem + ".json", "w") as out:
            json.dump(outcome, out)
    return outcome


def cached_import_exists(bench, folder):
    stem = os.path.join(folder, f"service-{store_fingerprint(bench)}")
    return bench.args.import_cache and os.path.exists(stem + ".json")


def import_events(bench, folder, db):
    """Imports the size's files with `insights-client import --batch 1000`
    into a fresh database. A watchdog stops it when the database (with its
    log) outgrows --max-db-gb, the disk gets short, or it runs past the
    import limit: those are results too, reported rather than waited out."""
    remove_db(db)
    limit = bench.args.import_limit or 24 * 3600
    out_path = os.path.join(bench.run_dir, "import.out")
    outcome = {"peak_db_bytes": 0}
    log_path = os.path.join(bench.run_dir, "import-server.log")
    with Server(bench.server_command(db), log_path) as server:
        command = [bench.client, "--addr", f"127.0.0.1:{server.grpc_port}", "import",
                   "--catalog", os.path.join(folder, "catalog.json"),
                   "--events", os.path.join(folder, "events.jsonl"), "--batch", "1000"]
        start = time.perf_counter()
        with open(out_path, "w") as out:
            importer = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=CLEAN_ENV)
            while importer.poll() is None:
                time.sleep(1)
                outcome["peak_db_bytes"] = max(outcome["peak_db_bytes"], db_bytes(db))
                stop = _watchdog(bench, db, time.perf_counter() - start, limit)
                if stop:
                    importer.kill()
                    importer.wait()
                    outcome["aborted"] = stop
                    break
        outcome["seconds"] = time.perf_counter() - start
    with open(out_path) as out:
        text = out.read()
    if "aborted" in outcome:
        return outcome
    found = re.search(r"events: (\d+) stored, (\d+) duplicates", text)
    if importer.returncode != 0 or not found:
        raise BenchError(f"import failed: {text[-2000:]}")
    outcome["stored"], outcome["duplicates"] = int(found.group(1)), int(found.group(2))
    outcome["events_per_s"] = (outcome["stored"] + outcome["duplicates"]) / outcome["seconds"]
    return outcome


def _watchdog(bench, db, elapsed, limit):
    size = db_bytes(db)
    free = shutil.disk_usage(os.path.dirname(db)).free
    if size > bench.args.max_db_gb * 1e9:
        return f"database and log reached {size / 1e9:.1f} GB after {elapsed:.0f} s"
    if free < 5e9:
        return f"less than 5 GB of disk left after {elapsed:.0f} s"
    if elapsed > limit:
        return f"still importing after {limit:.0f} s (--import-limit)"
    return None
