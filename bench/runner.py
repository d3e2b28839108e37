"""Small helpers of the benchmark driver: running a tool that prints JSON,
repeating a measurement within a time budget, medians, phase clocks."""

import json
import statistics
import subprocess
import sys
import time


class BenchError(Exception):
    """A step failed; the driver stops and says which."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_json(command, timeout, cwd=None):
    """Runs `command` and returns its last stdout line parsed as JSON."""
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"timed out after {timeout} s: {' '.join(command)}") from error
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchError(f"failed ({done.returncode}): {' '.join(command)}\n"
                         f"{done.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])


def repeat(measure, runs, budget_seconds, seconds_of=None):
    """Calls measure() up to `runs` times, fewer once the next call would
    take the total past `budget_seconds` (at least once). `seconds_of(result)`
    says how long a call took; by default the wall time of the call."""
    results, spent, last = [], 0.0, 0.0
    while len(results) < runs and (not results or spent + last <= budget_seconds):
        start = time.perf_counter()
        result = measure()
        last = seconds_of(result) if seconds_of else time.perf_counter() - start
        spent += last
        results.append(result)
    return results


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


class Phases:
    """Wall time of each phase of the run, for results.md."""

    def __init__(self):
        self.seconds = {}

    def run(self, name, action, *args):
        log(f"{name} ...")
        start = time.perf_counter()
        try:
            return action(*args)
        finally:
            spent = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + spent
            log(f"{name}: {spent:.1f} s")
