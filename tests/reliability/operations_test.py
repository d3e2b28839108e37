#!/usr/bin/env python3
"""Operations, on real server processes.

- SIGTERM while 16 callers ask for statistics: every call a handler had
  started when the signal came finishes with OK (the server's access log
  after the signal), later calls are refused (UNAVAILABLE, or CANCELLED for
  calls still queued inside gRPC: a gRPC core bug), and the process exits
  0 within a bound.
- A database whose `PRAGMA user_version` is newer than the server knows,
  or a file that is not a database: the server refuses to start, says why,
  and leaves the file's bytes as they were.
"""

import hashlib
import os
import re
import sqlite3
import time
import unittest

import rel_lib

OK, CANCELLED, UNAVAILABLE = "0", "1", "14"
CALLERS = 16
STOP_BOUND = 15.0  # seconds; the default grace period is 10


def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class OperationsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = rel_lib.temp_dir()
        self.folder = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.folder, name)

    def test_sigterm_under_load_finishes_calls_in_flight_and_exits_0(self):
        catalog, events = rel_lib.generate_demo_data(self.folder, 20000, 3)
        key = rel_lib.catalog_keys(catalog)["acme-vision"]
        server = rel_lib.Server(self.path("load.db"), self.path("load.log"))
        rel_lib.import_files(server, catalog, events)
        started = time.monotonic()
        outcome = rel_lib.tool("load", server.grpc, "acme-vision", key,
                               str(CALLERS), "20", str(server.proc.pid),
                               timeout=60)
        code = server.stop(STOP_BOUND)
        stopped_after = time.monotonic() - started - 1.0  # SIGTERM at 1 s
        self.assertEqual(code, 0, server.log()[-2000:])
        self.assertLess(stopped_after, STOP_BOUND)
        self.assertGreaterEqual(outcome["all"].get(OK, 0), CALLERS, outcome)
        # Every call a handler had started when the signal came finished
        # with OK: the server's own access log after the signal says so.
        after = server.log().split("signal 15 received", 1)[1]
        finished = re.findall(r"method=GetWorkspaceStats \S+ status=(\d+)",
                              after)
        # Cached answers take a fraction of a millisecond, so on a busy
        # machine the signal may find no call inside a handler; the check
        # is then empty rather than failed.
        self.assertLessEqual(set(finished), {OK}, after[-2000:])
        # Calls refused: UNAVAILABLE, or CANCELLED for those gRPC had
        # received but not yet handed to a handler when shutdown began
        # (grpc/grpc#41785: a gRPC core bug, not this server's); nothing
        # else, such as INTERNAL.
        self.assertLessEqual(set(outcome["all"]), {OK, CANCELLED, UNAVAILABLE},
                             outcome)
        print("SIGTERM under load: %s; exit 0 after %.2f s" % (
            outcome, stopped_after))
        print("finished after the signal, by the server's log: %d" %
              len(finished))

    def assertRefusedUntouched(self, db, expected_words):
        before = file_digest(db)
        server = None
        log = self.path("refused.log")
        try:
            server = rel_lib.Server(db, log, start_bound=10)
        except AssertionError as refused:
            message = str(refused)
        else:
            server.stop()
            self.fail("the server started on " + db)
        for word in expected_words:
            self.assertIn(word, message)
        self.assertEqual(file_digest(db), before)
        self.assertFalse(os.path.exists(db + "-wal"))

    def test_newer_schema_version_is_refused_and_file_left_alone(self):
        db = self.path("newer.db")
        with rel_lib.Server(db, self.path("create.log")) as server:
            rel_lib.import_files(server, rel_lib.fixture("catalog.json"),
                                 rel_lib.fixture("events.jsonl"))
        connection = sqlite3.connect(db)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("PRAGMA user_version = %d" % (version + 1))
        connection.commit()
        connection.close()
        self.assertRefusedUntouched(db, ["cannot start", str(version + 1)])

    def test_file_that_is_not_a_database_is_refused_and_left_alone(self):
        db = self.path("notes.db")
        with open(db, "wb") as f:
            f.write(b"these are my notes, not a database\n" * 200)
        self.assertRefusedUntouched(db, ["cannot start"])


if __name__ == "__main__":
    unittest.main()
