#!/usr/bin/env python3
"""History store benchmark (not a test): does recording time grow with the store?

    python3 bench/history_bench.py --qgate .build/release/qgate [--runs 10000] [--metrics 200] [--repeat 5]

Writes a store of RUNS synthetic records × METRICS metrics (the record format of
schemas/history-record.schema.json, with its index.jsonl) under bench/out/, then times, in
the same run and interleaved, `qgate check --record` of a small gate into an empty store and
into the large one, and `qgate history list --limit 20`, `history export --format ndjson`
and `history reindex` on the large store, and `qgate report --since 30d` (markdown, json, html)
beside a Python reference reading the same records. Prints a markdown table of medians.
Targets: recording into the large store within 1.5x of recording into an empty one;
`qgate report --since 30d` (each format) at least 10x faster than bench/py_history_report.py,
a Python reference that reads the window's record files and computes the same review.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "out"


SHIFT_AT = 0.9  # the watched endpoint gets 30 % slower at this fraction of the runs


def record(index: int, runs: int, metrics: int, rng: random.Random, start: float) -> dict:
    """One run, shaped like a real gate's: KPIs with budgets, latency, coverage and OpenAPI
    series, test duration, slowest tests, and now and then failing and flaky tests."""
    seconds = start + index * 600
    stamp = time.gmtime(seconds)
    millis = index % 1000
    compact = time.strftime("%Y%m%dT%H%M%S", stamp) + f".{millis:03d}Z"
    record_id = f"{compact}-{index:016x}"
    slow = 1.3 if index >= runs * SHIFT_AT else 1.0
    series = [{"name": "latency.p95_ms", "labels": {"endpoint": f"GET /api/e{n:02d}"},
               "value": round(rng.gauss(120, 6) * (slow if n == 7 else 1), 3)} for n in range(min(40, metrics))]
    series += [{"name": "coverage.lines.percent", "labels": {"flag": f"f{n}"} if n else {},
                "value": round(80 + rng.gauss(0, 0.2), 2)} for n in range(min(10, max(0, metrics - len(series))))]
    series += [{"name": f"openapi.{name}", "labels": {}, "value": float(value)}
               for name, value in (("breaking_changes", index // 2000 % 2), ("completeness.percent", 92),
                                   ("drift.undocumented_operations", 3))][:max(0, metrics - len(series))]
    series += [{"name": "tests.duration_seconds", "labels": {}, "value": round(rng.gauss(300, 10), 3)}][:max(0, metrics - len(series))]
    series += [{"name": f"bench.metric_{n:03d}", "labels": {"suite": "unit"} if n % 2 else {},
                "value": round(rng.gauss(100, 5), 3)} for n in range(max(0, metrics - len(series)))]
    series.sort(key=lambda m: (m["name"], json.dumps(m["labels"], sort_keys=True)))
    kpis = [{"id": "pass-rate", "value": 99.5, "status": "ON_TRACK", "severity": "high", "blocking": False, "unit": "%"},
            {"id": "coverage", "value": series[0]["value"], "status": "ON_TRACK", "severity": "high", "blocking": True, "unit": "%"}]
    kpis += [{"id": f"budget.e{n:02d}-p95", "value": 120.0, "status": "ON_TRACK", "severity": "medium", "blocking": False,
              "margin": round(rng.uniform(2, 40), 2), "unit": "ms"} for n in range(8)]
    failing = ["Checkout::flaky_payment"] if index % 3 == 0 else []
    return {
        "schema": "qgate.history-record/2", "id": record_id,
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S", stamp) + f".{millis:03d}Z",
        "branch": "main" if index % 3 else f"feature/{index % 17}",
        "commit": hashlib.sha1(str(index).encode()).hexdigest(),
        "environment": {"os": "linux", "arch": "x86_64", "cpu_count": 2, "qgate_version": "bench",
                        "fingerprint": "0123456789abcdef"},
        "verdict": {"status": "pass", "exit_code": 0, "summary": "synthetic", "results": kpis},
        "metrics": series,
        "tests": {"counts": {"total": 2000, "passed": 2000 - len(failing), "failed": len(failing), "errors": 0, "skipped": 0,
                             "flaky": 0},
                  "duration_seconds": 300.0, "failing": failing,
                  "flaky": ["Search::retry_once"] if index % 50 == 0 else [], "skipped": [],
                  "slowest": [{"id": f"Suite{n}::slow_{n}", "seconds": round(rng.uniform(1, 9), 3)} for n in range(20)],
                  "omitted": 0},
    }


STORE_VERSION = 3


def make_store(path: pathlib.Path, runs: int, metrics: int) -> None:
    marker = path / ".bench-complete"
    if marker.exists() and marker.read_text() == f"v{STORE_VERSION} {runs}x{metrics}":
        return
    shutil.rmtree(path, ignore_errors=True)
    rng = random.Random(42)
    start = time.time() - runs * 600 - 86400
    index_lines = []
    for index in range(runs):
        document = record(index, runs, metrics, rng, start)
        relative = f"runs/{document['id'][:4]}-{document['id'][4:6]}/{document['id']}.json"
        target = path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, sort_keys=True, separators=(",", ":")) + "\n")
        index_lines.append(json.dumps({
            "v": 1, "id": document["id"], "file": relative, "recorded_at": document["recorded_at"],
            "branch": document["branch"], "commit": document["commit"], "status": "pass", "summary": "synthetic"},
            sort_keys=True, separators=(",", ":")))
    (path / "index.jsonl").write_text("\n".join(index_lines) + "\n")
    marker.write_text(f"v{STORE_VERSION} {runs}x{metrics}")


def timed(arguments: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(arguments, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(arguments)} exited {result.returncode}: {result.stderr[:400]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qgate", default=str(HERE.parent / ".build" / "release" / "qgate"))
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--since-days", type=int, default=30)
    options = parser.parse_args()

    store = OUT / f"history-{options.runs}x{options.metrics}"
    started = time.perf_counter()
    make_store(store, options.runs, options.metrics)
    print(f"store: {store} ({options.runs} runs x {options.metrics} metrics, ready in {time.perf_counter() - started:.1f} s)")

    with tempfile.TemporaryDirectory(prefix="qgate-history-bench-") as temp:
        folder = pathlib.Path(temp)
        (folder / "results").mkdir()
        cases = "".join(f'<testcase classname="C" name="t{n}" time="0.{n % 10}"/>' for n in range(200))
        (folder / "results" / "a.xml").write_text(f'<testsuite name="s">{cases}</testsuite>')
        (folder / "qgate.yml").write_text(
            'inputs:\n  - path: results/*.xml\nkpis:\n  - id: pass\n    metric: tests.pass_rate\n    target: ">= 99"\n')
        qgate = options.qgate
        # The generator writes records and the index, not qgate's derived digest: the first
        # reindex builds it (check --record appends to it in real use).
        first = time.perf_counter()
        subprocess.run([qgate, "history", "reindex", "--history", str(store)], capture_output=True, check=True)
        print(f"first history reindex (builds the digest): {time.perf_counter() - first:.2f} s")
        check = [qgate, "check", "--config", str(folder / "qgate.yml"), "--branch", "main", "--commit", "f" * 40]
        rows = {
            "check (no --record)": check,
            "check --record, empty store": check + ["--record", "--history", str(folder / "empty")],
            f"check --record, {options.runs}-run store": check + ["--record", "--history", str(store)],
            f"history list --limit 20, {options.runs}-run store": [qgate, "history", "list", "--history", str(store), "--limit", "20"],
            f"history export --format ndjson, {options.runs}-run store": [qgate, "history", "export", "--history", str(store), "--format", "ndjson", "-o", str(folder / "out.ndjson")],
            f"history reindex, {options.runs}-run store": [qgate, "history", "reindex", "--history", str(store)],
            f"report --since {options.since_days}d (markdown), {options.runs}-run store": [
                qgate, "report", "--history", str(store), "--since", f"{options.since_days}d", "-o", str(folder / "review.md")],
            f"report --since {options.since_days}d --format json, {options.runs}-run store": [
                qgate, "report", "--history", str(store), "--since", f"{options.since_days}d", "--format", "json",
                "-o", str(folder / "review.json")],
            f"report --since {options.since_days}d --format html, {options.runs}-run store": [
                qgate, "report", "--history", str(store), "--since", f"{options.since_days}d", "--format", "html",
                "-o", str(folder / "review.html")],
            f"Python reference reading the same records ({options.since_days}d)": [
                sys.executable, str(HERE / "py_history_report.py"), str(store), "--since-days", str(options.since_days)],
        }
        times: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(options.repeat):
            for name, arguments in rows.items():
                times[name].append(timed(arguments))
        review = json.loads((folder / "review.json").read_text())
        reference_out = json.loads(subprocess.run(
            [sys.executable, str(HERE / "py_history_report.py"), str(store), "--since-days", str(options.since_days)],
            capture_output=True, text=True, check=True).stdout)
        regressed = sorted(item["series"] for item in review["regressions"]["items"])
        print(f"qgate: {review['runs']['total']} runs, regressions {regressed}; "
              f"Python: {reference_out['runs']} runs, level shifts >= 10 % {reference_out['regressed']}")

    print(f"\nload average: {os.getloadavg()[0]:.2f}\n")
    print("| command | median (s) | runs (s) |\n| --- | ---: | --- |")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {', '.join(f'{v:.3f}' for v in values)} |")
    reference = statistics.median(times[f"Python reference reading the same records ({options.since_days}d)"])
    print()
    for label in ("(markdown)", "--format json", "--format html"):
        report = statistics.median(times[f"report --since {options.since_days}d {label}, {options.runs}-run store"])
        print(f"report --since {options.since_days}d {label}: Python reference / qgate = {reference / report:.1f}x "
              f"(target >= 10x: {'met' if reference / report >= 10 else 'NOT met'})")
    empty = statistics.median(times["check --record, empty store"])
    large = statistics.median(times[f"check --record, {options.runs}-run store"])
    ratio = large / empty
    print(f"\nrecording into the {options.runs}-run store / into an empty store: {ratio:.2f}x "
          f"(target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
