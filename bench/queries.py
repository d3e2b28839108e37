"""The four queries of issue 5, shared by the driver and written to the
queries.json that the baselines read.

The demo data ends on 2024-12-31, so "90 days" is 2024-10-03..2024-12-31 and
"whole history" starts before the first day with metrics (the service and
the baselines move it to 2023-08-01). All four ask about the biggest
workspace, acme-vision.
"""

WORKSPACE = "acme-vision"
LAST_DAY = "2024-12-31"
NINETY_DAYS_START = "2024-10-03"   # 90 days ending LAST_DAY, both included
HISTORY_FROM = "2023-06-01"        # before 2023-08-01: exercises the clamp
PROJECT = "retail-shelf-products"  # the busiest project of acme-vision

DESCRIPTIONS = {
    "a": "90 days, whole workspace",
    "b": "whole history",
    "c": "90 days, one project",
    "d": "90 days, one labeler",
}


def make_queries(labeler):
    """The queries as the baselines read them; `labeler` is the one of (d)."""
    def query(name, start, projects=(), users=()):
        return {"name": name, "workspace": WORKSPACE, "startDate": start,
                "endDate": LAST_DAY, "projectId": list(projects), "userId": list(users)}
    return [query("a", NINETY_DAYS_START),
            query("b", HISTORY_FROM),
            query("c", NINETY_DAYS_START, projects=[PROJECT]),
            query("d", NINETY_DAYS_START, users=[labeler])]


def busiest_labeler(answer, catalog):
    """The person (not a system labeler of the catalog) with the most images
    labeled in an answer; ties go to the first id."""
    system = {labeler["id"] for labeler in catalog["labelers"] if labeler.get("system")}
    totals = {}
    for row in answer["data"]:
        if row["labelerId"] not in system:
            totals[row["labelerId"]] = totals.get(row["labelerId"], 0) + row["imagesLabeled"]
    return min(totals, key=lambda labeler: (-totals[labeler], labeler))


def request_flags(query):
    """The query as insights-client / insights-load flags."""
    flags = ["--start-date", query["startDate"], "--end-date", query["endDate"]]
    for project in query["projectId"]:
        flags += ["--project-id", project]
    for user in query["userId"]:
        flags += ["--user-id", user]
    return flags
