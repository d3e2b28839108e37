#!/usr/bin/env python3
"""TLS on both doors, on real server processes.

A self-signed certificate for 127.0.0.1 and localhost is made for this run
with the openssl command, in a temporary folder.

- With --tls-cert and --tls-key, the fixture imported through
  insights-client --tls-ca gives, over gRPC with TLS and over HTTPS, exactly
  the answers a plaintext server gives on the same fixture; the start-up
  log says TLS is on.
- A plaintext gRPC client, a plain HTTP request and an HTTPS client that
  does not trust the certificate all fail; failed or stalled handshakes
  neither crash the server nor keep their place among its connections.
- No log line, at trace level, holds any part of the private key.
- One of the two flags alone, an unreadable file, a file that holds no
  certificate or a key of another certificate: the server refuses to start
  with a message naming the flag and the path, and quoting neither file.
"""

import http.client
import json
import os
import socket
import ssl
import subprocess
import time
import unittest
import urllib.error
import urllib.request

import rel_lib

KEY_A, KEY_B = rel_lib.KEY_A, rel_lib.KEY_B
WORKSPACES = (("ws-a", KEY_A), ("ws-b", KEY_B))
UNAVAILABLE = 14
MAX_CONNECTIONS = 4
READ_TIMEOUT = 3  # seconds, --http-read-timeout of the TLS server


def make_certificate(folder, name):
    """A self-signed certificate for 127.0.0.1 and localhost, and its key:
    (certificate path, key path)."""
    cert = os.path.join(folder, name + "-cert.pem")
    key = os.path.join(folder, name + "-key.pem")
    rel_lib.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                 "-keyout", key, "-out", cert, "-days", "2",
                 "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                timeout=60)
    return cert, key


def client(server, *args, ca=None):
    """insights-client against `server`, trusting `ca` when given."""
    tls = ["--tls-ca", ca] if ca else []
    return rel_lib.run([rel_lib.CLIENT, "--addr", server.grpc, "--timeout",
                        "10", *tls, *args], check=False)


def grpc_stats(server, workspace, key, ca=None):
    result = client(server, "stats", workspace, "--api-key", key,
                    "--start-date", "2023-08-01", "--end-date", "2099-12-31",
                    "--json", ca=ca)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rest_path(workspace, key):
    return ("/%s/stats?api_key=%s&startDate=2023-08-01&endDate=2099-12-31"
            % (workspace, key))


def import_fixture(server, ca=None):
    result = client(server, "import", "--catalog",
                    rel_lib.fixture("catalog.json"), "--events",
                    rel_lib.fixture("events.jsonl"), ca=ca)
    assert result.returncode == 0, result.stderr
    return result.stdout


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        folder = cls.folder = cls.tmp.name
        cls.cert, cls.key = make_certificate(folder, "server")
        cls.trust = ssl.create_default_context(cafile=cls.cert)

        cls.plain = rel_lib.Server(os.path.join(folder, "plain.db"),
                                   os.path.join(folder, "plain.log"))
        cls.plain_import = import_fixture(cls.plain)
        cls.tls = rel_lib.Server(
            os.path.join(folder, "tls.db"), os.path.join(folder, "tls.log"),
            ("--tls-cert", cls.cert, "--tls-key", cls.key,
             "--log-level", "trace",
             "--http-max-connections", str(MAX_CONNECTIONS),
             "--http-read-timeout", str(READ_TIMEOUT)))
        cls.tls_import = import_fixture(cls.tls, ca=cls.cert)

    @classmethod
    def tearDownClass(cls):
        codes = [cls.tls.stop(), cls.plain.stop()]
        cls.tmp.cleanup()
        assert codes == [0, 0], codes

    def test_answers_over_tls_equal_the_plaintext_servers(self):
        self.assertIn("stored", self.tls_import)
        self.assertEqual(self.tls_import.splitlines()[-1],
                         self.plain_import.splitlines()[-1])
        for workspace, key in WORKSPACES:
            plain = grpc_stats(self.plain, workspace, key)
            self.assertGreater(plain["stats"]["numImagesLabeled"], 0, plain)
            self.assertEqual(grpc_stats(self.tls, workspace, key,
                                        ca=self.cert), plain)
            status, plain_rest = rel_lib.rest(self.plain,
                                              rest_path(workspace, key))
            self.assertEqual(status, 200, plain_rest)
            self.assertEqual(plain_rest, plain)
            self.assertTrue(self.tls.http.startswith("https://"))
            status, tls_rest = rel_lib.rest(self.tls, rest_path(workspace, key),
                                            tls_context=self.trust)
            self.assertEqual(status, 200, tls_rest)
            self.assertEqual(tls_rest, plain)
        self.assertEqual(
            client(self.tls, "health", ca=self.cert).returncode, 0)

    def test_start_up_log_says_tls_is_on(self):
        log = self.tls.log()
        self.assertIn("gRPC listening on 127.0.0.1:%d (TLS)"
                      % self.tls.grpc_port, log)
        self.assertIn("HTTP listening on 127.0.0.1:%d (TLS)"
                      % self.tls.http_port, log)
        self.assertNotIn("(TLS)", self.plain.log())

    def test_plaintext_grpc_client_fails(self):
        result = client(self.tls, "stats", "ws-a", "--api-key", KEY_A,
                        "--json")
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertEqual(json.loads(result.stderr)["code"], UNAVAILABLE)
        answer = rel_lib.tool("stats", self.tls.grpc, "ws-a", KEY_A, "field",
                              timeout=60)
        self.assertEqual(answer.get("code"), UNAVAILABLE, answer)
        self.assertNotEqual(client(self.tls, "health").returncode, 0)

    def test_plain_http_and_untrusted_https_fail(self):
        plain_url = "http://127.0.0.1:%d" % self.tls.http_port
        with self.assertRaises((urllib.error.URLError, ConnectionError,
                                http.client.HTTPException)):
            urllib.request.urlopen(plain_url + "/healthz", timeout=10)
        # The system's trust store does not hold this run's certificate.
        with self.assertRaises(urllib.error.URLError) as refused:
            rel_lib.rest(self.tls, "/healthz",
                         tls_context=ssl.create_default_context())
        self.assertIsInstance(refused.exception.reason,
                              ssl.SSLCertVerificationError)
        self.assertEqual(rel_lib.rest(self.tls, "/healthz",
                                      tls_context=self.trust)[0], 200)

    def test_failed_handshakes_give_their_connection_back(self):
        # Three times as many failed handshakes as the server takes
        # connections at once: a session kept after a failure would leave
        # no room for the good connections below.
        for attempt in range(3 * MAX_CONNECTIONS):
            with socket.create_connection(("127.0.0.1", self.tls.http_port),
                                          timeout=10) as raw:
                if attempt % 3 == 2:
                    continue  # closed before the handshake began
                if attempt % 3 == 0:
                    raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                else:
                    raw.sendall(b"\x16\x03\x01\x00\x05garbage")
                try:
                    raw.recv(1024)  # the server's alert, or its close
                except OSError:
                    pass  # a reset is as good as a close
        self.assertIsNone(self.tls.proc.poll(), "server died")
        self.assertTrue(self.all_connections_answer())

    def test_stalled_handshake_is_closed_after_the_read_timeout(self):
        with socket.create_connection(("127.0.0.1", self.tls.http_port),
                                      timeout=READ_TIMEOUT + 10) as raw:
            opened = time.monotonic()
            try:
                self.assertEqual(raw.recv(1024), b"")
            except ConnectionResetError:
                pass
            waited = time.monotonic() - opened
        self.assertGreater(waited, READ_TIMEOUT - 0.5)
        self.assertLess(waited, READ_TIMEOUT + 5)

    def all_connections_answer(self, bound=10.0):
        """MAX_CONNECTIONS kept-alive HTTPS connections open at once, each
        answered; retried within `bound`, since the server notices closed
        connections a moment after their clients close them."""
        deadline = time.monotonic() + bound
        while True:
            connections = [http.client.HTTPSConnection(
                "127.0.0.1", self.tls.http_port, timeout=5,
                context=self.trust) for _ in range(MAX_CONNECTIONS)]
            try:
                statuses = []
                for connection in connections:
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    response.read()
                    statuses.append(response.status)
                if statuses == [200] * MAX_CONNECTIONS:
                    return True
            except (OSError, http.client.HTTPException):
                pass
            finally:
                for connection in connections:
                    connection.close()
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)

    def test_log_never_holds_the_private_key(self):
        client(self.tls, "stats", "ws-a", "--api-key", KEY_A, ca=self.cert)
        with open(self.key) as f:
            key_lines = [line.strip() for line in f
                         if line.strip() and "-----" not in line]
        self.assertGreater(len(key_lines), 10)
        logs = self.tls.log() + self.plain.log()
        self.assertIn("method=GetWorkspaceStats", logs)  # trace level is on
        leaked = [line for line in key_lines if line in logs]
        self.assertEqual(leaked, [])


class TlsFlagsTest(unittest.TestCase):
    """The server refuses to start; every case ends within a bound."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        cls.folder = cls.tmp.name
        cls.cert, cls.key = make_certificate(cls.folder, "server")
        cls.other_cert, cls.other_key = make_certificate(cls.folder, "other")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def refused(self, args, env=None):
        """The server's exit code and its output, stdout and stderr."""
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("INSIGHTS_")}
        result = subprocess.run(
            [rel_lib.SERVER, "--grpc-addr", "127.0.0.1:0", "--http-addr",
             "127.0.0.1:0", "--db", os.path.join(self.folder, "x.db"), *args],
            capture_output=True, text=True, timeout=30,
            env=dict(base, **(env or {})))
        self.assertNotEqual(result.returncode, 0, result.stderr)
        output = result.stdout + result.stderr
        self.assertNotIn("listening on", output)
        with open(self.key) as f:
            key_text = f.read()
        for line in key_text.splitlines():
            if "-----" not in line:
                self.assertNotIn(line, output)
        return output

    def test_cert_without_key_names_the_missing_flag(self):
        self.assertIn("--tls-key", self.refused(["--tls-cert", self.cert]))

    def test_key_without_cert_names_the_missing_flag(self):
        self.assertIn("--tls-cert", self.refused(["--tls-key", self.key]))

    def test_one_variable_alone_names_the_missing_flag(self):
        output = self.refused([], env={"INSIGHTS_TLS_CERT": self.cert})
        self.assertIn("--tls-key", output)

    def test_unreadable_file_names_flag_and_path(self):
        missing = os.path.join(self.folder, "no-such-key.pem")
        output = self.refused(["--tls-cert", self.cert, "--tls-key", missing])
        self.assertIn("--tls-key " + missing, output)
        missing = os.path.join(self.folder, "no-such-cert.pem")
        output = self.refused(["--tls-cert", missing, "--tls-key", self.key])
        self.assertIn("--tls-cert " + missing, output)

    def test_files_swapped_name_flag_and_path(self):
        output = self.refused(["--tls-cert", self.key, "--tls-key", self.cert])
        self.assertIn("--tls-cert " + self.key, output)
        self.assertIn("no PEM certificate", output)

    def test_key_of_another_certificate_names_flag_and_path(self):
        output = self.refused(["--tls-cert", self.other_cert,
                               "--tls-key", self.key])
        self.assertIn("--tls-key " + self.key, output)
        self.assertIn("not the key of the certificate", output)


if __name__ == "__main__":
    unittest.main()
