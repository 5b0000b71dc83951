#!/usr/bin/env bash
# Coverage benchmark: qgate vs diff-cover vs pycobertura on one large coverage run.
#
#   bash bench/coverage-bench.sh [--lines 1000000] [--files 3000] [--diff-files 500]
#                                [--diff-lines 20000] [--runs 2] [--seed 42]
#                                [--skip-qgate] [--max-rss-mb 8192]
#   QGATE=/path/to/qgate bash bench/coverage-bench.sh  # skip the build
#   BENCH_PYTHON=/path/to/venv/bin/python ...          # a Python with diff-cover + pycobertura
#
# Generates (or reuses) bench/out/cov-<lines>l-<files>f-<diff files>x<diff lines>-seed<S>/
# (coverage.xml, coverage.lcov, change.diff, expected.json, placeholder sources in a
# throwaway git repository, qgate.yml), installs the peers if missing (venv in
# bench/out/venv), builds qgate (release), runs every tool --runs times, interleaved,
# page cache warm, under GNU time; checks qgate's totals against the generator's;
# prints a markdown table (also bench/out/coverage-results.md) and the targets.
# Exit status: 1 if qgate's totals differ from the generator's, a tool crashed or the
# build failed; otherwise 0 (targets are informational).
set -euo pipefail

LINES=1000000
FILES=3000
DIFF_FILES=500
DIFF_LINES=20000
RUNS=2
SEED=42
SKIP_QGATE=0
MAX_RSS_MB=8192   # watchdog: kill a run whose RSS passes this (0 = off)

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lines) LINES="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --diff-files) DIFF_FILES="$2"; shift 2 ;;
    --diff-lines) DIFF_LINES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --skip-qgate) SKIP_QGATE=1; shift ;;
    --max-rss-mb) MAX_RSS_MB="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in LINES FILES DIFF_FILES DIFF_LINES RUNS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "--$(echo "$v" | tr 'A-Z_' 'a-z-') wants a positive integer" >&2; exit 2; }
done
[[ "$SEED" =~ ^[0-9]+$ ]] || { echo "--seed wants an integer" >&2; exit 2; }
[[ "$MAX_RSS_MB" =~ ^[0-9]+$ ]] || { echo "--max-rss-mb wants an integer" >&2; exit 2; }

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
DATA="$OUT/cov-${LINES}l-${FILES}f-${DIFF_FILES}x${DIFF_LINES}-seed${SEED}"
EXPECTED="$DATA/expected.json"
RUNS_TSV="$OUT/coverage-runs.tsv"
RESULTS_MD="$OUT/coverage-results.md"
TIME=/usr/bin/time

log() { printf '\n== %s\n' "$*" >&2; }
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"

# --------------------------------------------------------------------- tools
apt_install() {  # apt_install PACKAGE
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y "$1" >/dev/null \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "$1" >/dev/null; }
}
PY=""; PEER_BIN=""
ensure_tools() {
  if [[ ! -x "$TIME" ]]; then log "installing GNU time"; apt_install time; fi
  if ! command -v git >/dev/null; then log "installing git"; apt_install git; fi
  if [[ -n "${BENCH_PYTHON:-}" ]]; then
    PY="$BENCH_PYTHON"
  else
    PY="$OUT/venv/bin/python"
    if [[ ! -x "$PY" ]]; then
      log "creating $OUT/venv"
      python3 -m venv "$OUT/venv" || { apt_install python3-venv && python3 -m venv "$OUT/venv"; }
    fi
  fi
  PEER_BIN="$(dirname "$PY")"
  if [[ ! -x "$PEER_BIN/diff-cover" || ! -x "$PEER_BIN/pycobertura" ]]; then
    log "installing diff-cover and pycobertura ($PY)"
    "$PY" -m pip install --quiet diff-cover pycobertura
  fi
}

# ------------------------------------------------------------- input files
ensure_input() {
  local want_version
  want_version="$(sed -n 's/^GENERATOR_VERSION = \([0-9]*\).*/\1/p' "$BENCH_DIR/gen_coverage.py")"
  if [[ -f "$EXPECTED" && -f "$DATA/qgate.yml" && -d "$DATA/.git" ]] && "$PY" - "$DATA" "$want_version" "$SEED" <<'PY'
import json, os, sys
data, ver, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
e = json.load(open(os.path.join(data, "expected.json")))
sys.exit(0 if (e.get("generator_version") == ver and e.get("seed") == seed
               and all(os.path.exists(os.path.join(data, n)) and os.path.getsize(os.path.join(data, n)) == b
                       for n, b in e.get("bytes", {}).items())) else 1)
PY
  then
    log "reusing $DATA"
    return
  fi
  log "generating $DATA ($LINES lines over $FILES files; diff: $DIFF_LINES lines in $DIFF_FILES files; seed $SEED)"
  rm -rf "$DATA"
  "$PY" "$BENCH_DIR/gen_coverage.py" "$DATA" --lines "$LINES" --files "$FILES" \
    --diff-files "$DIFF_FILES" --diff-lines "$DIFF_LINES" --seed "$SEED" >/dev/null
  echo "  generated in $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["generate_seconds"])' "$EXPECTED") s" >&2
  # A throwaway repository tracking the (placeholder) sources: diff-cover needs a git
  # root even with --diff-file, and qgate then maps the report paths by `git ls-files`,
  # as on CI. The reports, the diff and the config stay untracked.
  (cd "$DATA" && git -c init.defaultBranch=main init -q . && git add src \
     && git -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false \
          commit -q -m "bench sources")
  cat >"$DATA/qgate.yml" <<'YML'
# Patch coverage from change.diff (given with --diff), as diff-cover computes it.
version: 1
inputs:
  - {path: coverage.xml, flag: all}
coverage:
  root: .
kpis:
  - {id: patch, metric: coverage.patch.percent, target: ">= 0"}
YML
}

# ------------------------------------------------------------------ qgate
QGATE_BIN=""
ensure_qgate() {
  if [[ "$SKIP_QGATE" -eq 1 ]]; then return; fi
  if [[ -n "${QGATE:-}" ]]; then
    [[ -x "$QGATE" ]] || { echo "QGATE=$QGATE is not an executable" >&2; exit 1; }
    QGATE_BIN="$(cd "$(dirname "$QGATE")" && pwd)/$(basename "$QGATE")"; log "using QGATE=$QGATE_BIN (no build)"; return
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
# timed TOOL RUN STDOUT_FILE CMD...: one run under GNU time (+ RSS watchdog), in $DATA;
# appends "tool run wall_s maxrss_kb status cpu_s" to $RUNS_TSV.
timed() {
  local tool="$1" run="$2" stdout_file="$3"; shift 3
  local tf="$OUT/.time.$tool" ef="$OUT/$tool.stderr" tpid child rss k v killed=0 rc=0
  cat "$DATA/coverage.xml" "$DATA/coverage.lcov" "$DATA/change.diff" >/dev/null   # warm the page cache
  "$TIME" -f "%e %M %U %S" -o "$tf" "$@" >"$stdout_file" 2>"$ef" &
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
      sleep 0.2
    done
  fi
  wait "$tpid" || rc=$?
  local wall=0 maxrss=0 user=0 sys=0 status
  read -r wall maxrss user sys < <(tail -n 1 "$tf") || true
  [[ "$wall" =~ ^[0-9.]+$ && "$maxrss" =~ ^[0-9]+$ && "$user" =~ ^[0-9.]+$ && "$sys" =~ ^[0-9.]+$ ]] \
    || { wall=0; maxrss=0; user=0; sys=0; rc=${rc/#0/99}; }
  if [[ "$killed" -eq 1 ]]; then status="killed"
  elif [[ "$rc" -ne 0 ]]; then status="rc=$rc"; echo "  $tool run $run failed (rc=$rc): $(tail -n 3 "$ef")" >&2
  else status="ok"; fi
  local cpu; cpu="$(awk "BEGIN{printf \"%.2f\", $user + $sys}")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$maxrss" "$status" "$cpu" >>"$RUNS_TSV"
  printf '  %-16s run %s: %6ss  cpu %6ss  %7.1f MiB  %s\n' "$tool" "$run" "$wall" "$cpu" "$(awk "BEGIN{print $maxrss/1024}")" "$status" >&2
}

# Compares qgate's inspect/check JSON with the generator's totals; prints a markdown
# table. Exit: 0 match, 1 mismatch (or unreadable output).
check_qgate_totals() {  # check_qgate_totals EXPECTED_JSON XML_INSPECT LCOV_INSPECT CHECK_JSON
  "$PY" - "$@" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
def inspect_metrics(path):
    doc = json.load(open(path))
    return {m["name"]: m["value"] for m in doc["metrics"] if not m.get("labels")}
rows, bad = [], 0
def row(what, want, got):
    global bad
    ok = got == want
    bad += not ok
    rows.append("| %s | %s | %s | %s |" % (what, want, got, "ok" if ok else "MISMATCH"))
for label, path in (("coverage.xml", sys.argv[2]), ("coverage.lcov", sys.argv[3])):
    try:
        m = inspect_metrics(path)
    except Exception as ex:
        rows.append("| inspect %s | | unreadable (%s: %s) | MISMATCH |" % (label, type(ex).__name__, ex)); bad += 1; continue
    for key, e in (("coverage.lines.covered", exp["lines"]["covered"]), ("coverage.lines.total", exp["lines"]["total"]),
                   ("coverage.branches.covered", exp["branches"]["covered"]), ("coverage.branches.total", exp["branches"]["total"])):
        row("inspect %s `%s`" % (label, key), e, m.get(key))
try:
    patch = json.load(open(sys.argv[4]))["coverage"]["patch"]
    got_t, got_c = patch["totals"]["total"], patch["totals"]["covered"]
except Exception as ex:
    rows.append("| check patch | | unreadable (%s: %s) | MISMATCH |" % (type(ex).__name__, ex)); bad += 1
else:
    # qgate's default (coverage.patch.partial_lines: uncovered): a changed line that ran
    # with an untaken branch is not covered.
    row("check `coverage.patch` total (coverable changed lines)", exp["patch"]["coverable"], got_t)
    row("check `coverage.patch` covered (all branches taken)", exp["patch"]["covered_full"], got_c)
print("| figure | generator | qgate | |")
print("| --- | ---: | ---: | --- |")
print("\n".join(rows))
sys.exit(1 if bad else 0)
PY
}

# The peers' own figures, informational: diff-cover "Total: N lines / Missing: M lines",
# pycobertura's TOTAL row.
check_peer_totals() {  # check_peer_totals EXPECTED_JSON DIFFCOVER_OUT PYCOBERTURA_OUT
  "$PY" - "$@" <<'PY'
import json, re, sys
exp = json.load(open(sys.argv[1]))
out = []
try:
    t = open(sys.argv[2]).read()
    total = int(re.search(r"^Total:\s+(\d+) line", t, re.M).group(1))
    missing = int(re.search(r"^Missing:\s+(\d+) line", t, re.M).group(1))
    ok = total == exp["patch"]["coverable"] and total - missing == exp["patch"]["covered"]
    out.append("diff-cover patch: %d/%d covered (generator: %d/%d, hits > 0): %s" % (
        total - missing, total, exp["patch"]["covered"], exp["patch"]["coverable"], "match" if ok else "DIFFERENT"))
except Exception as ex:
    out.append("diff-cover: no figures to compare (%s)" % ex)
try:
    t = open(sys.argv[3]).read()
    m = re.search(r"^TOTAL\s+(\d+)\s+(\d+)", t, re.M)
    total, miss = int(m.group(1)), int(m.group(2))
    out.append("pycobertura TOTAL: %d lines, %d missing (generator: %d lines, %d uncovered + %d partial): %s" % (
        total, miss, exp["lines"]["total"], exp["lines"]["total"] - exp["lines"]["covered"], exp["partial_lines"],
        "match" if total == exp["lines"]["total"] and miss == exp["lines"]["total"] - exp["lines"]["covered"] + exp["partial_lines"] else "DIFFERENT"))
except Exception as ex:
    out.append("pycobertura: no figures to compare (%s)" % ex)
print("\n".join(out))
PY
}

# ===================================================================== main
ensure_tools
ensure_input
ensure_qgate

XML_BYTES="$(stat -c %s "$DATA/coverage.xml")"
LCOV_BYTES="$(stat -c %s "$DATA/coverage.lcov")"
: >"$RUNS_TSV"
log "benchmark: $DATA (coverage.xml $XML_BYTES bytes, coverage.lcov $LCOV_BYTES bytes), $RUNS interleaved run(s) per tool, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$DATA"

CHECK_RC=0
QGATE_CHECK="skipped"
if [[ -n "$QGATE_BIN" ]]; then
  # Untimed runs first: the outputs to check, and a warm binary.
  qrc=0
  "$QGATE_BIN" inspect --format json coverage.xml >"$OUT/qgate-inspect-xml.json" 2>"$OUT/qgate.stderr" || qrc=$?
  "$QGATE_BIN" inspect --format json coverage.lcov >"$OUT/qgate-inspect-lcov.json" 2>>"$OUT/qgate.stderr" || qrc=$?
  "$QGATE_BIN" check --config qgate.yml --diff change.diff --format json >"$OUT/qgate-check.json" 2>>"$OUT/qgate.stderr" || qrc=$?
  [[ "$qrc" -eq 0 ]] || echo "qgate exited $qrc: $(tail -n 5 "$OUT/qgate.stderr")" >&2
fi

for ((r = 1; r <= RUNS; r++)); do
  if [[ -n "$QGATE_BIN" ]]; then
    timed qgate-xml "$r" /dev/null "$QGATE_BIN" inspect --format json coverage.xml
    timed qgate-lcov "$r" /dev/null "$QGATE_BIN" inspect --format json coverage.lcov
    timed qgate-check "$r" /dev/null "$QGATE_BIN" check --config qgate.yml --diff change.diff --format json
  fi
  timed diff-cover "$r" "$OUT/diff-cover.out" "$PEER_BIN/diff-cover" coverage.xml --diff-file change.diff
  timed pycobertura "$r" "$OUT/pycobertura.out" "$PEER_BIN/pycobertura" show coverage.xml
done

log "totals"
if [[ -n "$QGATE_BIN" ]]; then
  check_qgate_totals "$EXPECTED" "$OUT/qgate-inspect-xml.json" "$OUT/qgate-inspect-lcov.json" "$OUT/qgate-check.json" \
    >"$OUT/.qgate-totals.md" || CHECK_RC=$?
  cat "$OUT/.qgate-totals.md"
  if [[ "$CHECK_RC" -eq 0 ]]; then QGATE_CHECK="match"; else
    QGATE_CHECK="MISMATCH"
    echo "ERROR: qgate's totals differ from the generator's (see the table above)" >&2
  fi
  echo "qgate totals: $QGATE_CHECK"
fi
PEER_CHECK="$(check_peer_totals "$EXPECTED" "$OUT/diff-cover.out" "$OUT/pycobertura.out")"
echo "$PEER_CHECK"

# --------------------------------------------------------- table + targets
export XML_BYTES LCOV_BYTES DATA EXPECTED RUNS_TSV RESULTS_MD QGATE_CHECK PEER_CHECK RUNS OUT
export QGATE_DESC="${QGATE_BIN:-skipped}"
export PY_DESC="$("$PY" --version 2>&1), diff-cover $("$PEER_BIN/diff-cover" --version 2>&1 | grep -o '[0-9][0-9.]*' | head -n 1), pycobertura $("$PY" -c 'from importlib.metadata import version; print(version("pycobertura"))' 2>/dev/null)"
export CPU_DESC="$(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
"$PY" - <<'PY'
import json, os, statistics, datetime
E = os.environ
xml_mb, lcov_mb = int(E["XML_BYTES"]) / 1e6, int(E["LCOV_BYTES"]) / 1e6
exp = json.load(open(E["EXPECTED"]))
rows = {}
for line in open(E["RUNS_TSV"]):
    tool, run, wall, rss, status, cpu = line.rstrip("\n").split("\t")
    rows.setdefault(tool, []).append((float(wall), int(rss), status, float(cpu)))
TOOLS = [  # tool, command, MB read
    ("qgate-xml", "`qgate inspect --format json coverage.xml`", xml_mb),
    ("qgate-lcov", "`qgate inspect --format json coverage.lcov`", lcov_mb),
    ("qgate-check", "`qgate check --config qgate.yml --diff change.diff --format json` (patch coverage)", xml_mb),
    ("diff-cover", "`diff-cover coverage.xml --diff-file change.diff` (patch coverage)", xml_mb),
    ("pycobertura", "`pycobertura show coverage.xml`", xml_mb),
]
stats = {}
for tool, _, mb in TOOLS:
    rs = rows.get(tool)
    if not rs:
        continue
    ok = [r for r in rs if r[2] == "ok"]
    s = stats[tool] = dict(
        wall=statistics.median(r[0] for r in ok) if ok else None,
        cpu=statistics.median(r[3] for r in ok) if ok else None,
        walls=", ".join("%.2f" % r[0] + ("" if r[2] == "ok" else " (%s)" % r[2]) for r in rs),
        rss_kb=max(r[1] for r in rs),
        status=sorted({r[2] for r in rs if r[2] != "ok"}))
    s["mbps"] = mb / s["wall"] if s["wall"] else None

def f(x, fmt):
    return fmt % x if x is not None else "n/a"

def ratio(a, b, key="wall"):  # how many times a's time is b's
    sa, sb = stats.get(a), stats.get(b)
    if not sa or not sb or not sa[key] or not sb[key]:
        return None
    return sa[key] / sb[key]

L = []
L.append("# Coverage benchmark (%s UTC)" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"))
L.append("")
L.append("- input: `%s/`: coverage.xml %.2f MB (Cobertura, coverage.py flavour) and coverage.lcov %.2f MB, same content: "
         "%d `<line>`s over %d files, %d branches; change.diff: %d changed lines in %d files (%d coverable); seed %s" % (
    os.path.basename(E["DATA"]), xml_mb, lcov_mb, exp["lines"]["total"], exp["files"], exp["branches"]["total"],
    exp["patch"]["changed_lines"], exp["patch"]["files"], exp["patch"]["coverable"], exp["seed"]))
L.append("- machine: %s, load avg before the runs %s (shared, busy: absolute figures carry ±30 %% or more); page cache warm; "
         "%s interleaved run(s) per tool; GNU time `%%e %%M %%U %%S`" % (E["CPU_DESC"], " ".join(open("/proc/loadavg").read().split()[:3]), E["RUNS"]))
L.append("- qgate: `%s`; %s" % (E["QGATE_DESC"], E["PY_DESC"]))
L.append("- qgate totals vs generator (lines, branches, patch): %s" % E["QGATE_CHECK"])
for line in E["PEER_CHECK"].splitlines():
    L.append("- " + line)
L.append("")
L.append("| tool | median wall (s) | median CPU (s) | MB/s | peak RSS (MiB) | runs (s) |")
L.append("| --- | ---: | ---: | ---: | ---: | --- |")
for tool, label, _ in TOOLS:
    if tool not in stats:
        continue
    s = stats[tool]
    L.append("| %s | %s | %s | %s | %.1f%s | %s |" % (label, f(s["wall"], "%.2f"), f(s["cpu"], "%.2f"), f(s["mbps"], "%.1f"),
             s["rss_kb"] / 1024, (" (" + ", ".join(s["status"]) + ")") if s["status"] else "", s["walls"]))
L.append("")
dc_check, dc_check_cpu = ratio("diff-cover", "qgate-check"), ratio("diff-cover", "qgate-check", "cpu")
dc_xml = ratio("diff-cover", "qgate-xml")
pc_xml = ratio("pycobertura", "qgate-xml")
L.append("- diff-cover time / qgate check time (both: patch coverage from coverage.xml + change.diff): %s wall, %s CPU" % (
    f(dc_check, "%.1fx"), f(dc_check_cpu, "%.1fx")))
L.append("- diff-cover time / qgate inspect coverage.xml time: %s" % f(dc_xml, "%.1fx"))
L.append("- pycobertura show time / qgate inspect coverage.xml time: %s" % f(pc_xml, "%.1fx"))
L.append("")
L.append("Targets (informational):")
def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "MISS")
L.append("- qgate check >= 10x faster than diff-cover (wall): %s (%s)" % (verdict(None if dc_check is None else dc_check >= 10), f(dc_check, "%.1fx")))
q = {t: stats[t] for t in ("qgate-xml", "qgate-lcov", "qgate-check") if t in stats and stats[t]["wall"]}
for t, s in q.items():
    mb = s["rss_kb"] * 1024 / 1e6
    L.append("- %s peak RSS < 100 MB: %s (%.1f MB)" % (t, verdict(mb < 100), mb))
if not q:
    L.append("- qgate peak RSS < 100 MB: n/a")
text = "\n".join(L) + "\n"
if os.path.exists(os.path.join(E["OUT"], ".qgate-totals.md")):
    text += "\nqgate totals vs the generator's:\n\n" + open(os.path.join(E["OUT"], ".qgate-totals.md")).read()
print()
print(text, end="")
open(E["RESULTS_MD"], "w").write(text)
PY
echo "(written to $RESULTS_MD)"

# Exit non-zero if qgate's figures are wrong or something crashed (watchdog kills are deliberate).
if [[ "$CHECK_RC" -ne 0 ]]; then echo "FAIL: qgate totals do not match the generator's" >&2; exit 1; fi
if awk -F'\t' '$5 != "ok" && $5 != "killed" {bad=1} END {exit !bad}' "$RUNS_TSV"; then
  echo "some runs failed: see $RUNS_TSV and $OUT/*.stderr" >&2; exit 1
fi
if [[ -n "$QGATE_BIN" && "${qrc:-0}" -ne 0 ]]; then exit 1; fi
exit 0
