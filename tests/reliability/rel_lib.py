"""Shared pieces of the reliability tests: the real insights-server as a
child process (loopback, kernel-chosen ports), the reliability_tool and
insights-client programs, REST calls, and database fingerprints.

The programs' paths come from the environment that ctest sets
(tests/reliability/CMakeLists.txt). Standard library only. Every process
started here is stopped here, by its own pid, within a bound.
"""

import ctypes
import hashlib
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

SERVER = os.environ.get("INSIGHTS_SERVER", "build/server/insights-server")
CLIENT = os.environ.get("INSIGHTS_CLIENT", "build/client/insights-client")
TOOL = os.environ.get("RELIABILITY_TOOL", "build/tests/reliability/reliability_tool")
FIXTURES = os.environ.get("RELIABILITY_FIXTURES", "tests/fixtures/reliability")
SOURCE_DIR = os.environ.get("INSIGHTS_SOURCE_DIR", ".")

KEY_A = "secret-key-a-5d1f9c2e77"
KEY_B = "secret-key-b-83c0aa41f6"

_LISTENING = {
    "grpc": re.compile(r"gRPC listening on [^\s;]*:(\d+)(?: \(TLS\))?;"),
    "http": re.compile(r"HTTP listening on [^\s;]*:(\d+)"),
}


# Looked up once here, so that the child after fork only calls it.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child before exec: SIGKILL when the test process dies, even
    of a ctest timeout, so that no server outlives its test."""
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child_setup(max_open_files):
    """What the child does before exec: dies with its parent and, when
    asked, may open at most `max_open_files` files (sockets included)."""
    def setup():
        _die_with_parent()
        if max_open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE,
                               (max_open_files, max_open_files))
    return setup


class Server:
    """insights-server on 127.0.0.1 with the database `db`."""

    def __init__(self, db, log_path, extra_args=(), start_bound=15.0,
                 max_open_files=None):
        self.db = db
        self.log_path = log_path
        self.tls = "--tls-cert" in extra_args
        args = [SERVER, "--grpc-addr", "127.0.0.1:0", "--http-addr",
                "127.0.0.1:0", "--db", db, *extra_args]
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("INSIGHTS_")}
        # The log may hold earlier runs on the same database: read past them.
        self.log_start = os.path.getsize(log_path) if os.path.exists(
            log_path) else 0
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                         stderr=log, env=env,
                                         preexec_fn=_child_setup(
                                             max_open_files))
        self.grpc_port, self.http_port = self._wait_for_ports(start_bound)

    def _wait_for_ports(self, bound):
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            text = self.log()
            ports = [p.findall(text) for p in _LISTENING.values()]
            if all(ports):
                return int(ports[0][0]), int(ports[1][0])
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.kill()
        raise AssertionError("server did not start:\n" + self.log())

    @property
    def grpc(self):
        return "127.0.0.1:%d" % self.grpc_port

    @property
    def http(self):
        scheme = "https" if self.tls else "http"
        return "%s://127.0.0.1:%d" % (scheme, self.http_port)

    def cpu_seconds(self):
        """User and system CPU time the server has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log(self):
        """What this run of the server has logged."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_start)
            return log.read().decode("utf-8", "replace")

    def kill(self):
        """SIGKILL and reap: a crash, from the store's point of view."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, bound=15.0):
        """SIGTERM, then SIGKILL past `bound`. Returns the exit code."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout=bound)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("server ignored SIGTERM for %.0f s" % bound)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()


def run(args, timeout=120, check=True):
    """Runs a program to completion within `timeout`; returns its result."""
    result = subprocess.run(args, capture_output=True, text=True,
                            timeout=timeout, errors="replace")
    if check and result.returncode != 0:
        raise AssertionError("%s exited %d:\n%s\n%s" % (
            args[:2], result.returncode, result.stdout, result.stderr))
    return result


def tool(*args, timeout=120):
    """reliability_tool; its last stdout line parsed as JSON."""
    out = run([TOOL, *args], timeout=timeout).stdout.strip().splitlines()
    return json.loads(out[-1])


def import_files(server, catalog, events, batch=1000, timeout=120):
    return run([CLIENT, "--addr", server.grpc, "import", "--catalog", catalog,
                "--events", events, "--batch", str(batch)], timeout=timeout)


def stats(server, workspace, key, via="field", projects=()):
    """The whole history of `workspace` over gRPC, REST-shaped."""
    return tool("stats", server.grpc, workspace, key, via, *projects)


def rest(server, path, headers=None, timeout=20, tls_context=None):
    """GET on the server's REST door: (status, parsed JSON body). Over TLS,
    `tls_context` (an ssl.SSLContext) says which certificates to trust."""
    request = urllib.request.Request(server.http + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout,
                                    context=tls_context) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def db_fingerprint(path):
    """A hash of every row of every table: equal when nothing changed."""
    digest = hashlib.sha256()
    connection = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            rows = connection.execute('SELECT * FROM "%s"' % table).fetchall()
            digest.update(table.encode())
            for row in sorted(repr(r) for r in rows):
                digest.update(row.encode())
    finally:
        connection.close()
    return digest.hexdigest()


def integrity_check(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def fixture(name):
    return os.path.join(FIXTURES, name)


def temp_dir():
    return tempfile.TemporaryDirectory(prefix="reliability-")


def generate_demo_data(folder, events, seed):
    """scripts/demo_data.py output in `folder`: (catalog, events) paths."""
    run(["python3", os.path.join(SOURCE_DIR, "scripts", "demo_data.py"),
         "--events", str(events), "--seed", str(seed), "--out", folder],
        timeout=300)
    return (os.path.join(folder, "catalog.json"),
            os.path.join(folder, "events.jsonl"))


def catalog_keys(catalog_path):
    """{workspace id: first API key} of a catalog.json."""
    with open(catalog_path) as f:
        catalog = json.load(f)
    return {w["id"]: w["apiKeys"][0] for w in catalog["workspaces"]}


_RESULTS = {"approved": "REVIEW_RESULT_APPROVED",
            "rejected": "REVIEW_RESULT_REJECTED"}


def to_proto_json(event):
    """One events.jsonl object as the proto JSON of an insights.v1.Event,
    so that it can be sent without the client's own checks."""
    out = {k: event[k] for k in ("eventId", "time", "workspaceId",
                                 "projectId", "labelerId", "imageId")
           if k in event}
    if event.get("type") == "review":
        out["review"] = {"reviewerId": event.get("reviewerId", ""),
                         "result": _RESULTS.get(event.get("result"),
                                                event.get("result"))}
    else:
        out["annotation"] = {k: event[k] for k in (
            "boxesAdded", "boxesRemoved", "boxesUpdated", "markedNull",
            "modelAssisted") if k in event}
    return out


def read_events(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def send_batch(address, events, folder, name="batch.json"):
    """IngestEvents with `events` (events.jsonl objects) as they are."""
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        json.dump({"events": [to_proto_json(e) for e in events]}, f)
    return tool("send", address, path)


def put_catalog(server, catalog):
    """Puts the catalog only: an ingest with nothing left to send."""
    run([TOOL, "ingest", server.grpc, catalog, os.devnull, "0", "1"])
