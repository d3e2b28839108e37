"""Queries (a)-(d): the service's answers, the baselines' answers checked
equal to them before anything is timed, then the timings: the service cold
(first call after a restart on the existing database, page cache warm) and
hot (the same call repeated), and each baseline's statement set."""

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request

import answers
import queries as query_defs
from prepare import db_bytes
from runner import BenchError, log, run_json
from service import CLEAN_ENV, Server


def service_answer(bench, port, query):
    """The REST-shaped answer of `insights-client stats --json`."""
    command = [bench.client, "--addr", f"127.0.0.1:{port}", "stats", query["workspace"],
               "--api-key", bench.api_key, "--json"] + query_defs.request_flags(query)
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=CLEAN_ENV)
    if done.returncode != 0:
        raise BenchError(f"stats {query['name']} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def rest_answer(port, api_key, query):
    """The gateway's answer: GET /{workspace}/stats, and its body size."""
    params = [("api_key", api_key), ("startDate", query["startDate"]),
              ("endDate", query["endDate"])]
    params += [("projectId", p) for p in query["projectId"]]
    params += [("userId", u) for u in query["userId"]]
    url = f"http://127.0.0.1:{port}/{query['workspace']}/stats?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=1800) as response:
        body = response.read()
    return json.loads(body), len(body), url


def verify(bench, size, folder, db, sqlite_db, duck_db):
    """Service answers, then both baselines' answers, which must be equal."""
    catalog = json.load(open(os.path.join(folder, "catalog.json")))
    out = os.path.join(bench.run_dir, f"answers-{size}")
    os.makedirs(out, exist_ok=True)
    facts = {}
    with Server(bench.server_command(db), os.path.join(bench.run_dir, "verify-server.log"),
                want_http=bench.has_gateway) as server:
        first = service_answer(bench, server.grpc_port, query_defs.make_queries("-")[0])
        defs = query_defs.make_queries(query_defs.busiest_labeler(first, catalog))
        service = {"a": first}
        service.update({q["name"]: service_answer(bench, server.grpc_port, q) for q in defs[1:]})
        facts["rss_kb_after_queries"] = server.memory_kb("VmRSS")
        facts["db_bytes"] = db_bytes(db)
        if server.http_port:
            facts["rest"] = _check_rest(bench, server.http_port, defs, service)
        elif bench.has_gateway:
            log("the server takes --http-addr but logged no HTTP port: REST not measured")
    for name, answer in service.items():
        json.dump(answer, open(os.path.join(out, f"service-{name}.json"), "w"), indent=1)
    queries_path = os.path.join(bench.run_dir, f"queries-{size}.json")
    json.dump(defs, open(queries_path, "w"), indent=1)

    for engine, command in _baseline_commands(bench, sqlite_db, duck_db, queries_path).items():
        run_json(command("answer") + ["--out", os.path.join(out, engine)], timeout=7200)
        for name, expected in service.items():
            got = json.load(open(os.path.join(out, engine, f"{name}.json")))
            difference = answers.compare(expected, got)
            if difference:
                raise BenchError(f"{engine} does not compute the service's answer to query "
                                 f"({name}) at {size}: {difference} (files in {out})")
        log(f"{engine}: same answers as the service for (a)-(d) at {size}")
    facts["labeler"] = defs[3]["userId"][0]
    facts["rest_body_bytes"] = facts.get("rest", {}).get("body_bytes") or len(
        json.dumps(service["a"], separators=(",", ":")))
    return defs, queries_path, facts


def _check_rest(bench, port, defs, service):
    for query in defs:
        got, length, url = rest_answer(port, bench.api_key, query)
        difference = answers.compare(service[query["name"]], got)
        if difference:
            raise BenchError(f"REST answer to ({query['name']}) differs from gRPC: {difference}")
        if query["name"] == "a":
            found = {"port": port, "body_bytes": length, "path": url.split(str(port), 1)[1]}
    return found


def _baseline_commands(bench, sqlite_db, duck_db, queries_path):
    """{engine: function(subcommand) -> command line}."""
    common = ["--queries", queries_path]
    return {
        "sqlite": lambda sub: [sys.executable, bench.script("baseline_sqlite.py"), sub,
                               "--db", sqlite_db] + common,
        "duckdb": lambda sub: ["node", bench.script("baseline_duckdb.mjs"), sub,
                               "--tools", bench.tools, "--db", duck_db] + common,
    }


def time_service(bench, db, defs):
    """Per run and query: restart the server, one cold call, hot repeats.
    A query stops being repeated once it has used its --query-budget."""
    args = bench.args
    timings = {q["name"]: {"cold": [], "hot": [], "spent": 0.0, "last": 0.0} for q in defs}
    starts = []
    for _ in range(args.runs):
        for query in defs:
            t = timings[query["name"]]
            if t["cold"] and t["spent"] + t["last"] > args.query_budget:
                continue
            with Server(bench.server_command(db),
                        os.path.join(bench.run_dir, "query-server.log")) as server:
                starts.append(server.start_seconds)
                result = run_json([bench.load, "--addr", f"127.0.0.1:{server.grpc_port}",
                                   "query", "--workspace", query["workspace"], "--api-key",
                                   bench.api_key, "--hot", str(args.runs), "--hot-budget",
                                   str(args.query_budget / args.runs)]
                                  + query_defs.request_flags(query), timeout=3600)
            t["cold"].append(result["cold_ms"])
            t["hot"].extend(result["hot_ms"])
            t["reply_bytes"] = result["reply_bytes"]
            t["last"] = (result["cold_ms"] + sum(result["hot_ms"])) / 1000
            t["spent"] += t["last"]
    for t in timings.values():
        del t["spent"], t["last"]
    return timings, starts


def time_baselines(bench, sqlite_db, duck_db, queries_path):
    """{engine: {query: [ms, ...]}}, each engine within --query-budget per query."""
    times = {}
    for engine, command in _baseline_commands(bench, sqlite_db, duck_db, queries_path).items():
        times[engine] = run_json(command("time") + ["--runs", str(bench.args.runs), "--budget",
                                                    str(bench.args.query_budget)], timeout=7200)
    return times
