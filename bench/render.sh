#!/usr/bin/env bash
# Whole-process figures for `incimap render`, against the issue's targets:
#
#   the seed map (7 incidents, 1600x1200 PNG, labels)        < 200 ms
#   1 million incidents as a heatmap at 1600x1200            < 2 s
#   peak resident memory of that run                         < 500 MB
#
# The million-incident file is an ACLED-style CSV (about 100 MB) of incidents scattered around
# ten Syrian and Iraqi hotspots, generated deterministically. Reading it is timed on its own
# too (`incimap query FILE --format count`), so the table shows what the render stage adds.
# In-process figures for the render stage alone: `cargo bench --bench render` (--criterion).
#
# Usage: bash bench/render.sh [--criterion] [--runs N] [--no-build]
#
# Prints a markdown table on stdout; progress goes to stderr. Needs bash, python3, cargo, and
# /usr/bin/time for memory figures (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."

CRITERION=0
RUNS=10
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --criterion) CRITERION=1 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "render.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "render.sh: --runs takes a positive number" >&2; exit 2; }

log() { printf '%s\n' "$*" >&2; }
BIN=${CARGO_TARGET_DIR:-target}/release/incimap
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-render-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [[ $BUILD == 1 ]]; then
    log "== cargo build --release"
    cargo build --release >&2
fi
[[ -x $BIN ]] || { echo "render.sh: $BIN not found (cargo build --release)" >&2; exit 1; }

source bench/lib.sh

log "== the seed incidents"
"$BIN" extract data/samples/deir-ez-zor-2014.txt --date 2014-06-20 -o "$TMP/seed.geojson" -q
"$BIN" render "$TMP/seed.geojson" -o "$TMP/seed.png" --labels -q # warm the page cache
SEED_MS=$(median_ms "$BIN" render "$TMP/seed.geojson" -o "$TMP/seed.png" --labels -q)
SEED_MB=$(peak_mb "$BIN" render "$TMP/seed.geojson" -o "$TMP/seed.png" --labels -q)

log "== generating 1,000,000 incidents"
python3 bench/incidents_csv.py 1000000 > "$TMP/million.csv"
BIG_RUNS=3
log "== 1M heatmap, $BIG_RUNS runs"
OLD_RUNS=$RUNS; RUNS=$BIG_RUNS
READ_MS=$(median_ms "$BIN" query "$TMP/million.csv" --format count -q)
HEAT_MS=$(median_ms "$BIN" render "$TMP/million.csv" -o "$TMP/heat.png" --heatmap -q)
RUNS=$OLD_RUNS
READ_MB=$(peak_mb "$BIN" query "$TMP/million.csv" --format count -q)
HEAT_MB=$(peak_mb "$BIN" render "$TMP/million.csv" -o "$TMP/heat.png" --heatmap -q)

if [[ $CRITERION == 1 ]]; then
    log "== cargo bench --bench render"
    cargo bench --bench render 2>&1 | grep -E '^[a-z_0-9/]+ +time:|time:' >&2 || true
fi

echo "| figure | target | measured |"
echo "|---|---|---|"
echo "| seed map, 1600×1200 PNG with labels, whole process | < 200 ms | $SEED_MS ms, $SEED_MB MB peak |"
echo "| 1M incidents (100 MB CSV) as a heatmap, whole process | < 2 s, < 500 MB | $HEAT_MS ms, $HEAT_MB MB peak |"
echo "| of which reading the file (\`query --format count\`) | — | $READ_MS ms, $READ_MB MB peak |"
