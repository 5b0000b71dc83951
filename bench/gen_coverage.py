#!/usr/bin/env python3
"""Deterministic coverage generator for qgate's coverage benchmark (Python 3 stdlib only).

    python3 bench/gen_coverage.py OUT_DIR [--lines 1000000] [--files 3000]
                                  [--diff-files 500] [--diff-lines 20000]
                                  [--seed 42] [--no-sources]

Writes into OUT_DIR one coverage run, in two formats with the same content:
  coverage.xml    Cobertura as coverage.py writes it: <coverage line-rate lines-valid
                  lines-covered branch-rate branches-valid branches-covered ...>,
                  <sources><source>, <packages><package><classes><class filename>
                  <methods/><lines><line number hits [branch condition-coverage
                  missing-branches]>; exactly --lines <line> elements over --files files
  coverage.lcov   LCOV: TN/SF/DA/BRDA/BRF/BRH/LF/LH/end_of_record per file, same lines,
                  same hits; a Cobertura line "50% (1/2)" is 2 BRDA records, 1 taken
                  (untaken: 0 on an executed line, '-' on a line that never ran)
  change.diff     a `git diff -U0` style unified diff touching --diff-lines new-side
                  lines over --diff-files of those files (added and modified hunks)
  src/**          the source files (placeholder text, as long as the highest line
                  number) so that a throwaway git repository can track them
                  (--no-sources skips them)
  expected.json   the generator's own totals: lines, branches, files, and the patch
                  figures for change.diff (changed lines that are coverable, covered)
All paths in the reports are relative to OUT_DIR (the <source> is a CI checkout path
that does not exist here, as in a report copied from CI).
"""
import argparse
import json
import os
import random
import sys
import time as _time

GENERATOR_VERSION = 1
SOURCE_ROOT = "/home/runner/work/app/app"

PACKAGES = ("core api billing auth storage search ingest report gateway scheduler "
            "notify ledger catalog inventory shipping pricing users audit export sync").split()
WORDS = ("order invoice payment user account session cache queue retry token parse "
         "render export import merge split batch stream index model view client "
         "handler router schema config loader writer reader mapper").split()

P_BRANCH = 0.12   # share of lines that hold a branch (condition-coverage)


def file_line_counts(rng, n_lines, n_files):
    """Split n_lines over n_files (each >= 1), skewed like real code bases."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(n_files)]
    total_w = sum(weights)
    counts = [max(1, int(n_lines * w / total_w)) for w in weights]
    diff = n_lines - sum(counts)
    i = 0
    while diff != 0:           # fix the rounding, deterministic
        j = i % n_files
        if diff > 0:
            counts[j] += 1; diff -= 1
        elif counts[j] > 1:
            counts[j] -= 1; diff += 1
        i += 1
    return counts


def file_lines(seed, index, count):
    """One file's lines: [(number, hits, branch_total, branch_covered, missing_targets)]."""
    rng = random.Random(seed * 1_000_003 + index)
    x = rng.random()       # per-file coverage level: most files well tested, some not at all
    rate = 0.0 if x < 0.05 else (rng.uniform(0.3, 0.7) if x < 0.25 else rng.uniform(0.75, 1.0))
    out = []
    number = 0
    for _ in range(count):
        number += 1 + (0 if rng.random() < 0.55 else rng.randrange(1, 6))
        hits = 0
        if rng.random() < rate:
            hits = 1 + int(rng.expovariate(1 / 30.0)) if rng.random() < 0.9 else rng.randrange(1000, 200000)
        bt = bc = 0
        missing = ()
        if rng.random() < P_BRANCH:
            bt = 2 if rng.random() < 0.85 else 4
            if hits:
                y = rng.random()
                bc = bt if y < 0.7 else (0 if y < 0.75 else rng.randrange(1, bt))
            missing = tuple(number + 1 + k for k in range(bt - bc))
        out.append((number, hits, bt, bc, missing))
    return out


def file_path(i):
    pkg = PACKAGES[i % len(PACKAGES)]
    sub = "mod%02d" % ((i // len(PACKAGES)) % 12)
    return "src/%s/%s/%s_%d.py" % (pkg, sub, WORDS[(i * 7) % len(WORDS)], i)


def rate(c, t):
    return "%.4g" % (c / t) if t else "1"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--diff-files", type=int, default=500)
    ap.add_argument("--diff-lines", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-sources", action="store_true")
    a = ap.parse_args()
    if not (1 <= a.files <= a.lines and 1 <= a.diff_files <= a.files and a.diff_files <= a.diff_lines):
        ap.error("need 1 <= files <= lines and 1 <= diff-files <= files, diff-files <= diff-lines")

    t0 = _time.monotonic()
    os.makedirs(a.out_dir, exist_ok=True)
    rng = random.Random(a.seed)
    counts = file_line_counts(rng, a.lines, a.files)
    paths = [file_path(i) for i in range(a.files)]
    by_pkg = {}
    for i, p in enumerate(paths):
        by_pkg.setdefault(p.rsplit("/", 1)[0].replace("/", "."), []).append(i)

    # Pass 1: totals (per file, per package, overall); each file is regenerated from its own seed.
    per_file = []
    T = dict(lines=0, covered=0, branches=0, branches_covered=0, branch_lines=0, partial_lines=0)
    max_line = []
    for i in range(a.files):
        fl = file_lines(a.seed, i, counts[i])
        lt = len(fl); lc = sum(1 for l in fl if l[1]); bt = sum(l[2] for l in fl); bc = sum(l[3] for l in fl)
        per_file.append((lt, lc, bt, bc))
        max_line.append(fl[-1][0])
        T["lines"] += lt; T["covered"] += lc; T["branches"] += bt; T["branches_covered"] += bc
        T["branch_lines"] += sum(1 for l in fl if l[2])
        T["partial_lines"] += sum(1 for l in fl if l[1] and l[3] < l[2])

    # The diff: --diff-files files, --diff-lines new-side lines, hunks of 1-40 lines.
    drng = random.Random(a.seed + 7)
    chosen = sorted(drng.sample(range(a.files), a.diff_files))
    share = file_line_counts(drng, a.diff_lines, a.diff_files)
    changed = {}          # file index -> sorted list of changed new-side line numbers
    diff_parts = []
    caps = [max_line[fi] + 20 for fi in chosen]   # new lines may land past the old end, as added code does
    carry = 0
    for k in range(len(share)):          # small files pass what they cannot hold to the next ones
        share[k] += carry
        carry = max(0, share[k] - caps[k])
        share[k] -= carry
    for k in range(len(share) - 1, -1, -1):
        room = min(carry, caps[k] - share[k])
        share[k] += room
        carry -= room
    for fi, want, last in zip(chosen, share, caps):
        lines = set()
        while len(lines) < want:
            n = min(want - len(lines), drng.randrange(1, 41))
            start = drng.randrange(1, last - n + 2)
            lines.update(range(start, start + n))
        lines = sorted(lines)
        changed[fi] = lines
        # group into runs -> hunks; about a third are modifications (old lines removed too)
        runs = []
        for ln in lines:
            if runs and runs[-1][1] == ln - 1:
                runs[-1][1] = ln
            else:
                runs.append([ln, ln])
        p = paths[fi]
        out = ["diff --git a/%s b/%s\n" % (p, p), "index %07x..%07x 100644\n" % (fi * 2654435761 % (1 << 28), (fi + 1) * 40503 % (1 << 28)),
               "--- a/%s\n" % p, "+++ b/%s\n" % p]
        offset = 0                      # new - old line numbers so far
        prev_old_end = 0
        for b, e in runs:
            n = e - b + 1
            old_start = b - offset       # first old line at that position
            k = 0
            if drng.random() < 0.35:
                k = min(n, drng.randrange(1, 4))
                if old_start + k - 1 > max_line[fi] or old_start <= prev_old_end:
                    k = 0
            if k:
                out.append("@@ -%d%s +%d%s @@\n" % (old_start, "" if k == 1 else ",%d" % k, b, "" if n == 1 else ",%d" % n))
                out.extend("-    old_%d = %d\n" % (old_start + j, j) for j in range(k))
                prev_old_end = old_start + k - 1
            else:
                out.append("@@ -%d,0 +%d%s @@\n" % (old_start - 1, b, "" if n == 1 else ",%d" % n))
                prev_old_end = old_start - 1
            out.extend("+    value_%d = compute(%d)\n" % (b + j, j) for j in range(n))
            offset += n - k
        diff_parts.append("".join(out))
    with open(os.path.join(a.out_dir, "change.diff"), "w", encoding="ascii", newline="\n") as f:
        f.write("".join(diff_parts))

    # Pass 2: write both reports, file by file.
    xml_path = os.path.join(a.out_dir, "coverage.xml")
    lcov_path = os.path.join(a.out_dir, "coverage.lcov")
    P = dict(coverable=0, covered=0, covered_full=0, changed=sum(len(v) for v in changed.values()))
    x = open(xml_path + ".tmp", "w", encoding="ascii", newline="\n", buffering=4 << 20)
    lc = open(lcov_path + ".tmp", "w", encoding="ascii", newline="\n", buffering=4 << 20)
    x.write('<?xml version="1.0" ?>\n')
    x.write('<coverage version="7.6.1" timestamp="1767225600000" lines-valid="%d" lines-covered="%d" line-rate="%s" '
            'branches-covered="%d" branches-valid="%d" branch-rate="%s" complexity="0">\n' % (
                T["lines"], T["covered"], rate(T["covered"], T["lines"]), T["branches_covered"], T["branches"],
                rate(T["branches_covered"], T["branches"])))
    x.write('\t<!-- Generated by coverage.py: https://coverage.readthedocs.io/en/7.6.1 -->\n'
            '\t<!-- Based on https://raw.githubusercontent.com/cobertura/web/master/htdocs/xml/coverage-04.dtd -->\n'
            '\t<sources>\n\t\t<source>%s</source>\n\t</sources>\n\t<packages>\n' % SOURCE_ROOT)
    for pkg in sorted(by_pkg):
        idx = by_pkg[pkg]
        plt = sum(per_file[i][0] for i in idx); plc = sum(per_file[i][1] for i in idx)
        pbt = sum(per_file[i][2] for i in idx); pbc = sum(per_file[i][3] for i in idx)
        x.write('\t\t<package name="%s" line-rate="%s" branch-rate="%s" complexity="0">\n\t\t\t<classes>\n' % (
            pkg, rate(plc, plt), rate(pbc, pbt)))
        for i in idx:
            fl = file_lines(a.seed, i, counts[i])
            lt, lcov_c, bt, bc = per_file[i]
            p = paths[i]
            xs = ['\t\t\t\t<class name="%s" filename="%s" complexity="0" line-rate="%s" branch-rate="%s">\n'
                  '\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n' % (p.rsplit("/", 1)[1], p, rate(lcov_c, lt), rate(bc, bt))]
            ls = ["TN:\nSF:%s\n" % p]
            brda = []
            for number, hits, t, c, missing in fl:
                if t:
                    xs.append('\t\t\t\t\t\t<line number="%d" hits="%d" branch="true" condition-coverage="%d%% (%d/%d)"%s/>\n' % (
                        number, hits, int(100.0 * c / t), c, t,
                        ' missing-branches="%s"' % ",".join(map(str, missing)) if missing else ""))
                    for k in range(t):
                        taken = ("%d" % max(1, hits // (k + 1))) if k < c else ("0" if hits else "-")
                        brda.append("BRDA:%d,0,%d,%s\n" % (number, k, taken))
                else:
                    xs.append('\t\t\t\t\t\t<line number="%d" hits="%d"/>\n' % (number, hits))
                ls.append("DA:%d,%d\n" % (number, hits))
            xs.append('\t\t\t\t\t</lines>\n\t\t\t\t</class>\n')
            # lcov (geninfo) writes branch records before the line records
            lc.write("".join(ls[:2] + brda + ["BRF:%d\nBRH:%d\n" % (bt, bc)] + ls[2:] +
                             ["LF:%d\nLH:%d\nend_of_record\n" % (lt, lcov_c)]))
            x.write("".join(xs))
            if i in changed:
                info = {l[0]: l for l in fl}
                for ln in changed[i]:
                    l = info.get(ln)
                    if l is None:
                        continue
                    P["coverable"] += 1
                    if l[1]:
                        P["covered"] += 1
                        if l[3] == l[2]:
                            P["covered_full"] += 1
            if not a.no_sources:
                sp = os.path.join(a.out_dir, p)
                os.makedirs(os.path.dirname(sp), exist_ok=True)
                with open(sp, "w") as s:
                    s.write("pass\n" * (max_line[i] + 20))
        x.write('\t\t\t</classes>\n\t\t</package>\n')
    x.write('\t</packages>\n</coverage>\n')
    x.close(); lc.close()

    expected = {
        "generator": "bench/gen_coverage.py",
        "generator_version": GENERATOR_VERSION,
        "seed": a.seed,
        "files": a.files,
        "lines": {"covered": T["covered"], "total": T["lines"]},
        "branches": {"covered": T["branches_covered"], "total": T["branches"]},
        "branch_lines": T["branch_lines"],
        "partial_lines": T["partial_lines"],          # executed lines with an untaken branch
        "patch": {
            "files": a.diff_files,
            "changed_lines": P["changed"],              # added lines in change.diff (new side)
            "coverable": P["coverable"],                # changed lines the reports measure
            "covered": P["covered"],                    # of those, hits > 0 (diff-cover's reading)
            "covered_full": P["covered_full"],          # hits > 0 and every branch taken
        },
        "bytes": {"coverage.xml": os.path.getsize(xml_path + ".tmp"),
                  "coverage.lcov": os.path.getsize(lcov_path + ".tmp"),
                  "change.diff": os.path.getsize(os.path.join(a.out_dir, "change.diff"))},
        "source_root": SOURCE_ROOT,
        "generate_seconds": round(_time.monotonic() - t0, 2),
    }
    # Sidecar first, then the reports: a report only exists next to its totals.
    with open(os.path.join(a.out_dir, "expected.json"), "w") as j:
        json.dump(expected, j, indent=2)
        j.write("\n")
    os.replace(xml_path + ".tmp", xml_path)
    os.replace(lcov_path + ".tmp", lcov_path)
    json.dump(expected, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
