#!/usr/bin/env python3
"""Python reference for the JTL benchmark: csv module + numpy percentiles per label.

    python3 bench/perf_py_percentiles.py FILE.jtl OUT.json

Reads the JTL with csv.reader (columns found by header name), groups `elapsed` per `label`,
and writes {label: {"count": n, "p50": …, "p95": …, "p99": …, "bracket": {"p50": [lower, higher], …}}}
with numpy.percentile's default (linear) method — the method qgate uses for exact percentiles —
and the two order statistics each one interpolates between (methods 'lower' and 'higher'), which
bound where any rank-based estimate such as qgate's sketch may fall.
"""
import csv
import json
import sys

import numpy as np

path, out = sys.argv[1], sys.argv[2]
groups = {}
with open(path, newline="", encoding="utf-8") as file:
    reader = csv.reader(file)
    header = next(reader)
    elapsed_at, label_at = header.index("elapsed"), header.index("label")
    for row in reader:
        groups.setdefault(row[label_at], []).append(int(row[elapsed_at]))
result = {}
for label, values in groups.items():
    array = np.asarray(values, dtype=np.float64)
    p50, p95, p99 = np.percentile(array, [50, 95, 99])
    lower = np.percentile(array, [50, 95, 99], method="lower")
    higher = np.percentile(array, [50, 95, 99], method="higher")
    result[label] = {"count": len(values), "p50": float(p50), "p95": float(p95), "p99": float(p99),
                     "bracket": {name: [float(lo), float(hi)] for name, lo, hi in zip(("p50", "p95", "p99"), lower, higher)}}
with open(out, "w", encoding="utf-8") as file:
    json.dump(result, file)
