#!/usr/bin/env python3
"""Concurrent reads while an import writes: no race, no failed call, and
the right answers.

Callers (`reliability_tool concurrent-stats`, 32 by default) ask for
statistics, hot requests that the answer cache serves and cold ones that
the store computes (stats_mix.py), while insights-client imports the events
in small batches, each of which empties the cache. Once the import has been
acknowledged whole, every caller asks each hot request once more. Then:

- no call failed, whatever its code: a SQLITE_BUSY ("database is locked")
  reaching a caller would be one;
- every answer given after the import, by any caller, equals the reference
  computed from the input files without the server (stats_mix.py);
- the server logged no "WARNING: ThreadSanitizer" and exits 0 on SIGTERM.
  scripts/test-tsan runs this test against a ThreadSanitizer build whose
  first report ends the server with exit code 66; in other builds the
  other checks still hold.

  concurrency_test.py [--events N] [--callers N] [--batch N] [--bound S]
"""

import argparse
import json
import os
import subprocess
import sys
import time

import rel_lib
import stats_mix

HOT, COLD, COLD_EVERY = 12, 400, 3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--callers", type=int, default=32)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--bound", type=int, default=300,
                        help="seconds the callers may run at most")
    args = parser.parse_args()
    started = time.monotonic()
    with rel_lib.temp_dir() as folder:
        catalog, events, mix, mix_path = stats_mix.prepare(
            folder, args.events, args.seed, HOT, COLD, COLD_EVERY)
        expected = stats_mix.reference_answers(folder, catalog, events,
                                               mix["hot"])
        server = rel_lib.Server(os.path.join(folder, "server.db"),
                                os.path.join(folder, "server.log"))
        try:
            # The keys must exist before the first call.
            rel_lib.put_catalog(server, catalog)
            result, import_seconds = run_callers(server, catalog, events,
                                                 mix_path, args)
            exit_code = server.stop(bound=60)
        finally:
            server.kill()
            # A race report ends the server, so that the calls or the
            # import fail next: the report is the cause to show.
            log = server.log()
            report = log.find("WARNING: ThreadSanitizer")
            assert report < 0, log[report:report + 20000]
        check(result, expected, args.callers, exit_code, log)
    during = result["calls"] - args.callers * HOT
    print("PASS: %d callers, %d calls (%d during the %.1f s import of %d "
          "events), no error, %d hot answers after it equal the reference, "
          "%.1f s in all" % (args.callers, result["calls"], during,
                             import_seconds, args.events, HOT,
                             time.monotonic() - started))
    return 0


def run_callers(server, catalog, events, mix_path, args):
    """The callers, the import under them, then "settled"."""
    callers = subprocess.Popen(
        [rel_lib.TOOL, "concurrent-stats", server.grpc, mix_path,
         str(args.callers), str(args.bound)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)  # the callers are connected and calling
        import_started = time.monotonic()
        rel_lib.import_files(server, catalog, events, batch=args.batch)
        import_seconds = time.monotonic() - import_started
        out, _ = callers.communicate("settled\n", timeout=args.bound + 30)
    finally:
        if callers.poll() is None:
            callers.kill()
            callers.wait(timeout=10)
    assert callers.returncode == 0, "the callers exited %d:\n%s" % (
        callers.returncode, out)
    return json.loads(out.strip().splitlines()[-1]), import_seconds


def check(result, expected, callers, exit_code, log):
    assert "database is locked" not in log, log[-5000:]
    assert exit_code == 0, "the server exited %d:\n%s" % (exit_code,
                                                          log[-5000:])
    assert result["errors"] == {}, "calls failed: %s" % result["errors"]
    assert result["settled"], "the callers' time bound ended first"
    assert result["calls"] > callers * HOT, "no call during the import"
    for i, (distinct, reference) in enumerate(zip(result["answers"],
                                                  expected)):
        assert len(distinct) == 1, (
            "hot request %d: %d different answers after the import" % (
                i, len(distinct)))
        found = stats_mix.difference(distinct[0], reference)
        assert found is None, "hot request %d: %s" % (i, found)


if __name__ == "__main__":
    sys.exit(main())
