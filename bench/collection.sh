#!/usr/bin/env bash
# Peak memory of `query` and `render` on one GeoJSON FeatureCollection of about 1 GB (issue
# #19: <= 300 MB, as the collection is streamed). The collection (bench/collection.py: the
# seed's incidents again and again, 1.34 M features) is kept gzipped, 64 MB on disk, and read
# through incimap's own gunzip, so the wall times include decompressing on one core.
#
# Usage: bash bench/collection.sh [BIN] [MB]   (default target/release/incimap, 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/incimap}
MB=${2:-1024}
[[ -x $BIN ]] || { echo "bench/collection.sh: no $BIN (cargo build --release)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench/collection.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-collection.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
F=$TMP/big.geojson.gz
echo "bench/collection.sh: generating $MB MiB of GeoJSON" >&2
python3 bench/collection.py "$MB" | gzip -1 > "$F"

echo "| run ($MB MiB FeatureCollection) | wall | CPU (user + system) | peak RSS |"
echo "|---|---:|---:|---:|"
row() {
    local name=$1
    shift
    /usr/bin/time -f '%e %U %S %M' "$BIN" "$@" -q > /dev/null 2> "$TMP/time.txt" || true
    read -r wall user sys kb < <(tail -1 "$TMP/time.txt")
    printf '| %s | %s s | %.1f s | %.0f MB |\n' "$name" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}
row '`query --format count`' query "$F" --format count
row '`query --stats`' query "$F" --stats
row '`query --bbox 39,34,41,36 --format geojsonl`' query "$F" --bbox 39,34,41,36 --format geojsonl
row '`query --nearest 5 --point 40.1,35.3`' query "$F" --nearest 5 --point 40.1,35.3
row '`render --heatmap`' render "$F" --heatmap -o "$TMP/heat.png"
row '`render`' render "$F" -o "$TMP/points.png"
