"""Servers the benchmark starts: insights-server and bench-floor-server.

Each listens on port 0 of 127.0.0.1 (a fresh port every time, so that a
leftover server cannot take part of the traffic through SO_REUSEPORT), is
found ready by its log line, and is stopped by its own pid: SIGTERM, then
SIGKILL if it does not stop in time.
"""

import os
import re
import signal
import subprocess
import time

from runner import BenchError

GRPC_LINE = re.compile(r"gRPC listening on [^\s:]+:(\d+)")
# The REST gateway's log line is not fixed yet: "HTTP ... listening on
# HOST:PORT" or "REST ... listening on HOST:PORT", in any case.
HTTP_LINE = re.compile(r"(?i)\b(?:http|rest)\b[^;\n]*?listening on [^\s:;]+:(\d+)")
# Settings the servers and clients must not inherit (an operator token, say).
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("INSIGHTS_")}


class Server:
    """A server process of this run, ready when its gRPC port is logged."""

    def __init__(self, command, log_path, want_http=False, timeout=300):
        self.command = command
        self.log_path = log_path
        self.grpc_port = None
        self.http_port = None
        self.started = time.perf_counter()
        with open(log_path, "w") as log_file:
            self.process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=CLEAN_ENV)
        self._wait_ready(want_http, timeout)
        self.start_seconds = time.perf_counter() - self.started

    def _wait_ready(self, want_http, timeout):
        deadline = time.perf_counter() + timeout
        http_grace = None
        while True:
            for line in self.log_lines():
                if self.grpc_port is None and (found := GRPC_LINE.search(line)):
                    self.grpc_port = int(found.group(1))
                if self.http_port is None and want_http and (found := HTTP_LINE.search(line)):
                    self.http_port = int(found.group(1))
            if self.grpc_port and (not want_http or self.http_port):
                return
            if self.grpc_port and http_grace is None:
                http_grace = time.perf_counter() + 3
            if http_grace and time.perf_counter() > http_grace:
                return  # serves gRPC; the HTTP port stays unknown
            if self.process.poll() is not None:
                raise BenchError(f"{self.command[0]} exited: {self.log_tail()}")
            if time.perf_counter() > deadline:
                self.stop()
                raise BenchError(f"{self.command[0]} not ready after {timeout} s")
            time.sleep(0.02)

    def log_lines(self):
        with open(self.log_path, errors="replace") as log_file:
            return log_file.readlines()

    def log_tail(self, lines=15):
        return "".join(self.log_lines()[-lines:])

    @property
    def pid(self):
        return self.process.pid

    def memory_kb(self, field):
        """VmRSS, VmHWM, ... of /proc/PID/status, in kB."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return None

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, limit_seconds=120):
        """Waits until the server stops using CPU: cancelled calls may still
        be running in it, and the next measurement should not share it."""
        deadline = time.perf_counter() + limit_seconds
        last = self.cpu_seconds()
        while time.perf_counter() < deadline:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now - last < 0.01:
                return
            last = now

    def stop(self, timeout=180):
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
