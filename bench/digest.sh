#!/usr/bin/env bash
# One long document, many incidents: `extract` on a digest of N distinct incidents (20
# towns, one a day, clashes and air strikes) for N = 8k..64k, wall clock in a release build.
# Merging once scanned every incident kept so far for each new one (64,000 took 20 s);
# the times here should grow with N, not N².
#
# Usage: bash bench/digest.sh            (markdown table on stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-digest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cargo build --release >&2
BIN=${CARGO_TARGET_DIR:-target}/release/incimap
echo "| incidents in one document | extract, s |"
echo "|---:|---:|"
for n in 8000 16000 32000 64000; do
    python3 - "$n" > "$TMP/digest.txt" <<'PY'
import sys
towns = ["Hatla", "al-Mayadin", "al-Bukamal", "Muhasan", "al-Shuhayl", "Raqqa", "Tabqa",
         "Manbij", "Azaz", "Idlib", "Saraqib", "Maarrat al-Numan", "Khan Shaykhun", "Hama",
         "Homs", "Palmyra", "Douma", "Daraya", "Jobar", "Qamishli"]
months = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
out = []
for i in range(int(sys.argv[1])):
    town, day = towns[i % 20], 1 + (i // 20) % 28
    month, year = months[(i // 560) % 12], 2000 + i // 6720
    what = "Clashes broke out in" if i % 2 == 0 else "Regime warplanes bombed"
    out.append(f"{what} {town} on {month} {day}, {year}.")
print(" ".join(out))
PY
    start=$(date +%s.%N)
    "$BIN" extract "$TMP/digest.txt" --format geojsonl -q -o "$TMP/out.geojsonl"
    end=$(date +%s.%N)
    printf '| %s | %.2f |\n' "$n" "$(echo "$end - $start" | bc -l)"
done
