#!/usr/bin/env bash
# Whole-process throughput and peak memory of `incimap extract` (issue 4 targets: >= 10,000
# news-sized documents/s on 2 cores; peak memory under 500 MB for a 1 GB JSON Lines input).
#
# Usage: bash bench/extract.sh [DOCS] [--gb] [--no-build]
#   DOCS   documents in the throughput corpus (default 20000, about 2.8 KB each)
#   --gb   also stream a generated 1 GB JSON Lines file through `extract` and report peak RSS
#
# The corpus is the bundled seed article with its places and dates varied; GeoWebNews ×10
# as well when ../shared/eval is present.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=20000
GB=0
BUILD=1
for a in "$@"; do
  case "$a" in
    --gb) GB=1 ;;
    --no-build) BUILD=0 ;;
    *) DOCS="$a" ;;
  esac
done
[ "$BUILD" = 1 ] && cargo build --release >&2
BIN=${CARGO_TARGET_DIR:-target}/release/incimap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

gen() { python3 bench/corpus.py "$1"; } # gen N -> JSON Lines on stdout

measure() { # measure FILE THREADS -> table row
  local start end rss
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" extract "$1" -q -j "$2" -o "$TMP/out.geojson" || true
    rss=$(awk '{printf "%.0f", $1/1024}' "$TMP/rss")
  else
    "$BIN" extract "$1" -q -j "$2" -o "$TMP/out.geojson" || true
    rss="n/a (apt-get install -y time)"
  fi
  end=$(date +%s%N)
  awk -v d="$(wc -l < "$1")" -v b="$(wc -c < "$1")" -v s="$(( (end - start) / 1000000 ))" -v t="$2" -v r="$rss" \
    'BEGIN{printf "| %d | %.0f MB | %d | %.0f | %.1f | %s |\n", d, b/1e6, t, d/(s/1000), b/1e6/(s/1000), r}'
}

gen "$DOCS" > "$TMP/corpus.jsonl"
echo "| documents | input | threads | documents/s | MB/s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|"
for t in 1 $(nproc); do measure "$TMP/corpus.jsonl" "$t"; done
# Real news, where geoparsing is harder (issue 19), when ../shared/eval is present: the
# GeoWebNews development set repeated 10 times.
GWN=../shared/eval/geowebnews-dev.jsonl
if [ -f "$GWN" ]; then
  for _ in $(seq 10); do cat "$GWN"; done > "$TMP/gwn.jsonl"
  echo
  echo "GeoWebNews ×10:"
  echo
  echo "| documents | input | threads | documents/s | MB/s | peak RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for t in 1 $(nproc); do measure "$TMP/gwn.jsonl" "$t"; done
fi
if [ "$GB" = 1 ]; then
  gen 360000 > "$TMP/big.jsonl"
  measure "$TMP/big.jsonl" "$(nproc)"
fi
