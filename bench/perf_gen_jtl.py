#!/usr/bin/env python3
"""Writes a JMeter JTL CSV (the default 17 columns, header first) of N samples over E endpoints.

    python3 bench/perf_gen_jtl.py OUT.jtl --rows 10000000 --endpoints 50 --seed 42

Latencies are integer milliseconds (as JMeter writes them) from a log-normal per endpoint with
its own median (5…400 ms) and a heavy tail; about 1 % of samples fail (responseCode 500,
success false). Deterministic for a seed. Needs numpy.
"""
import argparse

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--rows", type=int, default=10_000_000)
parser.add_argument("--endpoints", type=int, default=50)
parser.add_argument("--seed", type=int, default=42)
options = parser.parse_args()

rng = np.random.default_rng(options.seed)
labels = [f"/api/v1/app/resource{index:02d}/items" for index in range(options.endpoints)]
medians = rng.uniform(5, 400, options.endpoints)
sigmas = rng.uniform(0.3, 0.9, options.endpoints)
header = ("timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,"
          "bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n")
chunk = 500_000
start = 1_700_000_000_000
with open(options.out, "w", encoding="ascii", newline="") as out:
    out.write(header)
    written = 0
    while written < options.rows:
        n = min(chunk, options.rows - written)
        which = rng.integers(0, options.endpoints, n)
        elapsed = np.maximum(1, np.rint(medians[which] * np.exp(sigmas[which] * rng.standard_normal(n)))).astype(np.int64)
        failed = rng.random(n) < 0.01
        stamps = start + (written + np.arange(n)) // 20
        lines = []
        for stamp, ms, endpoint, bad in zip(stamps.tolist(), elapsed.tolist(), which.tolist(), failed.tolist()):
            label = labels[endpoint]
            if bad:
                lines.append(f"{stamp},{ms},{label},500,Internal Server Error,Thread Group 1-{endpoint + 1},text,false,,"
                             f"174,801,50,50,http://app.example.org{label},{ms},0,0\n")
            else:
                lines.append(f"{stamp},{ms},{label},200,OK,Thread Group 1-{endpoint + 1},text,true,,"
                             f"2048,801,50,50,http://app.example.org{label},{ms},0,0\n")
        out.write("".join(lines))
        written += n
