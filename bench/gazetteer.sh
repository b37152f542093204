#!/usr/bin/env bash
# Whole-process performance figures for `incimap gazetteer`, against the issue's targets:
#
#   cold start of `incimap gazetteer lookup`  < 150 ms
#   peak resident memory                      < 300 MB
#   warm lookups on one core                  >= 1 M/s   (in-process: criterion, --criterion)
#   load of the full bundled gazetteer        (reported, no target)
#
# Usage: bash bench/gazetteer.sh [--criterion] [--runs N] [--batch N] [--no-build]
#
#   --criterion   also run `cargo bench --bench gazetteer` (about 1.5 min) and put its
#                 in-process figures in the table
#   --runs N      process starts per timing figure (default 20)
#   --batch N     names in the batch-lookup file (default 100000)
#   --no-build    use the existing target/release/incimap
#
# Prints a markdown table (figure | target | measured) on stdout; progress goes to stderr.
# Uses hyperfine for the start-up timings when it is installed, else a `date +%s%N` loop.
# Works from any directory. Needs bash, awk, cargo; /usr/bin/time for memory figures
# (apt-get install -y time); python3 for the "binary evicted from page cache" figure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

CRITERION=0
RUNS=20
BATCH=100000
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --criterion) CRITERION=1 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --batch) BATCH=${2:?--batch needs a number}; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs takes a positive number" >&2; exit 2; }
[[ $BATCH =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --batch takes a positive number" >&2; exit 2; }

log() { printf '%s\n' "$*" >&2; }

TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET_DIR/release/incimap
BENCH_SRC=$ROOT/benches/gazetteer.rs
QUERY="Deir ez-Zor"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [[ $BUILD == 1 ]]; then
    log "== cargo build --release"
    cargo build --release >&2
fi
[[ -x $BIN ]] || { echo "run.sh: $BIN not found (build with cargo build --release)" >&2; exit 1; }

HAVE_TIME=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    HAVE_TIME=1
else
    log "note: /usr/bin/time (GNU time) is missing: no memory figures. Install it with: apt-get install -y time"
fi
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null 2>&1 && HAVE_HYPERFINE=1

# ---------------------------------------------------------------------------------------------
# helpers

# ms_stats FILE: mean, min, median, max of the millisecond values in FILE, one per line.
ms_stats() {
    sort -g "$1" | awk '{ v[NR] = $1; s += $1 }
        END { if (NR == 0) { print "n/a"; exit }
              med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "mean %.1f ms (min %.1f, median %.1f, max %.1f; n=%d)", s / NR, v[1], med, v[NR], NR }'
}

# mean_ms FILE
mean_ms() { awk '{ s += $1 } END { if (NR) printf "%.3f", s / NR; else print "nan" }' "$1"; }

# time_runs OUT N CMD...: run CMD N times (stdout to /dev/null), one wall time in ms per line
# of OUT. Exit status 0 and 1 (1 = some name not found) both count as success.
time_runs() {
    local out=$1 n=$2; shift 2
    : >"$out"
    if [[ $HAVE_HYPERFINE == 1 ]]; then
        hyperfine --style none --warmup 3 --runs "$n" -i --export-json "$TMP/hf.json" \
            "$(printf '%q ' "$@")" >&2
        python3 -c 'import json,sys; [print(t*1000) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' \
            "$TMP/hf.json" >"$out"
        return
    fi
    local i s e rc
    for i in 1 2 3; do "$@" >/dev/null 2>&1 || true; done   # warm-up
    for ((i = 0; i < n; i++)); do
        s=$(date +%s%N)
        rc=0; "$@" >/dev/null 2>&1 || rc=$?
        e=$(date +%s%N)
        ((rc <= 1)) || { echo "run.sh: command failed (exit $rc): $*" >&2; exit 1; }
        awk -v d=$((e - s)) 'BEGIN { printf "%.3f\n", d / 1e6 }' >>"$out"
    done
}

# peak_rss_mb CMD...: peak resident set size of one run of CMD, in MB (1 MB = 1024 kB).
peak_rss_mb() {
    local rc=0
    /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time.txt" || rc=$?
    ((rc <= 1)) || { cat "$TMP/time.txt" >&2; echo "run.sh: command failed (exit $rc): $*" >&2; exit 1; }
    awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.1f", $2 / 1024 }' "$TMP/time.txt"
}

# evict FILE: drop FILE's pages from the page cache (this file only; no global cache drop).
evict() {
    python3 - "$1" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
try:
    os.fsync(fd)
except OSError:
    pass
for _ in range(2):  # the second pass catches pages that were still under writeback
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
os.close(fd)
EOF
}

ok() {  # ok VALUE OP LIMIT -> a check mark or a cross
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        pass = (op == "<") ? (v + 0 < l + 0) : (v + 0 >= l + 0)
        printf "%s", pass ? "✅" : "❌" }'
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 |"); }

# ---------------------------------------------------------------------------------------------
# 1. cold start

log "== start-up: incimap gazetteer lookup \"$QUERY\" x $RUNS"
"$BIN" gazetteer lookup "$QUERY" >/dev/null   # fails loudly if the query is not found
time_runs "$TMP/start.txt" "$RUNS" "$BIN" gazetteer lookup "$QUERY"
START_MEAN=$(mean_ms "$TMP/start.txt")
row "start-up + one lookup, \`gazetteer lookup \"$QUERY\"\` (page cache warm)" "< 150 ms" \
    "$(ms_stats "$TMP/start.txt") $(ok "$START_MEAN" '<' 150)"

if command -v python3 >/dev/null 2>&1; then
    COLD_RUNS=$(( RUNS < 5 ? RUNS : 5 ))
    log "== start-up with the binary evicted from the page cache x $COLD_RUNS"
    : >"$TMP/cold.txt"
    for ((i = 0; i < COLD_RUNS; i++)); do
        evict "$BIN"
        s=$(date +%s%N)
        rc=0; "$BIN" gazetteer lookup "$QUERY" >/dev/null 2>&1 || rc=$?
        e=$(date +%s%N)
        ((rc <= 1)) || { echo "run.sh: lookup failed (exit $rc)" >&2; exit 1; }
        awk -v d=$((e - s)) 'BEGIN { printf "%.3f\n", d / 1e6 }' >>"$TMP/cold.txt"
    done
    COLD_MEAN=$(mean_ms "$TMP/cold.txt")
    row "start-up + one lookup, binary ($(du -m "$BIN" | cut -f1) MB) evicted from page cache first" "< 150 ms" \
        "$(ms_stats "$TMP/cold.txt") $(ok "$COLD_MEAN" '<' 150)"
else
    row "start-up, binary evicted from page cache" "< 150 ms" "n/a (needs python3)"
fi

# ---------------------------------------------------------------------------------------------
# 2. memory

if [[ $HAVE_TIME == 1 ]]; then
    log "== peak RSS"
    RSS1=$(peak_rss_mb "$BIN" gazetteer lookup "$QUERY")
    row "peak RSS, \`gazetteer lookup \"$QUERY\"\`" "< 300 MB" "$RSS1 MB $(ok "$RSS1" '<' 300)"
fi

# ---------------------------------------------------------------------------------------------
# 3. batch lookups, end to end

log "== batch: $BATCH names from the list in benches/gazetteer.rs"
awk '/NAMES-BEGIN/ { on = 1; next } /NAMES-END/ { on = 0 } on' "$BENCH_SRC" \
    | grep -v '^[[:space:]]*//' | grep -o '"[^"]*"' | sed 's/^"//; s/"$//' >"$TMP/names.txt"
NNAMES=$(wc -l <"$TMP/names.txt")
((NNAMES >= 100)) || { echo "run.sh: found only $NNAMES names between NAMES-BEGIN/END in $BENCH_SRC" >&2; exit 1; }
awk -v n="$BATCH" '{ a[NR] = $0 } END { for (i = 0; i < n; i++) print a[i % NR + 1] }' \
    "$TMP/names.txt" >"$TMP/batch.txt"

PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$(( $(nproc) - 1 ))"); fi
rc=0; ${PIN[@]+"${PIN[@]}"} "$BIN" gazetteer lookup --file "$TMP/batch.txt" >"$TMP/batch.out" || rc=$?
((rc <= 1)) || { echo "run.sh: batch lookup failed (exit $rc)" >&2; exit 1; }
LINES=$(wc -l <"$TMP/batch.out")
[[ $LINES == "$BATCH" ]] || { echo "run.sh: batch printed $LINES lines for $BATCH names" >&2; exit 1; }
FOUND=$(grep -vc $'\tnot found$' "$TMP/batch.out" || true)
time_runs "$TMP/batch_t.txt" 3 ${PIN[@]+"${PIN[@]}"} "$BIN" gazetteer lookup --file "$TMP/batch.txt"
BATCH_BEST=$(sort -g "$TMP/batch_t.txt" | head -1)
BATCH_RATE=$(awk -v n="$BATCH" -v ms="$BATCH_BEST" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
row "batch \`gazetteer lookup --file\`, $BATCH names ($NNAMES distinct, $FOUND found), end to end, one core" \
    "(≥ 1 M/s is the in-process target)" \
    "$(printf "%'d" "$BATCH_RATE" 2>/dev/null || echo "$BATCH_RATE") lookups/s (best of 3: $(printf '%.0f' "$BATCH_BEST") ms)"
if [[ $HAVE_TIME == 1 ]]; then
    RSS2=$(peak_rss_mb "$BIN" gazetteer lookup --file "$TMP/batch.txt")
    row "peak RSS, batch of $BATCH names" "< 300 MB" "$RSS2 MB $(ok "$RSS2" '<' 300)"
fi

# ---------------------------------------------------------------------------------------------
# 4. the full bundled gazetteer: `gazetteer stats` decodes every place

log "== gazetteer stats x 5"
time_runs "$TMP/stats.txt" 5 "$BIN" gazetteer stats
row "\`gazetteer stats\` (process start + decoding every bundled place)" "—" "$(ms_stats "$TMP/stats.txt")"
if [[ $HAVE_TIME == 1 ]]; then
    RSS3=$(peak_rss_mb "$BIN" gazetteer stats)
    row "peak RSS, \`gazetteer stats\` (whole index paged in)" "< 300 MB" "$RSS3 MB $(ok "$RSS3" '<' 300)"
fi

# ---------------------------------------------------------------------------------------------
# 5. criterion (in-process)

# crit FILE NAME time|thrpt: the middle estimate criterion printed for benchmark NAME.
crit() {
    awk -v name="$2" -v what="$3:" '
        /^Benchmarking / { next }
        /^[^ ]/ { cur = $1 }
        index($0, what) && cur == name {
            s = substr($0, index($0, "[") + 1); split(s, t, " "); print t[3], t[4]; exit }' "$1"
}

if [[ $CRITERION == 1 ]]; then
    log "== cargo bench --bench gazetteer"
    cargo bench --bench gazetteer 2>&1 | tee "$TMP/criterion.txt" >&2
    MIX=$(crit "$TMP/criterion.txt" lookup/mix thrpt)
    MIXT=$(crit "$TMP/criterion.txt" lookup/mix time)
    MIX_PER_S=$(awk -v v="${MIX% *}" -v u="${MIX#* }" 'BEGIN {
        m = (u ~ /^G/) ? 1e9 : (u ~ /^M/) ? 1e6 : (u ~ /^K/) ? 1e3 : 1; printf "%.0f", v * m }')
    row "warm lookups in process, one core (criterion \`lookup/mix\`, $NNAMES names)" "≥ 1 M/s" \
        "${MIX/elem/lookups} ($MIXT per pass) $(ok "$MIX_PER_S" '>=' 1000000)"
    row "warm lookups, \`--country SY\` (criterion \`lookup/mix_country_SY\`)" "≥ 1 M/s" \
        "$(crit "$TMP/criterion.txt" lookup/mix_country_SY thrpt | sed 's/elem/lookups/')"
    row "\`Gazetteer::bundled()\` (criterion \`open/bundled\`)" "—" "$(crit "$TMP/criterion.txt" open/bundled time)"
    row "\`Gazetteer::open(&[])\` (criterion \`open/open_no_user_files\`)" "—" \
        "$(crit "$TMP/criterion.txt" open/open_no_user_files time)"
    row "bundled open + decode every place (criterion \`open/bundled_full_scan_stats\`)" "—" \
        "$(crit "$TMP/criterion.txt" open/bundled_full_scan_stats time)"
    row "\`fold\` + \`skeleton\` (criterion \`normalize/fold_skeleton\`)" "—" \
        "$(crit "$TMP/criterion.txt" normalize/fold_skeleton thrpt | sed 's/elem/names/')"
else
    row "warm lookups in process, one core" "≥ 1 M/s" "not run (pass --criterion)"
fi

# ---------------------------------------------------------------------------------------------
# report

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
IMPORTED=none
DATA_DIR=${INCIMAP_HOME:-${XDG_DATA_HOME:+$XDG_DATA_HOME/incimap}}
DATA_DIR=${DATA_DIR:-${HOME:-}/.local/share/incimap}
[[ -f $DATA_DIR/imported.incigaz ]] && IMPORTED="$DATA_DIR/imported.incigaz ($(du -m "$DATA_DIR/imported.incigaz" | cut -f1) MB)"

echo "### gazetteer"
echo
echo "- machine: ${CPU:-unknown CPU}, $(nproc) CPUs; $(uname -sr)"
echo "- build: $(rustc --version 2>/dev/null || echo rustc?), release; binary $(du -m "$BIN" | cut -f1) MB; commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')"
echo "- imported index: $IMPORTED"
echo "- timer: $([[ $HAVE_HYPERFINE == 1 ]] && echo hyperfine || echo 'bash date +%s%N loop (3 warm-up runs)')"
echo
echo "| figure | target | measured |"
echo "|---|---|---|"
printf '%s\n' "${ROWS[@]}"
