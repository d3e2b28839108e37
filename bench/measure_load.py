"""Load: hot GetWorkspaceStats (query (a)) at several concurrencies against
the empty-call floor with a reply of the same size, REST through the
gateway against the HTTP floor with a body of the same size (wrk), and the
server's memory once it has served all of that."""

import math
import os
import re
import subprocess

import queries as query_defs
from runner import log, repeat, run_json
from service import Server

# Calls that would each take longer than this are not load-tested: the
# window would have to be minutes long.
MAX_EXPECTED_LATENCY_S = 20


def _window(bench, hot_seconds, concurrency):
    """Warmup and measured seconds: long enough for a few calls each."""
    expected = hot_seconds * max(1.0, concurrency / os.cpu_count())
    if expected > MAX_EXPECTED_LATENCY_S:
        return None
    warmup = min(max(0.5, expected), 10)
    return warmup, min(max(bench.args.load_seconds, 3 * expected), 30)


def grpc_load(bench, server, floor, query, reply_bytes, hot_seconds):
    results = {}
    for concurrency in bench.args.concurrency:
        window = _window(bench, hot_seconds, concurrency)
        if window is None:
            results[concurrency] = {"skipped": f"each call would take about "
                                    f"{hot_seconds * concurrency / os.cpu_count():.0f} s"}
            continue
        warmup, seconds = window
        flags = ["--concurrency", str(concurrency), "--warmup", str(warmup),
                 "--duration", str(seconds)]

        def service_run():
            result = run_json([bench.load, "--addr", f"127.0.0.1:{server.grpc_port}", "stats",
                               "--workspace", query["workspace"], "--api-key", bench.api_key]
                              + query_defs.request_flags(query) + flags, timeout=600)
            server.wait_idle()  # cancelled calls must not overlap the floor's run
            return result

        def floor_run():
            return run_json([bench.load, "--addr", f"127.0.0.1:{floor.grpc_port}", "empty",
                             "--reply-bytes", str(reply_bytes)] + flags, timeout=600)

        # Service and floor alternate, so that the machine's drift hits both.
        pairs = repeat(lambda: (service_run(), floor_run()), bench.args.runs,
                       bench.args.load_budget)
        results[concurrency] = {"service": [p[0] for p in pairs], "floor": [p[1] for p in pairs]}
        log(f"gRPC c{concurrency}: {len(pairs)} runs")
    return results


def wrk(url, concurrency, seconds):
    """Requests/s, p50 and p99 (ms) and errors of one wrk run."""
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{math.ceil(seconds)}s", "--timeout", "60s",
               "--latency", url]
    text = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120,
                          check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def percentile(label):
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(found.group(1)) * unit[found.group(2)] if found else None

    non_2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                       r"timeout (\d+)", text)
    socket_errors = sum(int(n) for n in socket.groups()) if socket else 0
    # wrk's Requests/sec counts error responses too: only answers that
    # succeeded count here.
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", text)
    seconds_run = float(done.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[done.group(3)]
    ok = int(done.group(1)) - non_2xx
    first_error = (f"{non_2xx} non-2xx answers" if non_2xx else "") + (
        f"{', ' if non_2xx else ''}{socket_errors} socket errors" if socket_errors else "")
    return {"throughput": ok / seconds_run, "p50_ms": percentile("50"),
            "p99_ms": percentile("99"), "errors": non_2xx + socket_errors,
            "first_error": first_error}


def rest_load(bench, rest, floor, body_bytes, hot_seconds):
    """wrk against the gateway (when there is one) and the HTTP floor."""
    results = {}
    for concurrency in bench.args.concurrency:
        window = _window(bench, hot_seconds, concurrency)
        if window is None:
            results[concurrency] = {"skipped": "calls too slow to load-test"}
            continue
        floor_url = f"http://127.0.0.1:{floor.http_port}/bytes/{body_bytes}"

        def one_pair():
            service = None
            if rest:
                service = wrk(f"http://127.0.0.1:{rest['port']}{rest['path']}", concurrency,
                              window[1])
                rest["server"].wait_idle()
            return service, wrk(floor_url, concurrency, window[1])

        pairs = repeat(one_pair, bench.args.runs, bench.args.load_budget)
        results[concurrency] = {"service": [p[0] for p in pairs if p[0]],
                                "floor": [p[1] for p in pairs]}
        log(f"HTTP c{concurrency}: {len(pairs)} runs")
    return results


def measure(bench, db, query, reply_bytes, hot_seconds, rest_facts, body_bytes):
    """All load measurements on one serving server, then its memory."""
    floor_command = [bench.floor, "--grpc-addr", "127.0.0.1:0"]
    with Server(bench.server_command(db), os.path.join(bench.run_dir, "load-server.log"),
                want_http=bool(rest_facts)) as server, \
            Server(floor_command, os.path.join(bench.run_dir, "floor.log"),
                   want_http=True) as floor:
        grpc = grpc_load(bench, server, floor, query, reply_bytes, hot_seconds)
        rest = None
        if rest_facts and server.http_port:
            rest = {"port": server.http_port, "path": rest_facts["path"], "server": server}
        http = rest_load(bench, rest, floor, body_bytes, hot_seconds)
        memory = {"rss_kb": server.memory_kb("VmRSS"), "hwm_kb": server.memory_kb("VmHWM")}
    return {"grpc": grpc, "http": http, "memory": memory, "reply_bytes": reply_bytes,
            "body_bytes": body_bytes, "rest_measured": rest is not None}
