#!/usr/bin/env bash
# Whole-process figures for `query` on 1,000,000 CSV rows (the ACLED-style file bench/render.sh
# generates, same seed): `--format count`, `--format count` with an attribute filter, and
# `--stats`, each the median of RUNS runs, with peak memory. Issue #19 asks counts and stats to
# read only what they need (>= 5x faster than reading whole features).
#
# Usage: bench/query.sh [BIN]   (default target/release/incimap; build it first)
# Environment: RUNS (default 3), INCIMAP_BENCH_KEEP=DIR keeps the generated file there.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/incimap}
RUNS=${RUNS:-3}
[[ -x $BIN ]] || { echo "bench/query.sh: no $BIN (cargo build --release)" >&2; exit 2; }
TMP=${INCIMAP_BENCH_KEEP:-$(mktemp -d)}
mkdir -p "$TMP"
[[ -n ${INCIMAP_BENCH_KEEP:-} ]] || trap 'rm -rf "$TMP"' EXIT

source bench/lib.sh

if [[ ! -s $TMP/million.csv ]]; then
    echo "bench/query.sh: generating 1,000,000 rows" >&2
    python3 bench/incidents_csv.py 1000000 > "$TMP/million.csv"
fi
F=$TMP/million.csv
"$BIN" query "$F" --format count -q >/dev/null # warm the page cache

echo "### query, 1,000,000 CSV rows ($(du -m "$F" | cut -f1) MB), median of $RUNS"
echo
echo "| run | time | peak memory |"
echo "|---|---|---|"
row() {
    local name=$1
    shift
    echo "| $name | $(median_ms "$BIN" "$@") ms | $(peak_mb "$BIN" "$@") MB |"
}
row '`--format count`' query "$F" --format count -q
row '`--format count --type Battles --since 2016-06-01`' query "$F" --format count --type Battles --since 2016-06-01 -q
row '`--format count --bbox 39,34,41,36`' query "$F" --format count --bbox 39,34,41,36 -q
row '`--stats`' query "$F" --stats -q
