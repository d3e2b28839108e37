#!/usr/bin/env python3
"""Baseline 1 of scripts/bench: the straightforward SQL a user would write.

The events go, as they come, into one plain SQLite table with no index
(times kept as the RFC 3339 text of the file; the loader skips a line whose
(workspace, eventId) it has already stored, i.e. redeliveries), the catalog
into two small tables. No index on purpose: an index led by workspace_id
makes SQLite fetch most rows one by one through it, six times slower than the
scan, which would make the baseline a straw man. Each query is one
statement set: the matching events into a temporary table, then one
statement for the (project, labeler) rows, one for the totals and one for
the labelers. SQLite's date() turns an RFC 3339 time with any offset into
its UTC day.

  baseline_sqlite.py load   --events E --catalog C --db D
  baseline_sqlite.py answer --db D --queries Q.json --out DIR
  baseline_sqlite.py time   --db D --queries Q.json --runs N --budget S

`answer` writes DIR/<name>.json in the REST shape (for the driver to compare
with the service) and prints {name: ms}; `time` prints {name: [ms, ...]}:
up to N runs per query, fewer once a query has used S seconds (one at least).
Queries: a JSON list of {name, workspace, startDate, endDate, projectId: [],
userId: []} (bench/queries.py). Standard library only.
"""

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
import time

HISTORY_START = "2023-08-01"  # the service's default --history-start

SCHEMA = """
CREATE TABLE events (
  workspace_id TEXT NOT NULL, event_id TEXT NOT NULL, time TEXT NOT NULL,
  type TEXT NOT NULL, project_id TEXT NOT NULL, labeler_id TEXT NOT NULL,
  image_id TEXT NOT NULL, boxes_added INTEGER, boxes_removed INTEGER,
  boxes_updated INTEGER, marked_null INTEGER, model_assisted INTEGER,
  reviewer_id TEXT, result TEXT);
CREATE TABLE projects (id TEXT, workspace_id TEXT, name TEXT, type TEXT,
  PRIMARY KEY (workspace_id, id));
CREATE TABLE labelers (id TEXT PRIMARY KEY, display_name TEXT, email TEXT,
  system INTEGER);
"""

# The events of the range that count: labeling annotate events and reviews.
MATCHING = """
CREATE TEMP TABLE m AS
SELECT project_id, labeler_id, image_id, date(time) AS day, type,
       boxes_added, boxes_removed, boxes_updated, marked_null, model_assisted,
       result,
       type = 'annotate' AND (boxes_added > 0 OR boxes_removed > 0
                              OR boxes_updated > 0 OR marked_null) AS labels
FROM events
WHERE workspace_id = :ws AND date(time) BETWEEN :start AND :end
  AND (:projects IS NULL OR project_id IN (SELECT value FROM json_each(:projects)))
  AND (:users IS NULL OR labeler_id IN (SELECT value FROM json_each(:users)))
  AND (type = 'review' OR boxes_added > 0 OR boxes_removed > 0
       OR boxes_updated > 0 OR marked_null)
"""

# First pass per (project, labeler, image) with a decision: approved, never
# rejected. Rates round half up on the exact fraction, in integers.
REVIEWED = """
WITH reviewed AS (
  SELECT project_id, labeler_id, image_id,
         MAX(result = 'approved') AND NOT MAX(result = 'rejected') AS first_pass
  FROM m WHERE type = 'review' GROUP BY project_id, labeler_id, image_id)
"""
RATE = "CASE WHEN {n} > 0 THEN ((20000 * {k} + {n}) / (2 * {n})) / 100.0 END"

PAIRS = REVIEWED + """,
rates AS (
  SELECT project_id, labeler_id, COUNT(*) AS n, SUM(first_pass) AS k
  FROM reviewed GROUP BY project_id, labeler_id),
sums AS (
  SELECT project_id, labeler_id,
    COUNT(DISTINCT CASE WHEN labels THEN day || ' ' || image_id END) AS images,
    COUNT(DISTINCT CASE WHEN labels AND marked_null THEN day || ' ' || image_id END) AS nulls,
    COUNT(DISTINCT CASE WHEN labels AND model_assisted THEN day || ' ' || image_id END) AS assisted,
    COALESCE(SUM(boxes_added), 0) AS added, COALESCE(SUM(boxes_removed), 0) AS removed,
    COALESCE(SUM(boxes_updated), 0) AS updated,
    COALESCE(SUM(result = 'approved'), 0) AS approved,
    COALESCE(SUM(result = 'rejected'), 0) AS rejected
  FROM m GROUP BY project_id, labeler_id)
SELECT s.project_id, COALESCE(p.name, ''), COALESCE(p.type, ''), s.labeler_id,
       images, nulls, assisted, added, removed, updated, approved, rejected,
       """ + RATE.format(n="r.n", k="r.k") + """
FROM sums s
LEFT JOIN rates r ON r.project_id = s.project_id AND r.labeler_id = s.labeler_id
LEFT JOIN projects p ON p.workspace_id = :ws AND p.id = s.project_id
ORDER BY s.project_id, s.labeler_id
"""

TOTALS = REVIEWED + """,
rate AS (SELECT COUNT(*) AS n, SUM(first_pass) AS k FROM reviewed)
SELECT (SELECT COUNT(DISTINCT CASE WHEN labels THEN image_id END) FROM m),
       (SELECT COUNT(DISTINCT CASE WHEN labels AND marked_null THEN image_id END) FROM m),
       (SELECT COUNT(DISTINCT CASE WHEN labels AND model_assisted THEN image_id END) FROM m),
       (SELECT COALESCE(SUM(boxes_added), 0) FROM m),
       (SELECT COALESCE(SUM(boxes_removed), 0) FROM m),
       (SELECT COALESCE(SUM(boxes_updated), 0) FROM m),
       """ + RATE.format(n="rate.n", k="rate.k") + """
FROM rate
"""

LABELERS = """
SELECT ids.labeler_id,
       CASE WHEN l.id IS NULL OR l.system THEN ids.labeler_id ELSE l.display_name END,
       CASE WHEN l.id IS NULL OR l.system THEN '' ELSE l.email END
FROM (SELECT DISTINCT labeler_id FROM m) ids
LEFT JOIN labelers l ON l.id = ids.labeler_id
ORDER BY ids.labeler_id
"""


def load(args):
    """Builds the plain table from events.jsonl and catalog.json."""
    tmp = args.db + ".tmp"
    for path in (tmp, tmp + "-journal"):
        if os.path.exists(path):
            os.remove(path)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    with open(args.catalog, encoding="utf-8") as f:
        catalog = json.load(f)
    db.executemany("INSERT INTO projects VALUES (?, ?, ?, ?)",
                   [(p["id"], p["workspaceId"], p["name"], p["type"])
                    for p in catalog.get("projects", [])])
    db.executemany("INSERT INTO labelers VALUES (?, ?, ?, ?)",
                   [(l["id"], l["displayName"], l["email"], l["system"])
                    for l in catalog.get("labelers", [])])

    def rows():
        seen = set()
        with open(args.events, encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                key = (e["workspaceId"], e["eventId"])
                if key in seen:
                    continue
                seen.add(key)
                yield (e["workspaceId"], e["eventId"], e["time"], e["type"],
                       e["projectId"], e["labelerId"], e["imageId"],
                       e.get("boxesAdded"), e.get("boxesRemoved"), e.get("boxesUpdated"),
                       e.get("markedNull"), e.get("modelAssisted"),
                       e.get("reviewerId"), e.get("result"))

    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   rows())
    db.commit()
    count = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    db.close()
    os.replace(tmp, args.db)
    print(json.dumps({"events": count, "bytes": os.path.getsize(args.db)}))


def parameters(query):
    """Named parameters of one query, with the service's date rules."""
    start = max(query.get("startDate") or HISTORY_START, HISTORY_START)
    end = query.get("endDate") or dt.datetime.now(dt.timezone.utc).date().isoformat()
    return {"ws": query["workspace"], "start": start, "end": end,
            "projects": json.dumps(query["projectId"]) if query.get("projectId") else None,
            "users": json.dumps(query["userId"]) if query.get("userId") else None}


def run(db, query):
    """One statement set: the REST-shaped answer of `query`."""
    p = parameters(query)
    db.execute("DROP TABLE IF EXISTS temp.m")
    db.execute(MATCHING, p)
    pairs = db.execute(PAIRS, {"ws": p["ws"]}).fetchall()
    totals = db.execute(TOTALS).fetchone()
    labelers = db.execute(LABELERS).fetchall()
    data = [{"projectId": r[0], "projectName": r[1], "projectType": r[2],
             "workspaceId": p["ws"], "labelerId": r[3], "imagesLabeled": r[4],
             "boxesDrawn": r[7] - r[8], "boxesAdded": r[7], "boxesRemoved": r[8],
             "boxesUpdated": r[9], "netBoxesAdded": r[7] - r[8], "netBoxesUpdated": r[9],
             "markedNull": r[5], "modelAssisted": r[6], "approved": r[10],
             "rejected": r[11], "approvalRate": r[12]} for r in pairs]
    stats = {"numImagesLabeled": totals[0], "numImagesMarkedNull": totals[1],
             "totalImagesUsingModelAssist": totals[2], "numBoxesAdded": totals[3],
             "numBoxesRemoved": totals[4], "numBoxesUpdated": totals[5],
             "numBoxesDrawn": totals[3] - totals[4], "netBoxesAdded": totals[3] - totals[4],
             "netBoxesUpdated": totals[5], "approvalRate": totals[6]}
    return {"data": data,
            "labelers": [{"id": r[0], "displayName": r[1], "email": r[2]} for r in labelers],
            "stats": stats}


def timed(db, query):
    start = time.perf_counter()
    answer = run(db, query)
    return answer, (time.perf_counter() - start) * 1000


def answer(args):
    db = sqlite3.connect(args.db)
    os.makedirs(args.out, exist_ok=True)
    times = {}
    for query in json.load(open(args.queries)):
        result, times[query["name"]] = timed(db, query)
        with open(os.path.join(args.out, query["name"] + ".json"), "w") as f:
            json.dump(result, f, indent=1)
    print(json.dumps(times))


def time_queries(args):
    db = sqlite3.connect(args.db)
    times = {}
    for query in json.load(open(args.queries)):
        runs = times.setdefault(query["name"], [])
        while len(runs) < args.runs and (not runs or sum(runs) + runs[-1] <= args.budget * 1000):
            runs.append(timed(db, query)[1])
    print(json.dumps(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("load")
    p.add_argument("--events", required=True)
    p.add_argument("--catalog", required=True)
    p.add_argument("--db", required=True)
    for name in ("answer", "time"):
        p = sub.add_parser(name)
        p.add_argument("--db", required=True)
        p.add_argument("--queries", required=True)
        if name == "answer":
            p.add_argument("--out", required=True)
        else:
            p.add_argument("--runs", type=int, default=5)
            p.add_argument("--budget", type=float, default=60, help="seconds per query")
    args = parser.parse_args()
    {"load": load, "answer": answer, "time": time_queries}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
