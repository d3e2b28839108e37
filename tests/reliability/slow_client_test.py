#!/usr/bin/env python3
"""Slow, stuck and greedy clients, on real server processes.

- More stalled REST connections (headers begun, never finished) than the
  gateway has event-loop threads, and stalled raw TCP connections to the
  gRPC port: ordinary gRPC and REST calls are still answered promptly and
  rightly while they stall; the server closes the stalled REST connections
  when --http-read-timeout has passed, and the stalled gRPC ones when
  gRPC's handshake timeout (20 s) has.
- A client that sends requests but never reads the answers is dropped
  once an answer has waited --http-write-timeout.
- Connections beyond --http-max-connections are closed at once, with a
  warning in the log, and REST works again when the others are gone.
- More connections than the process may open files: the server does not
  spin trying to accept them, says so in the log, and serves again once
  they are gone.
- A request over the size limit gets a clear error: REST 413 naming the
  limit, gRPC RESOURCE_EXHAUSTED naming it.

Every connection goes to the test's own server on 127.0.0.1; every wait is
bounded.
"""

import http.client
import json
import os
import socket
import time
import unittest

import rel_lib

KEY_A = rel_lib.KEY_A
READ_TIMEOUT = 6  # seconds; --http-read-timeout
WRITE_TIMEOUT = 3  # seconds; --http-write-timeout
GATEWAY_THREADS = 2  # ListenerOptions::threads
STALLED_REST = 4 * GATEWAY_THREADS
STALLED_GRPC = 8
GRPC_HANDSHAKE_TIMEOUT = 20  # seconds; server/grpc_connection_limits.cc
PROMPT = 2.0  # seconds an ordinary call may take while others stall
RESOURCE_EXHAUSTED = 8
REST_BODY_LIMIT = 4 * 1024 * 1024
GRPC_MESSAGE_LIMIT = 16 * 1024 * 1024
FILE_LIMIT = 64  # open files the server may have in the descriptor test
STATS_PATH = "/ws-a/stats?api_key=%s&startDate=2023-08-01" % KEY_A


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def closed_by_peer(sock):
    """True once the server has closed `sock` (EOF or reset), False while
    it is open and silent. Never blocks."""
    sock.setblocking(False)
    try:
        return sock.recv(4096) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True
    finally:
        sock.setblocking(True)


def wait_until_closed(sock, bound):
    """Seconds until the server closed `sock`, or None past `bound`."""
    started = time.monotonic()
    while time.monotonic() - started < bound:
        if closed_by_peer(sock):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def healthz_answers(server):
    try:
        return rel_lib.rest(server, "/healthz", timeout=2)[0] == 200
    except (OSError, http.client.HTTPException):
        return False  # refused: the connection was closed unanswered


def read_response(sock):
    """One HTTP response from `sock` with a Content-Length body:
    (status, parsed JSON body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("closed before an answer: %r" % data)
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines
                  if line.lower().startswith("content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), json.loads(body[:length])


class SlowClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = rel_lib.temp_dir()
        cls.folder = cls.tmp.name
        cls.server = rel_lib.Server(
            os.path.join(cls.folder, "slow.db"),
            os.path.join(cls.folder, "slow.log"),
            ("--http-read-timeout", str(READ_TIMEOUT),
             "--http-write-timeout", str(WRITE_TIMEOUT)))
        rel_lib.import_files(cls.server, rel_lib.fixture("catalog.json"),
                             rel_lib.fixture("events.jsonl"))
        cls.grpc_answer = rel_lib.stats(cls.server, "ws-a", KEY_A)
        cls.rest_answer = rel_lib.rest(cls.server, STATS_PATH)
        assert cls.rest_answer[0] == 200, cls.rest_answer

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.tmp.cleanup()
        assert code == 0, code

    def test_stalled_connections_hold_no_worker_and_are_closed(self):
        self.assertGreater(self.grpc_answer["stats"]["numImagesLabeled"], 0)
        rest_stalled, grpc_stalled = [], []
        try:
            opened = time.monotonic()
            for _ in range(STALLED_REST):
                sock = connect(self.server.http_port)
                sock.sendall(b"GET " + STATS_PATH.encode() +
                             b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                rest_stalled.append(sock)
            for i in range(STALLED_GRPC):
                sock = connect(self.server.grpc_port)
                if i % 2:
                    sock.sendall(b"PRI * HTTP/2.0\r\n")  # half a preface
                grpc_stalled.append(sock)

            for _ in range(3):
                started = time.monotonic()
                self.assertEqual(rel_lib.rest(self.server, STATS_PATH,
                                              timeout=PROMPT),
                                 self.rest_answer)
                rest_took = time.monotonic() - started
                started = time.monotonic()
                self.assertEqual(rel_lib.stats(self.server, "ws-a", KEY_A),
                                 self.grpc_answer)
                grpc_took = time.monotonic() - started
                self.assertLess(rest_took, PROMPT)
                self.assertLess(grpc_took, PROMPT)
            # The calls above ran while every stalled connection was open.
            self.assertLess(time.monotonic() - opened, READ_TIMEOUT)
            self.assertFalse(any(closed_by_peer(s) for s in rest_stalled))
            self.assertFalse(any(closed_by_peer(s) for s in grpc_stalled))

            for sock in rest_stalled:
                closed = wait_until_closed(
                    sock, READ_TIMEOUT + 5 - (time.monotonic() - opened))
                self.assertIsNotNone(closed, "REST connection still open")
            rest_closed_after = time.monotonic() - opened
            self.assertGreater(rest_closed_after, READ_TIMEOUT - 0.5)
            for sock in grpc_stalled:
                closed = wait_until_closed(
                    sock,
                    GRPC_HANDSHAKE_TIMEOUT + 5 - (time.monotonic() - opened))
                self.assertIsNotNone(closed, "gRPC connection still open")
            grpc_closed_after = time.monotonic() - opened
            self.assertGreater(grpc_closed_after, GRPC_HANDSHAKE_TIMEOUT - 1)
            print("stalled REST closed after %.1f s, stalled gRPC after "
                  "%.1f s" % (rest_closed_after, grpc_closed_after))
        finally:
            for sock in rest_stalled + grpc_stalled:
                sock.close()

    def test_client_that_never_reads_is_dropped_after_the_write_timeout(self):
        # Many answers asked for at once and none read: once the socket
        # buffers are full, the server's write waits on this client.
        requests = 3000
        one = b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(0.5)
            sock.connect(("127.0.0.1", self.server.http_port))
            try:
                sock.sendall(one * requests)
            except socket.timeout:
                pass  # the server stopped reading: it is stuck writing
            # Not dropped before its answers have waited the write timeout.
            self.assertFalse(closed_by_peer(sock))
            time.sleep(WRITE_TIMEOUT + 2)
            received, answers = 0, 0
            deadline = time.monotonic() + 20
            sock.settimeout(5)
            while time.monotonic() < deadline:
                try:
                    chunk = sock.recv(1 << 20)
                except ConnectionResetError:
                    break
                except socket.timeout:
                    self.fail("connection open and silent after %d bytes"
                              % received)
                if not chunk:
                    break
                received += len(chunk)
                answers += chunk.count(b"HTTP/1.1 200 OK")
            else:
                self.fail("connection still open after %d bytes" % received)
            self.assertLess(answers, requests)
            print("never-reading client dropped after %d of %d answers"
                  % (answers, requests))
        finally:
            sock.close()
        self.assertEqual(rel_lib.rest(self.server, STATS_PATH),
                         self.rest_answer)

    def test_rest_body_over_the_limit_is_413_naming_it(self):
        with connect(self.server.http_port) as sock:
            sock.sendall(("POST /ws-a/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %d\r\n\r\n{"
                          % (REST_BODY_LIMIT + 1)).encode())
            status, body = read_response(sock)
        self.assertEqual(status, 413)
        self.assertEqual(body["code"], RESOURCE_EXHAUSTED)
        self.assertIn(str(REST_BODY_LIMIT), body["message"])

    def test_grpc_message_over_the_limit_is_resource_exhausted(self):
        answer = rel_lib.tool("send-oversized", self.server.grpc,
                              str(GRPC_MESSAGE_LIMIT + 1), timeout=60)
        self.assertEqual(answer["code"], RESOURCE_EXHAUSTED, answer)
        self.assertIn(str(GRPC_MESSAGE_LIMIT), answer["message"])
        self.assertEqual(rel_lib.stats(self.server, "ws-a", KEY_A),
                         self.grpc_answer)


class ConnectionCapTest(unittest.TestCase):
    CAP = 4

    def test_connections_over_the_cap_are_closed_and_logged(self):
        with rel_lib.temp_dir() as folder:
            server = rel_lib.Server(
                os.path.join(folder, "cap.db"), os.path.join(folder, "cap.log"),
                ("--http-max-connections", str(self.CAP),
                 "--http-read-timeout", "3"))
            held = []
            try:
                self.assertTrue(healthz_answers(server))
                for _ in range(self.CAP):
                    sock = connect(server.http_port)
                    sock.sendall(b"GET /healthz HTTP/1.1\r\n")
                    held.append(sock)
                with connect(server.http_port) as extra:
                    extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    closed = wait_until_closed(extra, 2.0)
                self.assertIsNotNone(closed, "connection over the cap served")
                self.assertIn("REST connections refused", server.log())
                self.assertIn("--http-max-connections", server.log())
                for sock in held:
                    self.assertIsNotNone(wait_until_closed(sock, 8.0))
                # Their places are free again.
                deadline = time.monotonic() + 5
                while not healthz_answers(server):
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.1)
            finally:
                for sock in held:
                    sock.close()
                self.assertEqual(server.stop(), 0)

    def test_out_of_file_descriptors_pauses_accepting(self):
        with rel_lib.temp_dir() as folder:
            server = rel_lib.Server(
                os.path.join(folder, "fd.db"), os.path.join(folder, "fd.log"),
                max_open_files=FILE_LIMIT)
            held = []
            try:
                self.assertTrue(healthz_answers(server))
                # The kernel's backlog completes connections that the server
                # cannot accept: each one makes accepting fail again.
                for _ in range(FILE_LIMIT + 16):
                    held.append(connect(server.http_port))
                time.sleep(0.5)
                before = server.cpu_seconds()
                time.sleep(2)
                busy = server.cpu_seconds() - before
                self.assertLess(busy, 0.5, "server spins without descriptors")
                self.assertIn("REST accept failed", server.log())
                for sock in held:
                    sock.close()
                held = []
                deadline = time.monotonic() + 10
                while not healthz_answers(server):
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.2)
                print("out of descriptors: %.2f s of CPU in 2 s" % busy)
            finally:
                for sock in held:
                    sock.close()
                self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
