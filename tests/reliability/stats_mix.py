"""The statistics requests of the concurrency and load tests, and the
reference answers to them.

A mix is the file that `reliability_tool concurrent-stats` and `stats-load`
read (stats_mix.h): "hot" requests come back again and again, so that the
server's answer cache serves them; "cold" ones are so many that each comes
back only after the cache (256 answers) has forgotten it, so that the store
computes it. Ranges, workspaces and filters vary; all come from the catalog,
the labelers seen in the first events of each workspace, and a seed.

Reference answers come from the input files without the server: the
benchmark's plain-SQL baseline (bench/baseline_sqlite.py) loads the events
into a plain table and answers there, and bench/answers.py compares, as the
benchmark does before it times anything.
"""

import datetime as dt
import json
import os
import random
import sys

import rel_lib

sys.path.insert(0, os.path.join(rel_lib.SOURCE_DIR, "bench"))
import answers  # noqa: E402  (bench/answers.py)

BASELINE = os.path.join(rel_lib.SOURCE_DIR, "bench", "baseline_sqlite.py")
# From before the server's first day with metrics (2023-08-01, which the
# server and the baseline both move the start to) to demo_data.py's last day.
FROM_DAY = dt.date(2023, 6, 1)
LAST_DAY = dt.date(2024, 12, 31)
SAMPLED_EVENTS = 20000  # enough to meet every labeler of the demo data


def labelers_by_workspace(events_path):
    """{workspace: sorted labeler ids} from the file's first events, so that
    a labeler filter usually matches something."""
    seen = {}
    with open(events_path) as f:
        for number, line in enumerate(f):
            if number == SAMPLED_EVENTS:
                break
            event = json.loads(line)
            seen.setdefault(event["workspaceId"], set()).add(
                event["labelerId"])
    return {workspace: sorted(ids) for workspace, ids in seen.items()}


def make_mix(catalog_path, events_path, hot, cold, cold_every, seed):
    """`hot` and `cold` requests; every `cold_every`th call is cold. The
    first hot requests are each workspace's whole history."""
    with open(catalog_path) as f:
        catalog = json.load(f)
    keys = rel_lib.catalog_keys(catalog_path)
    projects = {}
    for project in catalog["projects"]:
        projects.setdefault(project["workspaceId"], []).append(project["id"])
    labelers = labelers_by_workspace(events_path)
    rng = random.Random(seed)
    span = (LAST_DAY - FROM_DAY).days

    def request(workspace, start, end, filtered=True):
        out = {"workspace": workspace, "apiKey": keys[workspace],
               "startDate": start.isoformat(), "endDate": end.isoformat(),
               "projectId": [], "userId": []}
        kind = rng.random() if filtered else 1.0
        if kind < 0.25 and projects.get(workspace):
            ids = projects[workspace]
            out["projectId"] = rng.sample(ids,
                                          rng.randint(1, min(2, len(ids))))
        elif kind < 0.45 and labelers.get(workspace):
            ids = labelers[workspace]
            out["userId"] = rng.sample(ids, rng.randint(1, min(3, len(ids))))
        return out

    def varied(longest_days):
        workspace = rng.choice(sorted(keys))
        start = FROM_DAY + dt.timedelta(days=rng.randint(0, span))
        end = min(LAST_DAY, start + dt.timedelta(
            days=rng.randint(0, longest_days)))
        return request(workspace, start, end)

    hot_requests = [request(w, FROM_DAY, LAST_DAY, filtered=False)
                    for w in sorted(keys)]
    hot_requests += [varied(span) for _ in range(hot - len(hot_requests))]
    return {"hot": hot_requests,
            "cold": [varied(120) for _ in range(cold)],
            "coldEvery": cold_every}


def write_mix(mix, path):
    with open(path, "w") as f:
        json.dump(mix, f)
    return path


def prepare(folder, events, seed, hot, cold, cold_every):
    """Demo data of `events` events in `folder` and a mix over it, written
    to mix.json: (catalog path, events path, mix, mix path)."""
    catalog, events_path = rel_lib.generate_demo_data(folder, events, seed)
    mix = make_mix(catalog, events_path, hot, cold, cold_every, seed)
    return (catalog, events_path, mix,
            write_mix(mix, os.path.join(folder, "mix.json")))


def reference_answers(folder, catalog, events, requests):
    """The baseline's answer to each request, in order."""
    db = os.path.join(folder, "baseline.db")
    queries = os.path.join(folder, "baseline-queries.json")
    out = os.path.join(folder, "baseline-answers")
    rel_lib.run([sys.executable, BASELINE, "load", "--events", events,
                 "--catalog", catalog, "--db", db], timeout=600)
    with open(queries, "w") as f:
        json.dump([dict(r, name="q%d" % i) for i, r in enumerate(requests)],
                  f)
    rel_lib.run([sys.executable, BASELINE, "answer", "--db", db, "--queries",
                 queries, "--out", out], timeout=600)
    expected = []
    for i in range(len(requests)):
        with open(os.path.join(out, "q%d.json" % i)) as f:
            expected.append(json.load(f))
    return expected


def difference(actual, expected):
    """None when the service's answer equals the reference."""
    return answers.compare(actual, expected)
