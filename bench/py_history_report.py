#!/usr/bin/env python3
"""Python reference for `qgate report --since Nd` (not a test): reads the same record files.

    python3 bench/py_history_report.py STORE --since-days 30 [--now EPOCH]

Lists runs/*/*.json, keeps the files whose name (the record's time) is in the window, json.loads
each and computes what the weekly review shows: each KPI's first/last value, sparkline-ready
series and status counts; budgets under 10 % headroom in their newest run; the slowest and the
most often flaky tests; coverage.* first against last; openapi.* changes; and, per duration or
latency series on main, the strongest level shift (prefix sums, the same search qgate makes)
with the medians around it. Prints a JSON summary (run count, regressed series) on stdout.
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import statistics
import sys
import time


NAMES: dict = {}


def series_name(metric: dict) -> str:
    """`name{k="v",...}`, cached per (name, labels) as written (records sort their keys)."""
    labels = metric.get("labels") or {}
    if not labels:
        return metric["name"]
    key = (metric["name"], tuple(labels.items()))
    name = NAMES.get(key)
    if name is None:
        name = NAMES[key] = metric["name"] + "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
    return name


def change_point(values: list[float], first: int, width: int = 20, minimum: int = 5) -> int | None:
    n = len(values)
    lowest = max(first, minimum)
    if lowest > n - 2:
        return None
    sums, squares = [0.0], [0.0]
    for value in values:
        sums.append(sums[-1] + value)
        squares.append(squares[-1] + value * value)

    def stats(a: int, b: int) -> tuple[float, float, int]:
        count = b - a
        mean = (sums[b] - sums[a]) / count
        return mean, max(0.0, (squares[b] - squares[a]) / count - mean * mean), count

    best, best_score = None, 0.0
    for split in range(lowest, n - 1):
        mb, vb, nb = stats(max(0, split - width), split)
        ma, va, na = stats(split, min(n, split + width))
        score = (ma - mb) / (vb / nb + va / na + 1e-12 + 1e-6 * abs(mb)) ** 0.5
        if score > best_score:
            best, best_score = split, score
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--since-days", type=float, default=7)
    parser.add_argument("--now", type=float, default=time.time())
    options = parser.parse_args()
    since = options.now - options.since_days * 86400
    since_name = time.strftime("%Y%m%dT%H%M%S", time.gmtime(since))
    since_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(since))
    first_month = time.strftime("%Y-%m", time.gmtime(since))
    runs_folder = pathlib.Path(options.store) / "runs"
    files = []
    for month in sorted(runs_folder.iterdir()):
        if month.name < first_month:
            continue
        files += [path for path in sorted(month.iterdir()) if path.name[:15] >= since_name[:15] and path.suffix == ".json"]

    records = []
    for path in files:
        with open(path, "rb") as handle:
            record = json.load(handle)
        if record["recorded_at"][:19] >= since_text:
            records.append(record)
    records.sort(key=lambda r: (r["recorded_at"], r["id"]))

    kpis: dict[str, list] = {}
    budgets: dict[str, tuple] = {}
    series: dict[str, list] = {}
    slowest: dict[str, float] = {}
    flaky: dict[str, int] = {}
    main_series: dict[str, list] = {}
    for index, record in enumerate(records):
        for result in record["verdict"]["results"]:
            kpis.setdefault(result["id"], []).append((result.get("value"), result["status"]))
            if result["id"].startswith("budget.") and result.get("margin") is not None:
                budgets[result["id"]] = (result["margin"], record["id"])
        on_main = record.get("branch") == "main"
        for metric in record["metrics"]:
            name = series_name(metric)
            series.setdefault(name, []).append((index, metric["value"]))
            if on_main and (metric["name"].startswith("latency.") or "duration" in metric["name"]):
                main_series.setdefault(name, []).append((index, metric["value"]))
        for timing in record["tests"]["slowest"]:
            slowest[timing["id"]] = max(slowest.get(timing["id"], 0), timing["seconds"])
        for test in set(record["tests"]["flaky"]):
            flaky[test] = flaky.get(test, 0) + 1

    trends = {kpi: (values[0][0], values[-1][0], collections.Counter(status for _, status in values))
              for kpi, values in kpis.items()}
    at_risk = sorted((margin, kpi) for kpi, (margin, _) in budgets.items() if margin < 10)
    coverage = {name: (points[0][1], points[-1][1]) for name, points in series.items() if name.startswith("coverage.")}
    drift = [(name, a[1], b[1]) for name, points in series.items() if name.startswith("openapi.")
             for a, b in zip(points, points[1:]) if a[1] != b[1]]
    regressed = []
    for name, points in main_series.items():
        values = [value for _, value in points]
        split = change_point(values, 0)
        if split is None:
            continue
        before = statistics.median(values[max(0, split - 20):split])
        after = statistics.median(values[split:split + 20])
        if before and (after - before) / abs(before) >= 0.10:
            regressed.append(name)
    top_slow = sorted(slowest.items(), key=lambda item: -item[1])[:10]
    top_flaky = sorted(flaky.items(), key=lambda item: -item[1])[:10]
    json.dump({"runs": len(records), "kpis": len(trends), "budgets_at_risk": len(at_risk), "coverage": len(coverage),
               "spec_drift": len(drift), "slowest": len(top_slow), "flaky": len(top_flaky),
               "regressed": sorted(regressed)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
