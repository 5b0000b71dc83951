#!/usr/bin/env python3
"""History store benchmark (not a test): does recording time grow with the store?

    python3 bench/history_bench.py --qgate .build/release/qgate [--runs 10000] [--metrics 200] [--repeat 5]

Writes a store of RUNS synthetic records × METRICS metrics (the record format of
schemas/history-record.schema.json, with its index.jsonl) under bench/out/, then times, in
the same run and interleaved, `qgate check --record` of a small gate into an empty store and
into the large one, and `qgate history list --limit 20`, `history export --format ndjson`
and `history reindex` on the large store. Prints a markdown table of medians.
Target: recording into the large store within 1.5x of recording into an empty one.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "out"


def record(index: int, metrics: int, rng: random.Random, start: float) -> dict:
    seconds = start + index * 600
    stamp = time.gmtime(seconds)
    millis = index % 1000
    compact = time.strftime("%Y%m%dT%H%M%S", stamp) + f".{millis:03d}Z"
    record_id = f"{compact}-{index:016x}"
    series = [{"name": f"bench.metric_{n:03d}", "labels": {"suite": "unit"} if n % 2 else {},
               "value": round(rng.gauss(100, 5), 3)} for n in range(metrics)]
    series.sort(key=lambda m: (m["name"], json.dumps(m["labels"], sort_keys=True)))
    return {
        "schema": "qgate.history-record/1", "id": record_id,
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S", stamp) + f".{millis:03d}Z",
        "branch": "main" if index % 3 else f"feature/{index % 17}", "commit": f"{index:040x}",
        "environment": {"os": "linux", "arch": "x86_64", "cpu_count": 2, "qgate_version": "bench",
                        "fingerprint": "0123456789abcdef"},
        "verdict": {"status": "pass", "exit_code": 0, "summary": "synthetic", "results": [
            {"id": "pass-rate", "value": 99.5, "status": "ON_TRACK", "severity": "high", "blocking": False}]},
        "metrics": series,
        "tests": {"counts": {"total": 10, "passed": 10, "failed": 0, "errors": 0, "skipped": 0, "flaky": 0},
                  "duration_seconds": 1.0, "failing": [], "flaky": [], "skipped": [], "slowest": [], "omitted": 0},
    }


def make_store(path: pathlib.Path, runs: int, metrics: int) -> None:
    marker = path / ".bench-complete"
    if marker.exists() and marker.read_text() == f"{runs}x{metrics}":
        return
    shutil.rmtree(path, ignore_errors=True)
    rng = random.Random(42)
    start = time.time() - runs * 600 - 86400
    index_lines = []
    for index in range(runs):
        document = record(index, metrics, rng, start)
        relative = f"runs/{document['id'][:4]}-{document['id'][4:6]}/{document['id']}.json"
        target = path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, sort_keys=True, separators=(",", ":")) + "\n")
        index_lines.append(json.dumps({
            "v": 1, "id": document["id"], "file": relative, "recorded_at": document["recorded_at"],
            "branch": document["branch"], "commit": document["commit"], "status": "pass", "summary": "synthetic"},
            sort_keys=True, separators=(",", ":")))
    (path / "index.jsonl").write_text("\n".join(index_lines) + "\n")
    marker.write_text(f"{runs}x{metrics}")


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
        check = [qgate, "check", "--config", str(folder / "qgate.yml"), "--branch", "main", "--commit", "f" * 40]
        rows = {
            "check (no --record)": check,
            "check --record, empty store": check + ["--record", "--history", str(folder / "empty")],
            f"check --record, {options.runs}-run store": check + ["--record", "--history", str(store)],
            f"history list --limit 20, {options.runs}-run store": [qgate, "history", "list", "--history", str(store), "--limit", "20"],
            f"history export --format ndjson, {options.runs}-run store": [qgate, "history", "export", "--history", str(store), "--format", "ndjson", "-o", str(folder / "out.ndjson")],
            f"history reindex, {options.runs}-run store": [qgate, "history", "reindex", "--history", str(store)],
        }
        times: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(options.repeat):
            for name, arguments in rows.items():
                times[name].append(timed(arguments))

    print(f"\nload average: {os.getloadavg()[0]:.2f}\n")
    print("| command | median (s) | runs (s) |\n| --- | ---: | --- |")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {', '.join(f'{v:.3f}' for v in values)} |")
    empty = statistics.median(times["check --record, empty store"])
    large = statistics.median(times[f"check --record, {options.runs}-run store"])
    ratio = large / empty
    print(f"\nrecording into the {options.runs}-run store / into an empty store: {ratio:.2f}x "
          f"(target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
