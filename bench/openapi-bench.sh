#!/usr/bin/env bash
# OpenAPI benchmark: `qgate diff-spec` (parse + index + diff) vs Python merely parsing.
#
#   bash bench/openapi-bench.sh [--runs 3] [--skip-qgate] [--max-rss-mb 4096] [--timeout-s 300]
#   QGATE=/path/to/qgate bash bench/openapi-bench.sh   # skip the build
#   BENCH_PYTHON=/path/to/python ...                    # a Python with PyYAML + libyaml
#
# For each real version pair in /work/shared/conformance/openapi/big/ (GitHub JSON,
# Stripe YAML, Stripe JSON -> YAML), runs `qgate diff-spec BASE REV --format json` and
# `bench/py_openapi_parse.py BASE REV` (json.load / yaml.load(CSafeLoader) of the same
# two files, nothing else; the interpreter itself, not a launcher shim) --runs times,
# interleaved, page cache warm, under GNU time
# (wall + peak RSS). Checks both read the operation counts of SOURCES.md, prints a
# markdown table (also bench/out/openapi-results.md) and the targets:
#   qgate parse+diff faster than Python's parse alone; qgate peak RSS < 300 MB.
# A run past --timeout-s is killed and shown as "timeout" (not a crash).
# Exit status: 1 if a tool crashed, the counts are wrong or the build failed; else 0.
set -euo pipefail

RUNS=3
SKIP_QGATE=0
MAX_RSS_MB=4096   # watchdog: kill a run whose RSS passes this (0 = off)
TIMEOUT_S=300     # watchdog: kill a run that takes longer (0 = off)

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --skip-qgate) SKIP_QGATE=1; shift ;;
    --max-rss-mb) MAX_RSS_MB="$2"; shift 2 ;;
    --timeout-s) TIMEOUT_S="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs wants a positive integer" >&2; exit 2; }
[[ "$MAX_RSS_MB" =~ ^[0-9]+$ ]] || { echo "--max-rss-mb wants an integer" >&2; exit 2; }
[[ "$TIMEOUT_S" =~ ^[0-9]+$ ]] || { echo "--timeout-s wants an integer" >&2; exit 2; }

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
BIG="${OPENAPI_BIG:-$(cd "$REPO/.." && pwd)/shared/conformance/openapi/big}"
RUNS_TSV="$OUT/openapi-runs.tsv"
RESULTS_MD="$OUT/openapi-results.md"
TIME=/usr/bin/time
PY="${BENCH_PYTHON:-python3}"

# name | base | revision | base operations | revision operations (SOURCES.md)
PAIRS=(
  "github-json|github-rest-api-description/api.github.com.2020-07-30.json|github-rest-api-description/api.github.com.2022-06-11.json|623|771"
  "stripe-yaml|stripe-openapi/spec3.2022-04-12.yaml|stripe-openapi/spec3.2023-09-13.yaml|417|468"
  "stripe-json-yaml|stripe-openapi/spec3.2022-04-12.json|stripe-openapi/spec3.2023-09-13.yaml|417|468"
)

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
  if ! "$PY" -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)' 2>/dev/null; then
    log "installing python3-yaml (PyYAML with libyaml)"; apt_install python3-yaml
  fi
  "$PY" -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)' \
    || { echo "$PY has no PyYAML with libyaml (CSafeLoader); set BENCH_PYTHON" >&2; exit 1; }
  # Time the interpreter itself: `python3` is often a launcher shim (pyenv's is a shell
  # script that costs ~50 ms per start here), which would pad Python's figure.
  PY="$("$PY" -c 'import sys; print(sys.executable)')"
  [[ -d "$BIG" ]] || { echo "corpus not found: $BIG (set OPENAPI_BIG)" >&2; exit 1; }
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
  "$QGATE_BIN" diff-spec --help >/dev/null 2>&1 \
    || { echo "$QGATE_BIN has no diff-spec command (merge main first)" >&2; exit 1; }
}

# ------------------------------------------------------------ timed runs
# timed TOOL PAIR RUN STDOUT_FILE OK_CODES CMD...: one run under GNU time (+ RSS
# watchdog); appends "tool pair run wall_s maxrss_kb status" to $RUNS_TSV. OK_CODES
# is a regex of exit codes that count as success (diff-spec exits 1 on breaking changes).
timed() {
  local tool="$1" pair="$2" run="$3" stdout_file="$4" ok="$5"; shift 5
  local tf="$OUT/.time.$tool" ef="$OUT/$tool.$pair.stderr" tpid child rss k v killed=0 rc=0
  local limit=()
  [[ "$TIMEOUT_S" -gt 0 ]] && limit=(timeout --signal=KILL "$TIMEOUT_S")
  "$TIME" -f "%e %M" -o "$tf" "${limit[@]}" "$@" >"$stdout_file" 2>"$ef" &
  tpid=$!
  if [[ "$MAX_RSS_MB" -gt 0 ]]; then
    while kill -0 "$tpid" 2>/dev/null; do
      child="$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null || true)"
      child="${child%% *}"
      if [[ -n "$child" && "${#limit[@]}" -gt 0 ]]; then   # the tool runs under `timeout`
        child="$(cat "/proc/$child/task/$child/children" 2>/dev/null || true)"; child="${child%% *}"
      fi
      if [[ -n "$child" ]]; then
        rss=0
        while read -r k v _; do [[ "$k" == VmRSS: ]] && rss="$v"; done 2>/dev/null <"/proc/$child/status" || true
        if (( rss > MAX_RSS_MB * 1024 )); then
          echo "  $tool $pair run $run: RSS ${rss} kB > ${MAX_RSS_MB} MB, killing pid $child" >&2
          kill -KILL "$child" 2>/dev/null || true; killed=1
        fi
      fi
      sleep 0.05
    done
  fi
  wait "$tpid" || rc=$?
  local wall=0 maxrss=0 status
  read -r wall maxrss < <(grep -E '^[0-9.]+ [0-9]+$' "$tf" | tail -n 1) || true
  [[ "$wall" =~ ^[0-9.]+$ && "$maxrss" =~ ^[0-9]+$ ]] || { wall=0; maxrss=0; rc=99; }
  if [[ "$killed" -eq 1 ]]; then status="killed"
  elif [[ "${#limit[@]}" -gt 0 && ( "$rc" -eq 137 || "$rc" -eq 124 ) ]]; then status="timeout"
  elif [[ ! "$rc" =~ ^($ok)$ ]]; then status="rc=$rc"; echo "  $tool $pair run $run failed (rc=$rc): $(tail -n 3 "$ef")" >&2
  else status="ok"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$pair" "$run" "$wall" "$maxrss" "$status" >>"$RUNS_TSV"
  printf '  %-6s %-17s run %s: %6ss  %7.1f MiB  %s\n' "$tool" "$pair" "$run" "$wall" \
    "$(awk "BEGIN{print $maxrss/1024}")" "$status" >&2
}

# check_counts PAIR QGATE_JSON PY_JSON BASE_OPS REV_OPS: both tools read the same
# operation counts as SOURCES.md; prints one line; exit 1 on a mismatch.
check_counts() {
  "$PY" - "$@" <<'PY'
import json, sys
pair, qgate_out, py_out, base_ops, rev_ops = sys.argv[1:6]
want = [int(base_ops), int(rev_ops)]
bad = []
import os
try:
    if os.path.exists(qgate_out) and os.path.getsize(qgate_out) == 0:
        raise FileExistsError
    doc = json.load(open(qgate_out))
    got = [doc["base"]["operations"], doc["revision"]["operations"]]
    counts = doc.get("counts", {})
    note = "qgate ops %s, changes ERR %s / WARN %s / INFO %s" % (
        "/".join(map(str, got)), counts.get("ERR", counts.get("err", "?")),
        counts.get("WARN", counts.get("warn", "?")), counts.get("INFO", counts.get("info", "?")))
    if got != want: bad.append("qgate operations %s != %s" % (got, want))
except FileNotFoundError:
    note = "qgate skipped"
except FileExistsError:
    note = "qgate printed nothing (timed out?)"
except Exception as ex:
    note = "qgate output unreadable (%s)" % ex; bad.append(note)
try:
    py = json.load(open(py_out))
    py_ops = [f["operations"] for f in py["files"].values()]
    if len(py_ops) == 1: py_ops = py_ops * 2   # same file twice (never in the pairs)
    note += "; python ops %s (%s)" % ("/".join(map(str, py_ops)), py["yaml_backend"])
    if py_ops != want: bad.append("python operations %s != %s" % (py_ops, want))
except Exception as ex:
    bad.append("python output unreadable (%s)" % ex)
print("  %s: %s%s" % (pair, note, ("  MISMATCH: " + "; ".join(bad)) if bad else ""))
sys.exit(1 if bad else 0)
PY
}

# ===================================================================== main
ensure_tools
ensure_qgate

: >"$RUNS_TSV"
log "benchmark: ${#PAIRS[@]} pairs, $RUNS interleaved run(s) per tool, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
COUNTS_OK=1
for entry in "${PAIRS[@]}"; do
  IFS='|' read -r name base rev base_ops rev_ops <<<"$entry"
  base="$BIG/$base"; rev="$BIG/$rev"
  cat "$base" "$rev" >/dev/null   # warm the page cache
  rm -f "$OUT/qgate.$name.json" "$OUT/python.$name.json"
  for ((r = 1; r <= RUNS; r++)); do
    if [[ -n "$QGATE_BIN" ]]; then
      timed qgate "$name" "$r" "$OUT/qgate.$name.json" "0|1" "$QGATE_BIN" diff-spec "$base" "$rev" --format json
    fi
    timed python "$name" "$r" "$OUT/python.$name.json" "0" "$PY" "$BENCH_DIR/py_openapi_parse.py" "$base" "$rev"
  done
  check_counts "$name" "$OUT/qgate.$name.json" "$OUT/python.$name.json" "$base_ops" "$rev_ops" || COUNTS_OK=0
done

# --------------------------------------------------------- table + targets
export RUNS_TSV RESULTS_MD RUNS BIG
export QGATE_DESC="${QGATE_BIN:-skipped}"
export PY_DESC="$("$PY" --version 2>&1), PyYAML $("$PY" -c 'import yaml; print(yaml.__version__)') (libyaml $("$PY" -c 'import yaml; print(yaml.__with_libyaml__)'))"
export CPU_DESC="$(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
export LOAD_DESC="$(cut -d' ' -f1-3 /proc/loadavg)"
export PAIRS_DESC="$(printf '%s\n' "${PAIRS[@]}")"
"$PY" - <<'PY'
import datetime, os, statistics
E = os.environ
pairs = [line.split("|") for line in E["PAIRS_DESC"].splitlines()]
runs = {}
for line in open(E["RUNS_TSV"]):
    tool, pair, run, wall, rss, status = line.rstrip("\n").split("\t")
    runs.setdefault((tool, pair), []).append((float(wall), int(rss), status))

def stat(tool, pair):
    rs = runs.get((tool, pair))
    if not rs: return None
    ok = [r for r in rs if r[2] == "ok"]
    return dict(wall=statistics.median(r[0] for r in ok) if ok else None,
                walls=", ".join("%.2f" % r[0] + ("" if r[2] == "ok" else " (%s)" % r[2]) for r in rs),
                rss=max(r[1] for r in rs) / 1024)

def mb(path):
    return os.path.getsize(os.path.join(E["BIG"], path)) / 1e6

L = ["# OpenAPI benchmark (%s UTC)" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), ""]
L.append("- machine: %s; load average at the end %s; page cache warm; %s interleaved run(s) per tool; GNU time `%%e %%M`"
         % (E["CPU_DESC"], E["LOAD_DESC"], E["RUNS"]))
L.append("- qgate: `%s diff-spec BASE REV --format json` (parse, resolve $refs, index, diff, render)" % E["QGATE_DESC"])
L.append("- Python: `bench/py_openapi_parse.py BASE REV` = `json.load` / `yaml.load(f, Loader=yaml.CSafeLoader)` of the two files only; %s" % E["PY_DESC"])
L.append("")
L.append("| pair | files (MB) | qgate diff-spec wall (s) | qgate peak RSS (MiB) | Python parse only wall (s) | Python peak RSS (MiB) | Python / qgate | qgate runs (s) | Python runs (s) |")
L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
verdicts = []
for name, base, rev, _, _ in pairs:
    q, p = stat("qgate", name), stat("python", name)
    sizes = "%s (%.1f) → %s (%.1f)" % (os.path.basename(base), mb(base), os.path.basename(rev), mb(rev))
    f = lambda s, k, fmt: (fmt % s[k]) if s and s[k] is not None else "n/a"
    ratio = (p["wall"] / q["wall"]) if q and p and q["wall"] and p["wall"] else None
    L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        name, sizes, f(q, "wall", "%.2f"), f(q, "rss", "%.0f"), f(p, "wall", "%.2f"), f(p, "rss", "%.0f"),
        "%.1fx" % ratio if ratio else "n/a", q["walls"] if q else "n/a", p["walls"] if p else "n/a"))
    if q:
        verdicts.append((name, ratio is not None and ratio > 1, q["wall"] is not None and q["rss"] < 300))
L.append("")
L.append("Targets (informational):")
for name, faster, small in verdicts:
    L.append("- %s: qgate parse+diff faster than Python's parse alone: %s; peak RSS < 300 MB: %s"
             % (name, "PASS" if faster else "MISS", "PASS" if small else "MISS"))
text = "\n".join(L) + "\n"
print()
print(text, end="")
open(E["RESULTS_MD"], "w").write(text)
PY
echo "(written to $RESULTS_MD)"

status=0
if awk -F'\t' '$6 != "ok" && $6 != "killed" && $6 != "timeout" {bad=1} END {exit !bad}' "$RUNS_TSV"; then
  echo "some runs failed: see $RUNS_TSV and $OUT/*.stderr" >&2; status=1
fi
if [[ "$COUNTS_OK" -ne 1 ]]; then echo "operation counts differ from SOURCES.md (see above)" >&2; status=1; fi
exit "$status"
