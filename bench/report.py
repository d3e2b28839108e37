"""The one table of the run (and the targets judged from it) as markdown."""

from queries import DESCRIPTIONS
from runner import median

TARGET_SIZE = "10M"


def ms(value):
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f} ms"
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def timed(values, name=""):
    prefix = f"{name} " if name else ""
    return f"{prefix}{ms(median(values))} (n={len(values)})" if values else "n/a"


def faster(baseline, service):
    if not baseline or not service:
        return "n/a"
    ratio = baseline / service
    return f"{ratio:.2f}× faster" if ratio >= 1 else f"{1 / ratio:.2f}× slower"


def percent(ratio):
    if ratio is None:
        return "n/a"
    return f"{ratio:.0%}" if ratio >= 0.1 else f"{ratio:.2%}"


def verdict(ok):
    return "**yes**" if ok else "**NO**"


class Table:
    def __init__(self, judged_size, judged_note):
        self.rows = []
        self.targets = []  # (target, figure, met)
        self.judged_size = judged_size
        self.judged_note = judged_note

    def add(self, what, size, figure, base_a="", ratio_a="", base_b="", ratio_b="", target=""):
        self.rows.append([what, size, figure, base_a, ratio_a, base_b, ratio_b, target])

    def judge(self, name, size, figure, met):
        """Target text for a row; recorded when `size` is the judged size."""
        if size != self.judged_size:
            return ""
        if met is None:
            return name
        self.targets.append((name + self.judged_note, figure, met))
        return f"{name}: {verdict(met)}"

    def markdown(self):
        head = ["measure", "size", "service", "baseline A", "vs A", "baseline B", "vs B",
                "target"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)


def query_rows(table, size, r):
    for name in "abcd":
        service = r["service"][name]
        sqlite = r["baselines"]["sqlite"][name]
        duck = r["baselines"]["duckdb"][name]
        for mode in ("cold", "hot"):
            s, q, d = median(service[mode]), median(sqlite), median(duck)
            target = ""
            if mode == "cold":
                sql_ok, duck_ok = (s and q and q / s >= 100), (s and d and d / s >= 10)
                if name in "ab":
                    target = table.judge(f"({name}) cold ≥100× SQLite and ≥10× DuckDB", size,
                                         f"{faster(q, s)}, {faster(d, s)}", sql_ok and duck_ok)
                else:
                    target = table.judge(f"({name}) cold ≥10× DuckDB", size, faster(d, s),
                                         duck_ok)
            table.add(f"({name}) {DESCRIPTIONS[name]}, {mode}", size, timed(service[mode]),
                      timed(sqlite, "SQLite"), faster(q, s), timed(duck, "DuckDB"),
                      faster(d, s), target)


def scaling_row(table, sizes):
    """(a) cold at 10M over (a) cold at 1M, with the baselines' own scaling."""
    if "1M" not in sizes or "10M" not in sizes:
        table.targets.append(("(a) at 10M within 1.5× of (a) at 1M", "not measured: needs "
                              "--sizes 1M,10M", None))
        return
    small, big = sizes["1M"], sizes["10M"]
    ratio = lambda pick: median(pick(big)) / median(pick(small))  # noqa: E731
    service = ratio(lambda r: r["service"]["a"]["cold"])
    met = service <= 1.5
    table.targets.append(("(a) at 10M within 1.5× of (a) at 1M", f"{service:.2f}×", met))
    table.add("(a) cold: 10M ÷ 1M", "10M/1M", f"{service:.2f}×",
              f"SQLite {ratio(lambda r: r['baselines']['sqlite']['a']):.2f}×", "",
              f"DuckDB {ratio(lambda r: r['baselines']['duckdb']['a']):.2f}×", "",
              f"≤1.5×: {verdict(met)}")


def size_rows(table, size, r, ceiling):
    events = r["import"]["stored"]
    imp = r["import"]
    when = f"; cached, imported {imp['imported_on']}" if imp.get("cached") else ""
    table.add("import (insights-client, batches of 1,000)", size,
              f"{imp['events_per_s']:,.0f} events/s ({imp['seconds']:.0f} s{when})",
              f"SQLite raw insert ceiling {ceiling:,.0f} events/s",
              f"{percent(imp['events_per_s'] / ceiling)} of ceiling")
    per_event = r["db_bytes"] / events
    plain = r["plain_sqlite_bytes"] / events
    duck = r["duckdb_bytes"] / events
    table.add("database bytes per event (file + WAL, serving)", size,
              f"{per_event:,.0f} B (peak {imp['peak_db_bytes'] / events:,.0f} B while importing)",
              f"plain SQLite table {plain:,.0f} B", f"{per_event / plain:.2f}× its size",
              f"DuckDB {duck:,.0f} B", f"{per_event / duck:.2f}× its size",
              table.judge("<100 B/event", size, f"{per_event:,.0f} B", per_event < 100))
    rss = r["rss_kb_after_queries"] / 1024
    table.add("server RSS after queries (a)-(d)", size, f"{rss:,.0f} MB", "limit 300 MB",
              f"{rss / 300:.0%} of limit", "", "",
              table.judge("RSS <300 MB", size, f"{rss:,.0f} MB", rss < 300))
    table.add("server start on the existing database", size, timed([s * 1000 for s in
                                                                  r["start_seconds"]]))


def load_cell(runs):
    if not runs:
        return "n/a"
    errors = sum(run.get("errors", 0) for run in runs)
    first = next((run["first_error"] for run in runs if run.get("first_error")), "")
    pick = lambda key: median([run[key] for run in runs])  # noqa: E731
    text = (f"{pick('throughput'):,.0f}/s · p50 {ms(pick('p50_ms'))} · p99 {ms(pick('p99_ms'))}"
            f" (n={len(runs)}")
    return text + (f", {errors:,} errors: {first})" if errors else ")")


def share(service, floor):
    if not service or not floor:
        return None
    return median([x["throughput"] for x in service]) / median([x["throughput"] for x in floor])


def load_rows(table, load):
    size = load["size"]
    for protocol, key, floor_name, goal in (
            ("gRPC GetWorkspaceStats (a) hot", "grpc", "empty gRPC call", 0.6),
            ("REST GET /{workspace}/stats (a), wrk", "http", "HTTP/1.1 floor", 0.4)):
        unit = (f"{load['reply_bytes']:,} B reply" if key == "grpc"
                else f"{load['body_bytes']:,} B body")
        for concurrency, runs in load[key].items():
            what = f"{protocol}, c{concurrency}"
            if "skipped" in runs:
                table.add(what, size, f"skipped: {runs['skipped']}")
                continue
            ratio = share(runs["service"], runs["floor"])
            service = load_cell(runs["service"])
            if key == "http" and not load["rest_measured"]:
                service = "n/a: no REST gateway (--http-addr) in this build"
            target = ""
            if int(concurrency) == 16:
                target = table.judge(f"{protocol} c16 ≥{goal:.0%} of floor", size,
                                     percent(ratio),
                                     None if ratio is None else ratio >= goal)
            table.add(what, size, service, f"{floor_name} ({unit}): {load_cell(runs['floor'])}",
                      f"{percent(ratio)} of floor", "", "", target)
    memory = load["memory"]
    table.add("server RSS after the load (peak VmHWM)", size,
              f"{memory['rss_kb'] / 1024:,.0f} MB (peak {memory['hwm_kb'] / 1024:,.0f} MB)",
              "limit 300 MB", f"{memory['rss_kb'] / 1024 / 300:.0%} of limit")


def ingest_row(table, ingest, size):
    rate = median([run["events_per_s"] for run in ingest["service"]])
    ratio = rate / ingest["ceiling"]
    table.add(f"ingest: IngestEvents, batches of 1,000, first {ingest['events']:,} events",
              size, f"{rate:,.0f} events/s (n={len(ingest['service'])})",
              f"SQLite raw insert ceiling {ingest['ceiling']:,.0f} events/s "
              f"(n={ingest['ceiling_runs']})", f"{ratio:.0%} of ceiling", "", "",
              table.judge("ingest ≥50% of SQLite's ceiling", table.judged_size,
                          f"{ratio:.0%}", ratio >= 0.5))


def build(results):
    """(table markdown, targets markdown) of a run's results."""
    sizes = {label: r for label, r in results["sizes"].items() if "skipped" not in r}
    judged = TARGET_SIZE if TARGET_SIZE in sizes else (list(sizes)[-1] if sizes else TARGET_SIZE)
    note = "" if judged == TARGET_SIZE else f" (judged at {judged}: 10M not measured in this run)"
    table = Table(judged, note)
    for label, r in results["sizes"].items():
        if "skipped" in r:
            table.add("all of this size", label, f"skipped: {r['skipped']}")
            continue
        query_rows(table, label, r)
        size_rows(table, label, r, results["ingest"]["ceiling"])
    scaling_row(table, sizes)
    if results.get("load"):
        load_rows(table, results["load"])
    ingest_row(table, results["ingest"], results["ingest"]["size"])
    targets = [f"- {name}: {figure} → {verdict(met) if met is not None else 'not measured'}"
               for name, figure, met in table.targets]
    return table.markdown(), "\n".join(targets)
