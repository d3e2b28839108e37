#!/usr/bin/env python3
"""Idempotent delivery, on a real server: redelivery never changes a number.

- The same files imported twice: every row of the database and every
  workspace's answer are unchanged by the second import, which reports
  everything as duplicates.
- A batch whose acknowledgement is lost (a proxy drops the server's answer
  after the server stored it) and is then sent again: the retry reports
  every event as a duplicate and the answers equal those of a server that
  got the batch once.
- A conflicting event (a stored id with other content) in a batch:
  ALREADY_EXISTS naming the id, and nothing of the batch stored.
"""

import os
import unittest

import rel_lib
from ack_eating_proxy import AckEatingProxy

BATCH_EVENTS = 300  # a request of ~40 KB: past the threshold, one window


class IdempotencyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        cls.folder = cls.tmp.name
        cls.catalog, events = rel_lib.generate_demo_data(
            cls.folder, BATCH_EVENTS, 11)
        cls.events_path = events
        cls.events = rel_lib.read_events(events)
        cls.keys = rel_lib.catalog_keys(cls.catalog)
        with rel_lib.Server(*cls.paths("reference")) as server:
            rel_lib.import_files(server, cls.catalog, events)
            cls.expected = cls.answers(server)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def paths(cls, name):
        return (os.path.join(cls.folder, name + ".db"),
                os.path.join(cls.folder, name + ".log"))

    @classmethod
    def answers(cls, server):
        return {ws: rel_lib.stats(server, ws, key)
                for ws, key in cls.keys.items()}

    def test_same_files_twice_change_no_row_and_no_number(self):
        db, log = self.paths("twice")
        with rel_lib.Server(db, log) as server:
            rel_lib.import_files(server, self.catalog, self.events_path)
            before = rel_lib.db_fingerprint(db)
            again = rel_lib.import_files(server, self.catalog,
                                         self.events_path)
            self.assertIn("0 stored, %d duplicates" % BATCH_EVENTS,
                          again.stdout)
            self.assertEqual(rel_lib.db_fingerprint(db), before)
            self.assertEqual(self.answers(server), self.expected)

    def test_batch_retried_after_lost_ack_counts_once(self):
        db, log = self.paths("lost-ack")
        with rel_lib.Server(db, log) as server:
            rel_lib.put_catalog(server, self.catalog)
            proxy = AckEatingProxy(server.grpc_port, threshold=20000)
            lost = rel_lib.send_batch(proxy.address, self.events, self.folder)
            proxy.join()
            self.assertNotEqual(lost["code"], 0, "the answer was not lost")
            self.assertGreater(proxy.eaten, 0)
            stored_once = rel_lib.db_fingerprint(db)
            # The server did store the batch whose answer was lost.
            self.assertEqual(self.answers(server), self.expected)

            retry = rel_lib.send_batch(server.grpc, self.events, self.folder)
            self.assertEqual(retry["code"], 0, retry)
            self.assertEqual(retry["stored"], 0)
            self.assertEqual(retry["duplicates"], BATCH_EVENTS)
            self.assertEqual(rel_lib.db_fingerprint(db), stored_once)
            self.assertEqual(self.answers(server), self.expected)

    def test_conflicting_event_refuses_batch_naming_the_id(self):
        db, log = self.paths("conflict")
        with rel_lib.Server(db, log) as server:
            rel_lib.import_files(server, self.catalog, self.events_path)
            before = rel_lib.db_fingerprint(db)
            stored = self.events[5]
            changed = dict(stored, time="2024-06-01T00:00:00Z")
            fresh = dict(stored, eventId="never-seen-before")
            refused = rel_lib.send_batch(server.grpc, [fresh, changed],
                                         self.folder)
            self.assertEqual(refused["code"], 6, refused)  # ALREADY_EXISTS
            self.assertIn(stored["eventId"], refused["message"])
            self.assertEqual(rel_lib.db_fingerprint(db), before)
            self.assertEqual(self.answers(server), self.expected)


if __name__ == "__main__":
    unittest.main()
