#!/usr/bin/env bash
# JMeter JTL benchmark: qgate's per-endpoint p50/p95/p99 beside a Python reference.
#
#   bash bench/perf-jtl-bench.sh [--rows 10000000] [--small-rows 1000000]
#                                [--endpoints 50] [--seed 42]
#   QGATE=/path/to/qgate bash bench/perf-jtl-bench.sh    # skip the release build
#
# Generates (or reuses) bench/out/perf-jtl-<rows>-seed<seed>.jtl — a JMeter JTL CSV with the
# default 17 columns, <rows> samples over <endpoints> labels — at two sizes (--small-rows and
# --rows). For each size it runs, under GNU time, `qgate inspect --format json FILE` and the
# Python reference (csv module + numpy.percentile, linear), reports wall time, peak RSS and the
# ratio, and checks that both agree on every endpoint's p50/p95/p99 within the sketch's bound
# (HdrHistogram, 3 significant digits: 0.1 %). Memory at the two sizes shows it stays flat.
# Prints a markdown table (also bench/out/perf-jtl-results.md). Exit status 1 when the two
# disagree or a tool fails; the speed and memory targets are informational.
set -euo pipefail

ROWS=10000000
SMALL_ROWS=1000000
ENDPOINTS=50
SEED=42

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --small-rows) SMALL_ROWS="$2"; shift 2 ;;
    --endpoints) ENDPOINTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$ROWS" "$SMALL_ROWS" "$ENDPOINTS" "$SEED"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "options want non-negative integers (got '$value')" >&2; exit 2; }
done

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
RESULTS_MD="$OUT/perf-jtl-results.md"
TIME=/usr/bin/time
log() { printf '\n== %s\n' "$*" >&2; }

# --------------------------------------------------------------------- tools
if [[ ! -x "$TIME" ]]; then
  log "installing GNU time"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
if ! python3 -c 'import numpy' 2>/dev/null; then
  log "installing numpy"
  pip install -q numpy
fi
if [[ -z "${QGATE:-}" ]]; then
  log "building qgate (release; a few minutes on 2 cores)"
  (cd "$REPO" && swift build -c release --product qgate >&2)
  QGATE="$REPO/.build/release/qgate"
fi
[[ -x "$QGATE" ]] || { echo "no qgate binary at $QGATE" >&2; exit 1; }

# ------------------------------------------------------------------ measure
timed() {  # timed LOG COMMAND... → "seconds max_rss_kb" on stdout
  local log="$1"; shift
  "$TIME" -f '%e %M' -o "$log" "$@" >/dev/null
  tail -1 "$log"
}

declare -a TABLE
status=0
for rows in "$SMALL_ROWS" "$ROWS"; do
  [[ "$rows" -gt 0 ]] || continue
  jtl="$OUT/perf-jtl-${rows}-seed${SEED}-e${ENDPOINTS}.jtl"
  if [[ ! -s "$jtl" ]]; then
    log "generating $jtl"
    python3 "$BENCH_DIR/perf_gen_jtl.py" "$jtl" --rows "$rows" --endpoints "$ENDPOINTS" --seed "$SEED"
  fi
  size_mb=$(( $(stat -c %s "$jtl") / 1048576 ))
  cat "$jtl" >/dev/null   # warm the page cache for both tools alike

  log "qgate inspect --format json ($rows samples, $size_mb MiB)"
  read -r q_secs q_kb < <(timed "$OUT/time-qgate.txt" sh -c "\"$QGATE\" inspect --format json \"$jtl\" > \"$OUT/perf-qgate-$rows.json\"")
  log "Python csv + numpy ($rows samples)"
  read -r p_secs p_kb < <(timed "$OUT/time-python.txt" python3 "$BENCH_DIR/perf_py_percentiles.py" "$jtl" "$OUT/perf-python-$rows.json")

  log "agreement ($rows samples)"
  if ! python3 "$BENCH_DIR/perf_compare.py" "$OUT/perf-qgate-$rows.json" "$OUT/perf-python-$rows.json" | tee "$OUT/perf-compare-$rows.md"; then
    status=1
  fi
  ratio=$(python3 -c "print(f'{$p_secs / max($q_secs, 0.01):.1f}')")
  TABLE+=("| $rows | $size_mb | $q_secs | $(( q_kb / 1024 )) | $p_secs | $(( p_kb / 1024 )) | ${ratio}× |")
done

{
  echo "JMeter JTL CSV, $ENDPOINTS endpoints, seed $SEED; qgate: $QGATE; $(nproc) cores"
  echo
  echo "| samples | file MiB | qgate s | qgate peak RSS MiB | Python s | Python peak RSS MiB | speed-up |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${TABLE[@]}"
  echo
  echo "Targets: qgate ≥ 10× faster than the Python reference; qgate's peak RSS about the same at both sizes."
} | tee "$RESULTS_MD"
exit $status
