#!/usr/bin/env python3
"""Compares qgate's per-endpoint percentiles (inspect JSON) with the Python reference.

    python3 bench/perf_compare.py QGATE.json PYTHON.json [--bound 0.001] [--show 5]

Exact percentiles (series of at most 10 000 samples) must equal numpy's linear value. Past
that qgate's sketch reports the upper end of the HdrHistogram bucket (3 significant digits)
holding the nearest-rank sample, so it must lie between the two order statistics numpy
interpolates between (`bracket`), widened by `bound` (relative) and 1 µs: that is the error
bound qgate states. The table also shows the plain difference to numpy's linear value. Prints a few endpoints side by side and exits 1 on any
disagreement or on a different endpoint set or count.
"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("qgate")
parser.add_argument("python")
parser.add_argument("--bound", type=float, default=0.001)
parser.add_argument("--show", type=int, default=5)
options = parser.parse_args()

with open(options.qgate, encoding="utf-8") as file:
    document = json.load(file)
with open(options.python, encoding="utf-8") as file:
    reference = json.load(file)

ours = {}
for entry in document["files"]:
    for series in entry["report"]["performance"]["series"]:
        if series["kind"] == "endpoint":
            ours[series["name"]] = {value["statistic"]: value["value"] for value in series["values"]}

problems = []
if set(ours) != set(reference):
    problems.append(f"endpoint sets differ: {len(ours)} vs {len(reference)}")
worst = 0.0
rows = []
for label in sorted(reference):
    if label not in ours:
        continue
    mine, theirs = ours[label], reference[label]
    if int(mine["count"]) != theirs["count"]:
        problems.append(f"{label}: count {mine['count']} vs {theirs['count']}")
    for statistic in ("p50", "p95", "p99"):
        a, b = mine[statistic], theirs[statistic]
        error = abs(a - b) / max(b, 1e-9)
        worst = max(worst, error)
        low, high = theirs["bracket"][statistic]
        if not (low * (1 - options.bound) - 0.001 <= a <= high * (1 + options.bound) + 0.001):
            problems.append(f"{label} {statistic}: qgate {a} outside [{low}, {high}] ± {options.bound:.2%} (numpy {b})")
    rows.append(label)

print(f"| endpoint | n | qgate p50 / p95 / p99 (ms) | numpy p50 / p95 / p99 (ms) |")
print(f"|---|---:|---|---|")
for label in rows[: options.show]:
    mine, theirs = ours[label], reference[label]
    print(f"| {label} | {theirs['count']} | {mine['p50']:g} / {mine['p95']:g} / {mine['p99']:g} "
          f"| {theirs['p50']:g} / {theirs['p95']:g} / {theirs['p99']:g} |")
print(f"\n{len(rows)} endpoints compared: every p50/p95/p99 within the sketch bound ({options.bound:.2%} + 1 µs) "
      f"around numpy's bracketing order statistics: {'yes' if not problems else 'NO'}; "
      f"largest relative difference to numpy's linear value {worst:.4%}")
for problem in problems[:20]:
    print("DISAGREE: " + problem)
sys.exit(1 if problems else 0)
