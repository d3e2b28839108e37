#!/usr/bin/env python3
"""Bad input is refused whole, naming where and what, and stores nothing.

A server is loaded with the reliability fixture; then every kind of bad
input is sent, each inside a batch whose other events are valid and new.
Each refusal must name the line (file import) or index (gRPC batch) and the
field, and a fingerprint of every row of every table must be unchanged.
Paths: insights-client import (the client's checks, file:line), raw gRPC
IngestEvents (the server's checks, "event N"), raw bytes of invalid UTF-8
over gRPC, and the REST door (query and path).
"""

import json
import os
import unittest
import urllib.parse

import rel_lib

GOOD = {"eventId": "new-1", "time": "2024-02-05T10:00:00Z",
        "type": "annotate", "workspaceId": "ws-a", "projectId": "proj-a1",
        "labelerId": "lab-1", "imageId": "img-9", "boxesAdded": 1,
        "boxesRemoved": 0, "boxesUpdated": 0, "markedNull": False,
        "modelAssisted": False}


def good(n):
    return dict(GOOD, eventId="new-%d" % n)


def without(event, field):
    return {k: v for k, v in event.items() if k != field}


# (name, bad line as bytes, field or word the error must name)
FILE_CASES = [
    ("malformed JSON", b'{"eventId": "x", "time": ', "JSON"),
    ("missing imageId", json.dumps(without(good(9), "imageId")).encode(),
     "imageId"),
    ("mistyped boxesAdded", json.dumps(dict(good(9), boxesAdded="3")).encode(),
     "boxesAdded"),
    ("mistyped markedNull", json.dumps(dict(good(9), markedNull=1)).encode(),
     "markedNull"),
    ("negative boxesRemoved",
     json.dumps(dict(good(9), boxesRemoved=-2)).encode(), "boxesRemoved"),
    ("time without offset",
     json.dumps(dict(good(9), time="2024-02-05T10:00:00")).encode(), "time"),
    ("unknown type", json.dumps(dict(good(9), type="draw")).encode(), "type"),
    ("count beyond any integer",
     json.dumps(dict(good(9), boxesAdded=0)).encode().replace(
         b'"boxesAdded": 0', b'"boxesAdded": 1e400'), "JSON"),
    ("count over the limit",
     json.dumps(dict(good(9), boxesAdded=100001)).encode(), "boxesAdded"),
    ("id over 256 bytes", json.dumps(dict(good(9), eventId="e" * 257)).encode(),
     "eventId"),
    # Not JSON at all (RFC 8259 text is UTF-8): named by its byte instead.
    ("invalid UTF-8", json.dumps(dict(good(9), imageId="IMG")).encode()
     .replace(b"IMG", b"im\xc3\x28g"), "UTF-8"),
]

# (name, bad event of a gRPC batch at index 1, field the error must name)
GRPC_CASES = [
    ("missing labelerId", without(good(9), "labelerId"), "labelerId"),
    ("missing time", without(good(9), "time"), "time"),
    ("negative boxesAdded", dict(good(9), boxesAdded=-1), "boxesAdded"),
    ("negative boxesUpdated", dict(good(9), boxesUpdated=-5), "boxesUpdated"),
    ("id over 256 bytes", dict(good(9), projectId="p" * 257), "projectId"),
    ("count over the limit", dict(good(9), boxesRemoved=100001),
     "boxesRemoved"),
    ("review without result",
     {**without(good(9), "boxesAdded"), "type": "review",
      "reviewerId": "lab-2"}, "result"),
]


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        cls.folder = cls.tmp.name
        cls.db = os.path.join(cls.folder, "bad.db")
        cls.server = rel_lib.Server(cls.db, os.path.join(cls.folder, "log"))
        rel_lib.import_files(cls.server, rel_lib.fixture("catalog.json"),
                             rel_lib.fixture("events.jsonl"))
        cls.before = rel_lib.db_fingerprint(cls.db)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.tmp.cleanup()
        assert code == 0, "server exit code %r" % code

    def assertNothingStored(self):
        self.assertEqual(rel_lib.db_fingerprint(self.db), self.before)

    def test_import_refuses_bad_line_naming_line_and_field(self):
        for name, bad, field in FILE_CASES:
            with self.subTest(name):
                path = os.path.join(self.folder, "events.jsonl")
                with open(path, "wb") as f:
                    f.write(json.dumps(good(1)).encode() + b"\n")
                    f.write(bad + b"\n")
                    f.write(json.dumps(good(2)).encode() + b"\n")
                result = rel_lib.run(
                    [rel_lib.CLIENT, "--addr", self.server.grpc, "import",
                     "--catalog", rel_lib.fixture("catalog.json"),
                     "--events", path], check=False)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("events.jsonl:2", result.stderr)
                self.assertIn(field, result.stderr)
                self.assertNothingStored()

    def test_grpc_batch_with_bad_event_is_refused_naming_index_and_field(self):
        for name, bad, field in GRPC_CASES:
            with self.subTest(name):
                result = rel_lib.send_batch(
                    self.server.grpc, [good(1), bad, good(2)], self.folder)
                self.assertEqual(result["code"], 3, result)  # INVALID_ARGUMENT
                self.assertIn("event 1", result["message"])
                self.assertIn(field, result["message"])
                self.assertNothingStored()

    def test_grpc_batch_over_the_limit_is_refused_whole(self):
        batch = [good(n) for n in range(5001)]
        result = rel_lib.send_batch(self.server.grpc, batch, self.folder)
        self.assertEqual(result["code"], 3, result)
        self.assertIn("5001", result["message"])
        self.assertIn("5000", result["message"])
        self.assertNothingStored()

    def test_invalid_utf8_bytes_over_grpc_are_refused(self):
        for field in ("event_id", "workspace_id", "project_id", "labeler_id",
                      "image_id"):
            with self.subTest(field):
                result = rel_lib.tool("send-invalid-utf8", self.server.grpc,
                                      field)
                # proto3 refuses such a string while parsing the request,
                # before any handler: gRPC's sync server then answers
                # INTERNAL with no message, naming nothing.
                self.assertIn(result["code"], (3, 13), result)
                self.assertNothingStored()
        self.assertIsNone(self.server.proc.poll(), "the server died")

    def test_invalid_utf8_over_rest_is_a_400_naming_the_parameter(self):
        key = urllib.parse.quote(rel_lib.KEY_A)
        cases = [("/ws-a/stats?api_key=%s&projectId=%%C3%%28" % key,
                  "projectId"),
                 ("/ws-a/stats?api_key=%s&userId=ab%%FF" % key, "userId"),
                 ("/ws%%FF/stats?api_key=%s" % key, "workspace")]
        for path, parameter in cases:
            with self.subTest(path):
                status, body = rel_lib.rest(self.server, path)
                self.assertEqual(status, 400, body)
                self.assertIn(parameter, body["message"])
                self.assertNothingStored()


if __name__ == "__main__":
    unittest.main()
