#!/usr/bin/env bash
# One report of 57 MB through `extract` (issue #19: <= 10 s and <= 500 MB): the seed
# article's incident paragraphs repeated (they merge into the seed's few incidents), and the
# same with every copy dated a day of its own (hundreds of thousands of distinct incidents:
# the first 100,000 are kept, the rest counted). Wall clock, CPU time and peak RSS from GNU
# time -v (on a shared machine the CPU time is the steadier figure).
#
# Usage: bash bench/huge_report.sh [BIN] [MB]   (default target/release/incimap, 57)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/incimap}
MB=${2:-57}
[[ -x $BIN ]] || { echo "bench/huge_report.sh: no $BIN (cargo build --release)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench/huge_report.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-huge.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "| report ($MB MiB, one document) | incidents | dropped | wall | CPU (user + system) | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|"
for mode in repeat distinct; do
    python3 bench/huge_report.py "$MB" "$mode" > "$TMP/report.txt"
    # Exit 1 when incidents were dropped: expected for `distinct`.
    /usr/bin/time -v "$BIN" extract "$TMP/report.txt" --date 2014-06-20 --format csv \
        -o "$TMP/out.csv" 2> "$TMP/time.txt" || true
    incidents=$(($(wc -l < "$TMP/out.csv") - 1))
    dropped=$(grep -o '^incimap: [0-9]* incidents dropped' "$TMP/time.txt" | grep -o '[0-9]*' || echo 0)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.1f s", t}' "$TMP/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$TMP/time.txt")
    echo "| $mode | $incidents | $dropped | $wall | $cpu | $rss |"
done
