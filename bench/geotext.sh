#!/usr/bin/env bash
# geotext on a JSON Lines corpus, 1 thread and all cores, as a table row per run: the
# dictionary matcher issue 19 sets incimap's throughput against. geotext goes into a venv
# of its own (made once, in ${XDG_CACHE_HOME:-~/.cache}/incimap-bench); without pip or the
# network the rows say so and the run goes on.
#
# Usage: bash bench/geotext.sh FILE.jsonl LABEL
set -uo pipefail
cd "$(dirname "$0")/.."
FILE=${1:?usage: bench/geotext.sh FILE.jsonl LABEL}
LABEL=${2:-$(basename "$FILE")}
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/incimap-bench/geotext-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import geotext' 2>/dev/null; then
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q geotext==0.4.0; } >&2 2>&1; then
    echo "| geotext: $LABEL | - | - | skipped (no pip or no network) | | |"
    exit 0
  fi
fi
for t in 1 $(nproc); do
  # Not named geotext.py: Python would import it in place of the package.
  if ! read -r docs secs < <("$VENV/bin/python" bench/geotext_time.py "$FILE" "$t"); then
    echo "| geotext: $LABEL | - | $t | failed (see above) | | |"
    continue
  fi
  awk -v d="$docs" -v s="$secs" -v b="$(wc -c < "$FILE")" -v l="$LABEL" -v t="$t" \
    'BEGIN{printf "| geotext: %s | %d | %d | %.0f | %.1f | n/a |\n", l, d, t, d/s, b/s/1e6}'
done
