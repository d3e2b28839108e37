#!/usr/bin/env python3
"""Isolation and secrets, on a real server at --log-level trace.

- A key of workspace A never reads workspace B, over gRPC (key in the
  request field, in x-api-key, in authorization: Bearer) or REST (query,
  headers, both routes), and a filter naming B's project from A gives an
  empty answer, not B's numbers.
- A wrong key and an unknown workspace get the same code and the same
  message (but for the workspace named), in a similar time.
- Neither the database files nor any log line ever hold a key or the
  operator token, however they were sent, valid or not.
"""

import os
import statistics
import subprocess
import time
import unittest
import urllib.parse

import rel_lib

KEY_A, KEY_B = rel_lib.KEY_A, rel_lib.KEY_B
WRONG_KEY = "secret-wrong-key-0c9d1e2f3a"
TOKEN = "secret-operator-token-7e6d5c"
SECRETS = (KEY_A, KEY_B, WRONG_KEY, TOKEN)
PERMISSION_DENIED = 7


def q(value):
    return urllib.parse.quote(value, safe="")


class IsolationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        folder = cls.tmp.name
        cls.db = os.path.join(folder, "iso.db")
        cls.log_path = os.path.join(folder, "server.log")
        cls.server = rel_lib.Server(cls.db, cls.log_path,
                                    ("--log-level", "trace",
                                     "--admin-token", TOKEN))
        result = cls.import_with_token(TOKEN)
        assert result.returncode == 0, result.stderr

    @classmethod
    def import_with_token(cls, token):
        """insights-client import, the token in its environment."""
        return subprocess.run(
            [rel_lib.CLIENT, "--addr", cls.server.grpc, "import",
             "--catalog", rel_lib.fixture("catalog.json"),
             "--events", rel_lib.fixture("events.jsonl")],
            capture_output=True, text=True, timeout=60,
            env=dict(os.environ, INSIGHTS_ADMIN_TOKEN=token))

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.tmp.cleanup()
        assert code == 0, "server exit code %r" % code

    def grpc_stats(self, workspace, key, via, projects=()):
        return rel_lib.tool("stats", self.server.grpc, workspace, key, via,
                            *projects)

    def test_key_of_a_never_reads_b_over_grpc(self):
        for via in ("field", "x-api-key", "bearer"):
            with self.subTest(via):
                own = self.grpc_stats("ws-a", KEY_A, via)
                self.assertEqual(own["stats"]["numBoxesAdded"], 4, own)
                other = self.grpc_stats("ws-b", KEY_A, via)
                self.assertEqual(other["code"], PERMISSION_DENIED, other)
                back = self.grpc_stats("ws-a", KEY_B, via)
                self.assertEqual(back["code"], PERMISSION_DENIED, back)
                filtered = self.grpc_stats("ws-a", KEY_A, via, ["proj-b1"])
                self.assertEqual(filtered["data"], [])
                self.assertEqual(filtered["stats"]["numBoxesAdded"], 0)
                self.assertEqual(filtered["stats"]["numImagesLabeled"], 0)

    def test_key_of_a_never_reads_b_over_rest(self):
        cases = [
            ("/ws-b/stats?api_key=" + q(KEY_A), {}),
            ("/v1/workspaces/ws-b/stats?apiKey=" + q(KEY_A), {}),
            ("/ws-b/stats", {"x-api-key": KEY_A}),
            ("/ws-b/stats", {"Authorization": "Bearer " + KEY_A}),
            ("/ws-b/stats", {"Grpc-Metadata-x-api-key": KEY_A}),
        ]
        for path, headers in cases:
            with self.subTest(path=path, headers=list(headers)):
                status, body = rel_lib.rest(self.server, path, headers)
                self.assertEqual(status, 403, body)
                self.assertEqual(body["code"], PERMISSION_DENIED)
        for name in ("projectId", "project"):
            with self.subTest(name):
                status, body = rel_lib.rest(
                    self.server, "/ws-a/stats?api_key=%s&%s=proj-b1&"
                    "startDate=2023-08-01&endDate=2099-12-31" % (q(KEY_A), name))
                self.assertEqual(status, 200, body)
                self.assertEqual(body["data"], [])
                self.assertEqual(body["stats"]["numBoxesAdded"], 0)

    def test_wrong_key_and_unknown_workspace_answer_alike(self):
        wrong = self.grpc_stats("ws-a", WRONG_KEY, "field")
        unknown = self.grpc_stats("ws-nope", KEY_A, "field")
        self.assertEqual(wrong["code"], PERMISSION_DENIED)
        self.assertEqual(unknown["code"], PERMISSION_DENIED)
        self.assertEqual(wrong["message"].replace("ws-a", "WS"),
                         unknown["message"].replace("ws-nope", "WS"))
        rest_wrong = rel_lib.rest(self.server,
                                  "/ws-a/stats?api_key=" + q(WRONG_KEY))
        rest_unknown = rel_lib.rest(self.server,
                                    "/ws-nope/stats?api_key=" + q(KEY_A))
        self.assertEqual(rest_wrong[0], 403)
        self.assertEqual(rest_unknown[0], 403)
        self.assertEqual(
            rest_wrong[1]["message"].replace("ws-a", "WS"),
            rest_unknown[1]["message"].replace("ws-nope", "WS"))

    def test_wrong_key_and_unknown_workspace_take_similar_time(self):
        paths = {"wrong": "/ws-a/stats?api_key=" + q(WRONG_KEY),
                 "unknown": "/ws-nope/stats?api_key=" + q(KEY_A)}
        times = {name: [] for name in paths}
        for _ in range(40):  # alternating, so that load affects both alike
            for name, path in paths.items():
                start = time.perf_counter()
                rel_lib.rest(self.server, path)
                times[name].append(time.perf_counter() - start)
        wrong = statistics.median(times["wrong"])
        unknown = statistics.median(times["unknown"])
        # Loose on purpose (a shared machine): catches a lookup that only
        # one path does at a cost that shows, not microseconds.
        self.assertLess(abs(wrong - unknown), 0.005 + 0.5 * max(wrong, unknown),
                        "medians %.2f ms vs %.2f ms" % (wrong * 1e3,
                                                        unknown * 1e3))

    def test_no_key_or_token_in_database_files_or_log(self):
        self.send_secrets_every_way()
        files = [self.db + suffix for suffix in ("", "-wal", "-shm")]
        for path in files:
            if os.path.exists(path):
                with open(path, "rb") as f:
                    content = f.read()
                for secret in SECRETS:
                    self.assertNotIn(secret.encode(), content, path)
        log = self.server.log()
        self.assertIn(" debug ", log)  # the levels that echo input are on
        for line in log.splitlines():
            for secret in SECRETS:
                self.assertNotIn(secret, line)

    def send_secrets_every_way(self):
        for key in (KEY_A, WRONG_KEY):
            for workspace in ("ws-a", "ws-nope"):
                for via in ("field", "x-api-key", "bearer"):
                    self.grpc_stats(workspace, key, via)
                    self.grpc_stats(workspace, key, via, ["p" * 300])
                query = "api_key=" + q(key)
                for path, headers in [
                        ("/%s/stats?%s" % (workspace, query), {}),
                        ("/%s/stats?apiKey=%s" % (workspace, q(key)), {}),
                        ("/%s/stats?%s&startdate=x" % (workspace, query), {}),
                        ("/%s/stats?%s&api_key=%s" % (workspace, query, q(key)),
                         {}),
                        ("/%s/stats?%s&endDate=2024-13-01" % (workspace, query),
                         {}),
                        ("/%s/stats" % workspace, {"x-api-key": key}),
                        ("/%s/stats" % workspace,
                         {"Authorization": "Bearer " + key}),
                        ("/%s/stats" % workspace,
                         {"Grpc-Metadata-x-api-key": key}),
                        ("/nothing/here?" + query, {"x-api-key": key})]:
                    rel_lib.rest(self.server, path, headers)
        # The operator token: wrong and right, on the write API.
        for token in (WRONG_KEY, TOKEN):
            self.import_with_token(token)

if __name__ == "__main__":
    unittest.main()
