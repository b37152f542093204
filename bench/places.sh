#!/usr/bin/env bash
# Whole-process throughput of `incimap places` (geoparsing) on news-sized documents,
# one thread and all cores, with peak memory. Target (issue 19): >= 50,000 documents/s on
# 2 cores.
#
# Usage: bash bench/places.sh [DOCS] [--no-build]
#
# The corpus (bench/corpus.py) is generated from the bundled seed article, about 2.8 KB a
# document, with its places swapped for other Syrian and Iraqi towns so the gazetteer sees
# varied names. When ../shared/eval is present its real news sets are timed as well.
# geotext (bench/geotext.sh) is timed on each corpus in the same run; GEOTEXT=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=20000
BUILD=1
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    *) DOCS="$a" ;;
  esac
done
[ "$BUILD" = 1 ] && cargo build --release >&2
BIN=${CARGO_TARGET_DIR:-target}/release/incimap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 bench/corpus.py "$DOCS" > "$TMP/corpus.jsonl"
BYTES=$(wc -c < "$TMP/corpus.jsonl")

run() { # run LABEL FILE THREADS -> "docs/s MB/s peakMB"
  local start end secs rss
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" places "$2" -q -j "$3" > /dev/null || true
    rss=$(awk '{printf "%.0f", $1/1024}' "$TMP/rss")
  else
    "$BIN" places "$2" -q -j "$3" > /dev/null || true
    rss="n/a (apt-get install -y time)"
  fi
  end=$(date +%s%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN{print (b-a)/1e9}')
  local docs; docs=$(wc -l < "$2")
  local bytes; bytes=$(wc -c < "$2")
  awk -v d="$docs" -v s="$secs" -v b="$bytes" -v l="$1" -v t="$3" -v r="$rss" \
    'BEGIN{printf "| %s | %d | %d | %.0f | %.1f | %s |\n", l, d, t, d/s, b/s/1e6, r}'
}

echo "| corpus | documents | threads | documents/s | MB/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
for t in 1 $(nproc); do run "seed variants ($((BYTES / DOCS)) B/doc)" "$TMP/corpus.jsonl" "$t"; done
# The dictionary matcher issue 19 compares with, on the same corpus in the same run.
if [ "${GEOTEXT:-1}" = 1 ]; then bash bench/geotext.sh "$TMP/corpus.jsonl" "seed variants"; fi
for f in ../shared/eval/geowebnews-dev.jsonl ../shared/eval/geovirus-dev.jsonl; do
  [ -f "$f" ] || continue
  # repeat the set 10 times for a measurable run
  for _ in $(seq 10); do cat "$f"; done > "$TMP/eval.jsonl"
  for t in 1 $(nproc); do run "$(basename "$f") ×10" "$TMP/eval.jsonl" "$t"; done
  if [ "${GEOTEXT:-1}" = 1 ]; then bash bench/geotext.sh "$TMP/eval.jsonl" "$(basename "$f") ×10"; fi
done
