#!/usr/bin/env bash
# History store benchmark (not a test): recording time against store size.
#
#   bash bench/history-bench.sh [--runs 10000] [--metrics 200] [--repeat 5]
#   QGATE=/path/to/qgate bash bench/history-bench.sh     # skip the build
#
# Builds qgate (release) unless QGATE is set, then runs bench/history_bench.py: a store of
# RUNS synthetic records x METRICS metrics under bench/out/, and `qgate check --record` into
# an empty store and into that one, interleaved, plus list/export/reindex on the large store
# and `qgate report --since 30d` beside bench/py_history_report.py (Python reading the same records).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
if [[ -z "${QGATE:-}" ]]; then
  (cd "$REPO" && swift build -c release --product qgate >&2)
  QGATE="$(cd "$REPO" && swift build -c release --show-bin-path)/qgate"
fi
exec python3 "$BENCH_DIR/history_bench.py" --qgate "$QGATE" "$@"
