#!/usr/bin/env python3
"""Generate realistic demo data for Annotation Insights.

Writes two files in the formats of SPEC.md section 4:

  DIR/catalog.json   workspaces (with plaintext API keys), projects, labelers
  DIR/events.jsonl   annotate and review events, one JSON object a line

The data imitates a labeling team at work so that the service's statistics
have something meaningful to say: three workspaces (``acme-vision`` is the
biggest), a dozen projects of the five project types, 30 human labelers in
several time zones plus the system labeler ``autolabelservice``.  Labelers
work in sessions on workdays (some shifts cross UTC midnight), revisit images
on later days, correct model pre-labels, mark some images null and save some
images without changing anything.  Reviewers approve or reject work hours or
days later; rejected images are fixed and reviewed again.  Activity ramps up
over time, a small share predates 2023-08-01, and about 0.5% of the lines are
exact redeliveries of an earlier event (same eventId, same content).

The catalog depends on the seed only; the events on the seed, the event
count and the date range.  Events are streamed to disk in time order through
a heap that holds only the next few days of scheduled work, so 10M events
take a few minutes and little memory.  Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import heapq
import json
import math
import os
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field

DAY = 86400
HOUR = 3600
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
ENCODE = json.JSONEncoder(separators=(",", ":")).encode

WORKSPACES = [
    ("acme-vision", "Acme Vision"),
    ("harbor-robotics", "Harbor Robotics"),
    ("greenfield-agritech", "Greenfield Agritech"),
]

# id, workspace, name, type, active part of the date range (fractions)
PROJECTS = [
    ("retail-shelf-products", "acme-vision", "Retail Shelf Products", "object-detection", 0.0, 1.0),
    ("warehouse-pallets", "acme-vision", "Warehouse Pallets", "object-detection", 0.0, 1.0),
    ("surface-defects", "acme-vision", "Surface Defects", "instance-segmentation", 0.1, 1.0),
    ("package-condition", "acme-vision", "Package Condition", "classification", 0.0, 0.8),
    ("drivable-area", "acme-vision", "Drivable Area", "semantic-segmentation", 0.2, 0.9),
    ("worker-pose", "acme-vision", "Worker Pose", "keypoint-detection", 0.4, 1.0),
    ("dock-cranes", "harbor-robotics", "Dock Cranes", "object-detection", 0.0, 1.0),
    ("hull-corrosion", "harbor-robotics", "Hull Corrosion", "semantic-segmentation", 0.15, 1.0),
    ("container-codes", "harbor-robotics", "Container Codes", "object-detection", 0.3, 1.0),
    ("weed-detection", "greenfield-agritech", "Weed Detection", "object-detection", 0.0, 1.0),
    ("fruit-ripeness", "greenfield-agritech", "Fruit Ripeness", "classification", 0.0, 1.0),
    ("leaf-disease", "greenfield-agritech", "Leaf Disease", "instance-segmentation", 0.25, 1.0),
]

# project type -> (mean shapes on a first pass, model assist available, null rate)
TYPE_PROFILE = {
    "object-detection": (7.0, True, 0.05),
    "instance-segmentation": (4.0, True, 0.04),
    "semantic-segmentation": (3.0, True, 0.02),
    "classification": (1.15, False, 0.08),
    "keypoint-detection": (12.0, False, 0.03),
}

# (workspace, human labelers, of whom reviewers)
TEAMS = [("acme-vision", 16, 4), ("harbor-robotics", 8, 2), ("greenfield-agritech", 6, 2)]

FIRST_NAMES = [
    "Priya", "Mateus", "Aisha", "Kenji", "Sofía", "Liam", "Chloé", "Tunde", "Mei",
    "Arjun", "Olga", "Diego", "Fatima", "Noah", "Yuki", "Camila", "Ravi", "Emma",
    "Kwame", "Ana", "Lucas", "Nadia", "Hiroshi", "Isabel", "Omar", "Grace",
    "Tomás", "Leila", "Jonas", "Anjali", "Marta", "Daniel", "Wei", "Elena",
]
LAST_NAMES = [
    "Sharma", "Oliveira", "Khan", "Tanaka", "García", "O'Brien", "Dubois", "Adeyemi",
    "Chen", "Patel", "Ivanova", "Hernández", "Rahman", "Müller", "Sato", "Rodrigues",
    "Nair", "Wilson", "Mensah", "Costa", "Silva", "Kowalski", "Yamamoto", "Reyes",
    "Haddad", "Kim", "Novak", "Nguyen", "Lindqvist", "Gupta", "Moreau", "Okafor",
]

# UTC offsets in minutes, drawn per labeler (fixed offsets, no DST)
OFFSETS = [0, 0, 60, 120, 330, 330, 480, 540, -180, -180, -300, -300, -480]

SYSTEM_LABELER = "autolabelservice"
NO_CHANGE = (0, 0, 0, False, False)   # (added, removed, updated, null, assisted)
DUPLICATE_RATE = 0.005      # share of lines that are redeliveries
NOOP_RATE = 0.03            # annotate events that change nothing
REVIEW_RATE = 0.4           # share of labeled images that get reviewed
REVISIT_RATE = 0.08         # images a labeler comes back to on a later day
MIN_SESSION = 25            # fewest events worth a labeler's day at low volume
AUTOLABEL_DAYS = 0.45       # share of days with a model pre-labeling run
AUTOLABEL_SHARE = 0.15      # share of such a day's volume done by the model


@dataclass
class Project:
    id: str
    workspace: str
    name: str
    type: str
    lo: float
    hi: float
    images: int = 0
    prelabeled: collections.deque = field(default_factory=lambda: collections.deque(maxlen=3000))

    def active(self, frac: float) -> bool:
        return self.lo <= frac <= self.hi

    def new_image(self) -> str:
        self.images += 1
        return f"{self.id}-{self.images:07d}"


@dataclass
class Labeler:
    id: str
    name: str
    email: str
    system: bool
    offset: int                 # minutes east of UTC
    suffix: str                 # how the offset is written in `time`
    shift: int                  # local hour the working day starts
    projects: list = field(default_factory=list)
    workspaces: list = field(default_factory=list)
    reviewer: bool = False
    weight: float = 1.0         # relative speed
    reject_rate: float = 0.1
    assist: float = 0.0         # how often label assist is used
    lo: float = 0.0             # active part of the date range
    hi: float = 1.0
    recent: collections.deque = field(default_factory=lambda: collections.deque(maxlen=300))

    def active(self, frac: float) -> bool:
        return self.lo <= frac <= self.hi

    def catalog_entry(self) -> dict:
        return {"id": self.id, "displayName": self.name, "email": self.email,
                "system": self.system}


# ---------------------------------------------------------------- time helpers

_DATE_TEXT: dict[int, str] = {}


def midnight(day: dt.date) -> int:
    """Seconds since the epoch of 00:00 UTC on `day`."""
    return (day.toordinal() - EPOCH_ORDINAL) * DAY


def format_time(ts: int, offset: int, suffix: str, millis: int = -1) -> str:
    """RFC 3339 text of epoch second `ts` in local time at `offset` minutes."""
    days, secs = divmod(ts + offset * 60, DAY)
    date = _DATE_TEXT.get(days)
    if date is None:
        date = dt.date.fromordinal(days + EPOCH_ORDINAL).isoformat()
        _DATE_TEXT[days] = date
    hours, rest = divmod(secs, HOUR)
    minutes, seconds = divmod(rest, 60)
    frac = f".{millis:03d}" if millis >= 0 else ""
    return f"{date}T{hours:02d}:{minutes:02d}:{seconds:02d}{frac}{suffix}"


def offset_suffix(offset: int) -> str:
    if offset == 0:
        return "Z"
    sign = "+" if offset > 0 else "-"
    return f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def slug(text: str) -> str:
    """ASCII lower-case form of a name: 'Hernández' -> 'hernandez'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


# ---------------------------------------------------------------- catalog

def make_projects() -> list[Project]:
    return [Project(*row) for row in PROJECTS]


def make_humans(rng: random.Random) -> list[Labeler]:
    """30 people with unique names, time zones, shifts and work habits."""
    firsts = rng.sample(FIRST_NAMES, 30)
    lasts = rng.sample(LAST_NAMES, 30)
    people = []
    for first, last in zip(firsts, lasts):
        offset = rng.choice(OFFSETS)
        evening = rng.random() < 0.2
        people.append(Labeler(
            id=f"{slug(first)}-{slug(last)}", name=f"{first} {last}",
            email=f"{slug(first)}.{slug(last)}@example.com", system=False,
            offset=offset, suffix=offset_suffix(offset),
            shift=rng.randint(13, 16) if evening else rng.choice([6, 7, 8, 8, 9, 9, 10]),
            weight=rng.uniform(0.6, 1.5), reject_rate=rng.uniform(0.03, 0.18),
            assist=rng.uniform(0.0, 0.7)))
    utc = [p for p in people if p.offset == 0]
    if utc:
        utc[0].suffix = "+00:00"    # the other way to write UTC
    return people


def assign_teams(rng: random.Random, people: list[Labeler], projects: list[Project]) -> None:
    """Put people in workspaces and projects; pick reviewers and comings/goings."""
    queue = list(people)
    for workspace, size, reviewers in TEAMS:
        pool = [p for p in projects if p.workspace == workspace]
        for i in range(size):
            person = queue.pop(0)
            person.workspaces.append(workspace)
            person.projects.extend(rng.sample(pool, rng.randint(1, min(3, len(pool)))))
            person.reviewer = i < reviewers
    for person in rng.sample(people, 2):          # contractors in two workspaces
        other = rng.choice([w for w, _, _ in TEAMS if w not in person.workspaces])
        person.workspaces.append(other)
        person.projects.append(rng.choice([p for p in projects if p.workspace == other]))
    regulars = [p for p in people if not p.reviewer]
    movers = rng.sample(regulars, 5)
    for person in movers[:3]:
        person.lo = rng.uniform(0.2, 0.6)          # joined later
    for person in movers[3:]:
        person.hi = rng.uniform(0.6, 0.85)         # left the team


def make_autolabeler(projects: list[Project]) -> Labeler:
    assisted = [p for p in projects if TYPE_PROFILE[p.type][1]
                and p.workspace in ("acme-vision", "harbor-robotics")]
    return Labeler(id=SYSTEM_LABELER, name="Autolabel Service",
                   email="autolabel@example.com", system=True, offset=0, suffix="Z",
                   shift=1, projects=assisted,
                   workspaces=sorted({p.workspace for p in assisted}))


def catalog_json(rng: random.Random, projects: list[Project], labelers: list[Labeler]) -> dict:
    workspaces = []
    for ws_id, name in WORKSPACES:
        keys = [f"rf_demo_{rng.getrandbits(128):032x}" for _ in range(rng.randint(1, 2))]
        workspaces.append({"id": ws_id, "name": name, "apiKeys": keys})
    return {
        "workspaces": workspaces,
        "projects": [{"id": p.id, "workspaceId": p.workspace, "name": p.name,
                      "type": p.type} for p in projects],
        "labelers": [lab.catalog_entry() for lab in sorted(labelers, key=lambda x: x.id)],
    }


# ---------------------------------------------------------------- output

class Emitter:
    """Numbers events, holds them in a time-ordered heap and writes them out.

    Events are pushed when they are decided (a review may be decided days
    before it happens) and written once no earlier event can still come.
    `count` includes redeliveries and never exceeds `total`.
    """

    def __init__(self, out, rng: random.Random, total: int, last_ts: int, salt: int):
        self.out, self.rng, self.total, self.last_ts = out, rng, total, last_ts
        self.salt = salt
        self.heap: list = []
        self.count = self.seq = self.duplicates = self.ids = 0

    def room(self, n: int = 1) -> bool:
        return self.count + n <= self.total

    def new_id(self) -> str:
        """Unique, random-looking ids: an odd multiplier is a bijection mod 2**48."""
        self.ids += 1
        return f"ev_{(self.ids * 0x9E3779B97F4B + self.salt) & 0xFFFFFFFFFFFF:012x}"

    def push(self, ts: int, event: dict) -> bool:
        if not self.room() or ts > self.last_ts:
            return False
        line = ENCODE(event)
        self._add(ts, line)
        if self.rng.random() < DUPLICATE_RATE and self.room():
            soon = self.rng.random() < 0.5          # a retry at once, or hours later
            late = self.rng.randint(0, 5) if soon else self.rng.randint(60, 6 * HOUR)
            self._add(ts + late, line)
            self.duplicates += 1
        return True

    def _add(self, ts: int, line: str) -> None:
        self.seq += 1
        self.count += 1
        heapq.heappush(self.heap, (ts, self.seq, line))

    def flush(self, before: float = math.inf) -> None:
        heap, write = self.heap, self.out.write
        while heap and heap[0][0] < before:
            write(heapq.heappop(heap)[2] + "\n")


# ---------------------------------------------------------------- activity

class Simulation:
    """Walks the date range day by day and schedules everybody's work."""

    def __init__(self, rng, emitter, projects, humans, robot, first: dt.date, last: dt.date):
        self.rng, self.em = rng, emitter
        self.projects, self.humans, self.robot = projects, humans, robot
        self.first, self.last = first, last
        self.span = max(1, (last - first).days)
        self.first_ts = midnight(first)
        self.reviewers = {ws: [h for h in humans if h.reviewer and ws in h.workspaces]
                          for ws, _ in WORKSPACES}

    def run(self) -> None:
        days = [self.first + dt.timedelta(d) for d in range(self.span + 1)]
        weights = [self.day_weight(day) for day in days]
        total, cum = sum(weights), 0.0
        for day, weight in zip(days, weights):
            cum += weight
            self.run_day(day, round(self.em.total * cum / total))
        for _ in range(3):            # top up if quiet days left a shortfall
            if self.em.room():
                self.run_day(self.last, self.em.total, force=True)
        self.em.flush()

    def frac(self, day: dt.date) -> float:
        return (day - self.first).days / self.span

    def day_weight(self, day: dt.date) -> float:
        """Workdays busy, weekends quiet, a ramp-up, a holiday dip."""
        base = (1.0, 1.0, 1.0, 1.0, 1.0, 0.08, 0.03)[day.weekday()]
        ramp = 0.25 + 0.75 * min(1.0, self.frac(day) / 0.35)
        holiday = (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)
        return base * ramp * (0.4 if holiday else 1.0)

    def run_day(self, day: dt.date, target: int, force: bool = False) -> None:
        self.em.flush(midnight(day) - 12 * HOUR)
        frac = self.frac(day)
        if target - self.em.count > 0 and self.rng.random() < AUTOLABEL_DAYS:
            self.autolabel_run(day, frac, int((target - self.em.count) * AUTOLABEL_SHARE))
        budget = target - self.em.count
        if budget <= 0:
            return
        workers = self.pick_workers(day, frac, budget, force)
        weights = sum(w.weight for w in workers)
        for worker in workers:
            self.labeler_day(worker, day, frac, max(1, round(budget * worker.weight / weights)))

    def pick_workers(self, day: dt.date, frac: float, budget: int, force: bool) -> list:
        """Who works today: most people on workdays, few on weekends, and at
        low volume only as many as have a session's worth of work."""
        chance = 0.9 if day.weekday() < 5 else 0.04
        workers = [h for h in self.humans if h.active(frac)
                   and any(p.active(frac) for p in h.projects)
                   and (self.rng.random() < chance or force)]
        limit = max(1, budget // MIN_SESSION)
        if len(workers) > limit and not force:
            workers = self.rng.sample(workers, limit)
        return workers

    def labeler_day(self, lab: Labeler, day: dt.date, frac: float, quota: int) -> None:
        """One or two sessions, on different projects, one after the other."""
        projects = [p for p in lab.projects if p.active(frac)]
        if len(projects) > 1 and self.rng.random() < 0.25:
            parts = self.rng.sample(projects, 2)
        else:
            parts = [self.rng.choice(projects)]
        ts = midnight(day) - lab.offset * 60 + lab.shift * HOUR + self.rng.randint(-1800, 2400)
        ts = max(ts, self.first_ts)
        for project in parts:
            ts = self.session(lab, project, ts, quota // len(parts) or 1)
            ts += self.rng.randint(600, 3600)

    def session(self, lab: Labeler, project: Project, ts: int, quota: int) -> int:
        """Label images until the quota is spent; return when the session ended."""
        pace = min(150.0, max(12.0, 6.5 * HOUR / quota)) / lab.weight
        stop, start, lunch = self.em.count + quota, ts, False
        while self.em.count < stop and self.em.room() and ts <= self.em.last_ts:
            ts = self.work_image(lab, project, ts, pace)
            if not lunch and ts - start > 4 * HOUR:
                ts, lunch = ts + self.rng.randint(1800, 3600), True
        return ts

    def work_image(self, lab: Labeler, project: Project, ts: int, pace: float) -> int:
        """Pick an image (new, revisited or model pre-labeled) and label it."""
        roll = self.rng.random()
        if roll < REVISIT_RATE and lab.recent:
            image, plan = self.rng.choice(lab.recent), self.plan_revisit(project)
            if image[1] is not project:
                image, plan = (project.new_image(), project), self.plan_new(lab, project)
        elif roll < 0.3 and project.prelabeled:
            image, plan = (project.prelabeled.popleft(), project), self.plan_correction(project)
        else:
            image, plan = (project.new_image(), project), self.plan_new(lab, project)
        labeled = False
        for i, change in enumerate(plan):
            ts += self.gap(pace if i == 0 else pace * 0.3)
            if self.rng.random() < NOOP_RATE:
                change = NO_CHANGE               # opened and saved, nothing changed
            if self.annotate(lab, project, image[0], ts, change):
                labeled |= change != NO_CHANGE
        lab.recent.append(image)
        if labeled and self.rng.random() < REVIEW_RATE:
            self.review_chain(lab, project, image[0], ts)
        return ts

    # ---- what an annotate event changes: (added, removed, updated, null, assisted)

    def geo(self, mean: float) -> int:
        """A non-negative integer with roughly the given mean, long-tailed."""
        return int(self.rng.expovariate(1.0 / mean)) if mean > 0 else 0

    def plan_new(self, lab: Labeler, project: Project) -> list:
        mean, assistable, null_rate = TYPE_PROFILE[project.type]
        if self.rng.random() < null_rate:
            return [(0, 0, 0, True, False)]
        if assistable and self.rng.random() < lab.assist:
            first = (1 + self.geo(mean * 1.2), self.geo(mean * 0.15), self.geo(mean * 0.5),
                     False, True)
        else:
            first = (1 + self.geo(mean - 1), self.geo(0.2), self.geo(0.1 * mean), False, False)
        return [first] + [self.small_edit(mean) for _ in range(self.geo(0.7))]

    def plan_revisit(self, project: Project) -> list:
        mean = TYPE_PROFILE[project.type][0]
        if self.rng.random() < 0.1:    # turned out to show nothing
            return [(0, self.geo(mean) + 1, 0, True, False)]
        return [self.small_edit(mean) for _ in range(1 + self.geo(0.4))]

    def plan_correction(self, project: Project) -> list:
        """A person checks model pre-labels: mostly moves and deletes."""
        mean = TYPE_PROFILE[project.type][0]
        fix = (self.geo(0.1 * mean), self.geo(0.2 * mean), 1 + self.geo(0.4 * mean), False, False)
        return [fix] + [self.small_edit(mean) for _ in range(self.geo(0.3))]

    def small_edit(self, mean: float) -> tuple:
        return (self.geo(0.1 * mean), self.geo(0.06 * mean), 1 + self.geo(0.2 * mean), False, False)

    def gap(self, mean: float) -> int:
        return 2 + int(self.rng.expovariate(1.0 / mean))

    # ---- events

    def annotate(self, lab: Labeler, project: Project, image: str, ts: int,
                 change: tuple, millis: int = -1) -> bool:
        if not self.em.room() or ts > self.em.last_ts:
            return False
        added, removed, updated, null, assisted = change
        return self.em.push(ts, {
            "eventId": self.em.new_id(), "time": format_time(ts, lab.offset, lab.suffix, millis),
            "type": "annotate", "workspaceId": project.workspace, "projectId": project.id,
            "labelerId": lab.id, "imageId": image, "boxesAdded": added,
            "boxesRemoved": removed, "boxesUpdated": updated, "markedNull": null,
            "modelAssisted": assisted})

    def review(self, reviewer: Labeler, lab: Labeler, project: Project, image: str,
               ts: int, result: str) -> None:
        self.em.push(ts, {
            "eventId": self.em.new_id(), "time": format_time(ts, reviewer.offset, reviewer.suffix),
            "type": "review", "workspaceId": project.workspace, "projectId": project.id,
            "labelerId": lab.id, "imageId": image, "reviewerId": reviewer.id,
            "result": result})

    def review_chain(self, lab: Labeler, project: Project, image: str, ts: int) -> None:
        """Review some time later; a rejection is fixed and reviewed again."""
        reviewers = [r for r in self.reviewers[project.workspace] if r is not lab]
        if not reviewers:
            return
        reviewer, steps = self.rng.choice(reviewers), []
        for round_ in range(3):
            ts = self.during_work(reviewer, ts + self.delay(20))
            rejected = self.rng.random() < (lab.reject_rate if round_ == 0 else 0.1)
            steps.append(("rejected" if rejected else "approved", ts))
            if not rejected:
                break
            ts = self.during_work(lab, ts + self.delay(6))
            steps.append(("fix", ts))
        if steps[-1][1] > self.em.last_ts or not self.em.room(len(steps)):
            return
        mean = TYPE_PROFILE[project.type][0]
        for result, when in steps:
            if result == "fix":
                self.annotate(lab, project, image, when, self.small_edit(mean))
            else:
                self.review(reviewer, lab, project, image, when, result)

    def delay(self, median_hours: float) -> int:
        hours = min(96.0, self.rng.lognormvariate(math.log(median_hours), 0.9))
        return int(hours * HOUR) + 60

    def during_work(self, person: Labeler, ts: int) -> int:
        """Move `ts` into the person's next working hours on a workday."""
        shift = person.offset * 60
        local = ts + shift
        day_start = local - local % DAY + person.shift * HOUR
        if local < day_start:
            local = day_start + self.rng.randint(0, 2 * HOUR)
        elif local >= day_start + 9 * HOUR:
            local = day_start + DAY + self.rng.randint(0, 2 * HOUR)
        weekday = (local // DAY + 3) % 7          # 1970-01-01 was a Thursday
        local += (0, 0, 0, 0, 0, 2, 1)[weekday] * DAY
        return local - shift

    def autolabel_run(self, day: dt.date, frac: float, quota: int) -> None:
        """A nightly batch: the model pre-labels new images of one project."""
        projects = [p for p in self.robot.projects if p.active(frac)]
        if quota <= 0 or not projects:
            return
        project = self.rng.choice(projects)
        mean = TYPE_PROFILE[project.type][0]
        ts = max(midnight(day) + self.rng.randint(HOUR, 4 * HOUR), self.first_ts)
        for _ in range(quota):
            ts += self.rng.randint(1, 4)
            image = project.new_image()
            found = self.rng.random() >= 0.05      # else: no detections, nothing saved
            boxes = 1 + self.geo(mean * 1.3) if found else 0
            change = (boxes, 0, 0, False, True)
            if not self.annotate(self.robot, project, image, ts, change, self.rng.randrange(1000)):
                return
            if found:
                project.prelabeled.append(image)


# ---------------------------------------------------------------- main

def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Write realistic demo labeling activity for Annotation Insights: "
                    "DIR/catalog.json and DIR/events.jsonl (SPEC.md section 4).")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="output directory (created if missing)")
    parser.add_argument("--events", type=int, default=50_000, metavar="N",
                        help="lines in events.jsonl, redeliveries included (default 50000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2023, 6, 1),
                        metavar="YYYY-MM-DD", help="first UTC day of activity (default 2023-06-01)")
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2024, 12, 31),
                        metavar="YYYY-MM-DD", help="last UTC day of activity (default 2024-12-31)")
    args = parser.parse_args(argv)
    if args.events < 0:
        parser.error("--events must not be negative")
    if args.start > args.end:
        parser.error("--start must not be after --end")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    catalog_rng = random.Random(f"annotation-insights-demo:{args.seed}:catalog")
    projects = make_projects()
    humans = make_humans(catalog_rng)
    assign_teams(catalog_rng, humans, projects)
    robot = make_autolabeler(projects)
    catalog = catalog_json(catalog_rng, projects, humans + [robot])
    write_atomically(os.path.join(args.out, "catalog.json"),
                     lambda f: f.write(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"))

    events_rng = random.Random(f"annotation-insights-demo:{args.seed}:events")
    last_ts = midnight(args.end) + DAY - 1

    def write_events(out) -> Emitter:
        emitter = Emitter(out, events_rng, args.events, last_ts, events_rng.getrandbits(48))
        Simulation(events_rng, emitter, projects, humans, robot, args.start, args.end).run()
        return emitter

    emitter = write_atomically(os.path.join(args.out, "events.jsonl"), write_events)
    seconds = time.monotonic() - began
    print(f"wrote {emitter.count} events ({emitter.duplicates} redelivered) "
          f"to {args.out} in {seconds:.1f}s", file=sys.stderr)
    if emitter.count < args.events:
        print(f"warning: only {emitter.count} of {args.events} events fit in the date range",
              file=sys.stderr)
    return 0


def write_atomically(path: str, write):
    """Write through `write(file)` into a temporary file, then rename it."""
    temp = path + ".tmp"
    with open(temp, "w", encoding="utf-8", buffering=1 << 20) as out:
        result = write(out)
    os.replace(temp, path)
    return result


if __name__ == "__main__":
    sys.exit(main())
