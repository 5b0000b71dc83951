#!/usr/bin/env bash
# JUnit XML read benchmark: qgate vs xmllint --stream vs Python junitparser.
#
#   bash bench/junit-bench.sh [--size-mb 512] [--runs 2] [--seed 42]
#                             [--skip-qgate] [--max-rss-mb 8192]
#   QGATE=/path/to/qgate bash bench/junit-bench.sh     # skip the build
#   BENCH_PYTHON=/path/to/venv/bin/python ...          # Python for junitparser etc.
#
# Generates (or reuses) bench/out/junit-<size>mb-seed<seed>.xml, installs the
# peers if missing, builds qgate (release), runs every tool --runs times,
# interleaved, page cache warm, under GNU time; prints a markdown table (also
# bench/out/junit-results.md) and the targets. Method as in
# /work/shared/research/swift-perf.md (JUnit XML section).
# Exit status: 0 unless a tool crashed or the build failed; targets are informational.
set -euo pipefail

SIZE_MB=512
RUNS=2
SEED=42
SKIP_QGATE=0
MAX_RSS_MB=8192   # watchdog: kill a run whose RSS passes this (0 = off)

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) SIZE_MB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --skip-qgate) SKIP_QGATE=1; shift ;;
    --max-rss-mb) MAX_RSS_MB="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$SIZE_MB" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--size-mb wants a number" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs wants a positive integer" >&2; exit 2; }
[[ "$SEED" =~ ^[0-9]+$ ]] || { echo "--seed wants an integer" >&2; exit 2; }

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
XML="$OUT/junit-${SIZE_MB}mb-seed${SEED}.xml"
EXPECTED="${XML%.xml}.expected.json"
RUNS_TSV="$OUT/junit-runs.tsv"
RESULTS_MD="$OUT/junit-results.md"
TIME=/usr/bin/time
PY="${BENCH_PYTHON:-python3}"   # e.g. a venv with lxml, to give junitparser the lxml backend

log() { printf '\n== %s\n' "$*" >&2; }
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"

# --------------------------------------------------------------------- tools
apt_install() {  # apt_install PACKAGE
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y "$1" >/dev/null \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "$1" >/dev/null; }
}
ensure_tools() {
  if [[ ! -x "$TIME" ]]; then log "installing GNU time"; apt_install time; fi
  if ! command -v xmllint >/dev/null; then log "installing libxml2-utils (xmllint)"; apt_install libxml2-utils; fi
  if ! "$PY" -c 'import junitparser' 2>/dev/null; then
    log "installing junitparser"; "$PY" -m pip install --quiet junitparser
  fi
}

# ------------------------------------------------------------- input file
ensure_input() {
  local want_version
  want_version="$(sed -n 's/^GENERATOR_VERSION = \([0-9]*\).*/\1/p' "$BENCH_DIR/gen_junit.py")"
  if [[ -f "$XML" && -f "$EXPECTED" ]] && "$PY" - "$XML" "$EXPECTED" "$want_version" "$SEED" <<'PY'
import json, os, sys
xml, exp, ver, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
e = json.load(open(exp))
sys.exit(0 if (e.get("generator_version") == ver and e.get("seed") == seed
               and e.get("bytes") == os.path.getsize(xml)) else 1)
PY
  then
    log "reusing $XML"
  else
    log "generating $XML (${SIZE_MB} MB, seed $SEED)"
    "$PY" "$BENCH_DIR/gen_junit.py" "$XML" --size-mb "$SIZE_MB" --seed "$SEED" >/dev/null
    echo "  generated in $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["generate_seconds"])' "$EXPECTED") s" >&2
  fi
}

# ------------------------------------------------------------------ qgate
QGATE_BIN=""
ensure_qgate() {
  if [[ "$SKIP_QGATE" -eq 1 ]]; then return; fi
  if [[ -n "${QGATE:-}" ]]; then
    [[ -x "$QGATE" ]] || { echo "QGATE=$QGATE is not an executable" >&2; exit 1; }
    QGATE_BIN="$QGATE"; log "using QGATE=$QGATE_BIN (no build)"; return
  fi
  local bin_dir
  log "building qgate (swift build -c release --product qgate)"
  bin_dir="$(cd "$REPO" && swift build -c release --show-bin-path)"
  if ! (cd "$REPO" && swift build -c release --product qgate); then
    if [[ -x "$bin_dir/qgate" ]]; then
      echo "WARNING: build failed; benchmarking the existing $bin_dir/qgate" >&2
    else
      echo "build failed and no qgate binary in $bin_dir" >&2; exit 1
    fi
  fi
  QGATE_BIN="$bin_dir/qgate"
}

# ------------------------------------------------------------ timed runs
# timed TOOL RUN STDOUT_FILE CMD...: one run under GNU time (+ RSS watchdog),
# appends "tool run wall_s maxrss_kb status" to $RUNS_TSV.
timed() {
  local tool="$1" run="$2" stdout_file="$3"; shift 3
  local tf="$OUT/.time.$tool" ef="$OUT/$tool.stderr" tpid child rss k v killed=0 rc=0
  cat "$XML" >/dev/null   # warm the page cache
  "$TIME" -f "%e %M" -o "$tf" "$@" >"$stdout_file" 2>"$ef" &
  tpid=$!
  if [[ "$MAX_RSS_MB" -gt 0 ]]; then
    while kill -0 "$tpid" 2>/dev/null; do
      child="$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null || true)"
      child="${child%% *}"
      if [[ -n "$child" ]]; then
        rss=0
        while read -r k v _; do [[ "$k" == VmRSS: ]] && rss="$v"; done 2>/dev/null <"/proc/$child/status" || true
        if (( rss > MAX_RSS_MB * 1024 )); then
          echo "  $tool run $run: RSS ${rss} kB > ${MAX_RSS_MB} MB, killing pid $child" >&2
          kill -KILL "$child" 2>/dev/null || true; killed=1
        fi
      fi
      sleep 0.5
    done
  fi
  wait "$tpid" || rc=$?
  local wall=0 maxrss=0 status
  read -r wall maxrss < <(tail -n 1 "$tf") || true
  [[ "$wall" =~ ^[0-9.]+$ && "$maxrss" =~ ^[0-9]+$ ]] || { wall=0; maxrss=0; rc=${rc/#0/99}; }
  if [[ "$killed" -eq 1 ]]; then status="killed"
  elif [[ "$rc" -ne 0 ]]; then status="rc=$rc"; echo "  $tool run $run failed (rc=$rc): $(tail -n 3 "$ef")" >&2
  else status="ok"; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$maxrss" "$status" >>"$RUNS_TSV"
  printf '  %-12s run %s: %6ss  %7.1f MiB  %s\n' "$tool" "$run" "$wall" "$(awk "BEGIN{print $maxrss/1024}")" "$status" >&2
}

# ============================================================================
# ADAPT HERE: qgate's JSON shape. `qgate inspect --format json FILE` is expected
# to print {"files": [{"observed": {...counts...}}, ...]}. KEYS maps each
# generator count to the observed keys tried (first numeric one wins; dotted
# paths like "tests.total" work). ALT lists other readings that also count as
# right (e.g. rerun duplicates collapsed). If the shape does not fit, prints
# qgate's first 40 lines instead of failing. Exit: 0 match, 1 mismatch, 2 shape.
# ============================================================================
check_qgate_counts() {  # check_qgate_counts QGATE_STDOUT EXPECTED_JSON
  "$PY" - "$1" "$2" <<'PY'
import json, sys
KEYS = {
    "testcases": ["case_elements", "testcases", "tests", "cases", "total"],
    "failures": ["failures", "failed"],
    "errors": ["errors", "errored"],
    "skipped": ["skipped"],
    "flaky": ["flaky", "flakyFailures", "flaky_failures"],
    "time": ["time", "timeSeconds", "duration", "seconds"],
}
ALT = {  # other acceptable values, computed from the sidecar
    "testcases": lambda e: {"unique (reruns collapsed)": e["unique_testcases"]},
    "failures": lambda e: {"reruns counted as passed": e["failures"] - e["rerun_pairs"]},
    "flaky": lambda e: {"flakyFailure + rerun pairs": e["flaky"] + e["rerun_pairs"]},
}

def get(d, path):
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d if isinstance(d, (int, float)) and not isinstance(d, bool) else None

out_path, exp_path = sys.argv[1], sys.argv[2]
exp = json.load(open(exp_path))
exp["time"] = exp["time_ms"] / 1000.0
try:
    doc = json.load(open(out_path))
    observed = [dict(f["report"]["observed"], case_elements=f["report"]["case_elements"],
                     time=f["report"]["duration_seconds"]) if "report" in f else f["observed"] for f in doc["files"]]
    assert observed and all(isinstance(o, dict) for o in observed)
except Exception as ex:
    print("qgate output is not the expected shape (%s: %s); its first 40 lines:" % (type(ex).__name__, ex))
    with open(out_path, errors="replace") as fh:
        for i, line in enumerate(fh):
            if i == 40: break
            sys.stdout.write(line)
    sys.exit(2)

found, bad = 0, 0
print("| count | generator | qgate | |")
print("| --- | --- | --- | --- |")
for name, keys in KEYS.items():
    got, used = None, None
    for k in keys:
        vals = [get(o, k) for o in observed]
        if all(v is not None for v in vals):
            got, used = sum(vals), k
            break
    want = exp[name]
    if got is None:
        print("| %s | %s | (not reported) | |" % (name, want)); continue
    found += 1
    close = (lambda a, b: abs(a - b) <= 0.01 + 1e-9 * abs(b)) if name == "time" else (lambda a, b: a == b)
    if close(got, want):
        verdict = "ok"
    else:
        alts = [label for label, v in ALT.get(name, lambda e: {})(exp).items() if close(got, v)]
        verdict = ("ok: " + alts[0]) if alts else "MISMATCH"
        bad += verdict == "MISMATCH"
    print("| %s | %s | %s (`%s`) | %s |" % (name, want, got, used, verdict))
if found == 0:
    print("no known count keys in observed; qgate's first 40 lines:")
    with open(out_path, errors="replace") as fh:
        for i, line in enumerate(fh):
            if i == 40: break
            sys.stdout.write(line)
    sys.exit(2)
sys.exit(1 if bad else 0)
PY
}

check_junitparser_counts() {  # check_junitparser_counts STDOUT EXPECTED_JSON
  "$PY" - "$1" "$2" <<'PY'
import json, sys
try:
    got = json.loads(open(sys.argv[1]).read())
except Exception:
    print("junitparser: no output to check"); sys.exit(1)
exp = json.load(open(sys.argv[2]))
bad = [k for k in ("testcases", "failures", "errors", "skipped", "passed") if got.get(k) != exp[k]]
if abs(float(got.get("time", "nan")) - exp["time_ms"] / 1000) > 0.01:
    bad.append("time")
print("junitparser counts (%s backend): %s" % (got.get("backend"), "match the generator" if not bad else "MISMATCH in " + ", ".join(bad)))
sys.exit(1 if bad else 0)
PY
}

# ===================================================================== main
ensure_tools
ensure_input
ensure_qgate

BYTES="$(stat -c %s "$XML")"
: >"$RUNS_TSV"
log "benchmark: $XML ($BYTES bytes), $RUNS interleaved run(s) per tool, load avg $(cut -d' ' -f1-3 /proc/loadavg)"

QGATE_CHECK="skipped"
if [[ -n "$QGATE_BIN" ]]; then
  # One untimed run first: checks the counts and warms the binary.
  cat "$XML" >/dev/null
  qrc=0; "$QGATE_BIN" inspect --format json "$XML" >"$OUT/qgate-inspect.json" 2>"$OUT/qgate.stderr" || qrc=$?
  if [[ "$qrc" -ne 0 ]]; then
    echo "qgate inspect exited $qrc: $(tail -n 5 "$OUT/qgate.stderr")" >&2
  fi
fi

for ((r = 1; r <= RUNS; r++)); do
  if [[ -n "$QGATE_BIN" ]]; then
    timed qgate "$r" /dev/null "$QGATE_BIN" inspect --format json "$XML"
  fi
  timed xmllint "$r" /dev/null xmllint --stream --noout "$XML"
  timed junitparser "$r" "$OUT/junitparser.out.json" "$PY" "$BENCH_DIR/py_junitparser.py" "$XML"
done

log "counts"
if [[ -n "$QGATE_BIN" ]]; then
  crc=0; check_qgate_counts "$OUT/qgate-inspect.json" "$EXPECTED" || crc=$?
  case "$crc" in 0) QGATE_CHECK="match" ;; 1) QGATE_CHECK="MISMATCH" ;; *) QGATE_CHECK="unchecked (JSON shape)" ;; esac
  echo "qgate counts: $QGATE_CHECK"
fi
JP_CHECK="match"; check_junitparser_counts "$OUT/junitparser.out.json" "$EXPECTED" || JP_CHECK="MISMATCH/none"

# --------------------------------------------------------- table + targets
export BYTES XML EXPECTED RUNS_TSV RESULTS_MD QGATE_CHECK JP_CHECK SKIP_QGATE MAX_RSS_MB RUNS
export QGATE_DESC="${QGATE_BIN:-skipped}"
export XMLLINT_VERSION="$(xmllint --version 2>&1 | head -n 1)"
export PY_DESC="$("$PY" --version 2>&1), junitparser $("$PY" -c 'import junitparser; print(junitparser.version)' 2>/dev/null)"
export CPU_DESC="$(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
"$PY" - <<'PY'
import json, os, statistics, datetime
E = os.environ
mb = int(E["BYTES"]) / 1e6
exp = json.load(open(E["EXPECTED"]))
rows = {}
for line in open(E["RUNS_TSV"]):
    tool, run, wall, rss, status = line.rstrip("\n").split("\t")
    rows.setdefault(tool, []).append((float(wall), int(rss), status))
LABEL = {"qgate": "qgate inspect --format json", "xmllint": "xmllint --stream --noout",
         "junitparser": "Python junitparser (fromfile + iterate)"}
stats = {}
for tool, rs in rows.items():
    ok = [r for r in rs if r[2] == "ok"]
    stats[tool] = dict(
        wall=statistics.median(r[0] for r in ok) if ok else None,
        walls=", ".join("%.2f" % r[0] + ("" if r[2] == "ok" else " (%s)" % r[2]) for r in rs),
        rss=max(r[1] for r in rs) / 1024,
        status=sorted({r[2] for r in rs if r[2] != "ok"}))
    s = stats[tool]
    s["mbps"] = mb / s["wall"] if s["wall"] else None

def f(x, fmt):
    return fmt % x if x is not None else "n/a"

def ratio(a, b):
    sa, sb = stats.get(a), stats.get(b)
    if not sa or not sb or not sa["mbps"] or not sb["mbps"]:
        return None
    return sa["mbps"] / sb["mbps"]

L = []
L.append("# JUnit XML read benchmark (%s UTC)" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"))
L.append("")
L.append("- input: `%s`, %.2f MB (%s bytes), %d testcases, %d suites, seed %s" % (
    os.path.basename(E["XML"]), mb, E["BYTES"], exp["testcases"], exp["suites"], exp["seed"]))
L.append("- machine: %s; page cache warm; %s interleaved run(s) per tool; GNU time `%%e %%M`" % (E["CPU_DESC"], E["RUNS"]))
L.append("- qgate: `%s`; %s; %s" % (E["QGATE_DESC"], E["XMLLINT_VERSION"], E["PY_DESC"]))
L.append("- counts vs generator: qgate %s, junitparser %s" % (E["QGATE_CHECK"], E["JP_CHECK"]))
L.append("")
L.append("| tool | median wall (s) | MB/s | peak RSS (MiB) | runs (s) |")
L.append("| --- | ---: | ---: | ---: | --- |")
for tool in ("qgate", "xmllint", "junitparser"):
    if tool not in stats:
        continue
    s = stats[tool]
    L.append("| %s | %s | %s | %s%s | %s |" % (LABEL[tool], f(s["wall"], "%.2f"), f(s["mbps"], "%.1f"), "%.1f" % s["rss"],
             (" (" + ", ".join(s["status"]) + ")") if s["status"] else "", s["walls"]))
L.append("")
qj, qx = ratio("qgate", "junitparser"), ratio("qgate", "xmllint")
L.append("- throughput qgate / junitparser: %s" % f(qj, "%.1fx"))
L.append("- throughput qgate / xmllint --stream: %s" % f(qx, "%.2fx"))
L.append("")
L.append("Targets (informational):")
q = stats.get("qgate")
def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "MISS")
L.append("- qgate >= 10x junitparser throughput: %s" % verdict(None if qj is None else qj >= 10))
L.append("- qgate >= xmllint --stream throughput: %s" % verdict(None if qx is None else qx >= 1))
L.append("- qgate peak RSS < 64 MiB: %s" % verdict(None if not q or not q["wall"] else q["rss"] < 64))
text = "\n".join(L) + "\n"
print()
print(text, end="")
open(E["RESULTS_MD"], "w").write(text)
PY
echo "(written to $RESULTS_MD)"

# Exit non-zero only if something crashed (watchdog kills are deliberate).
if awk -F'\t' '$5 != "ok" && $5 != "killed" {bad=1} END {exit !bad}' "$RUNS_TSV"; then
  echo "some runs failed: see $RUNS_TSV and $OUT/*.stderr" >&2; exit 1
fi
if [[ -n "$QGATE_BIN" && "${qrc:-0}" -ne 0 ]]; then exit 1; fi
exit 0
