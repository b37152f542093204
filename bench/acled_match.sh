#!/usr/bin/env bash
# incimap's events against ACLED's coding of the same reports, as `match` pairs them.
#
#   bash bench/acled_match.sh [ACLED.csv]     # default ../shared/eval/acled-dev.csv
#
# Each row's notes become an article dated on its event_date (as examples/eval_incidents.rs
# reads them), `incimap extract` codes them, and `incimap match` pairs what it found with
# ACLED's rows within 10 km and 1 day, then also of the same event type. Prints both JSON
# summaries. Needs python3 and a release build (cargo build --release). ACLED data: cite
# ACLED (acleddata.com) with any figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
acled=${1:-$root/../shared/eval/acled-dev.csv}
bin=${CARGO_TARGET_DIR:-$root/target}/release/incimap
if [ ! -f "$acled" ]; then
    echo "acled_match: no evaluation set at $acled (skipped)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$acled" "$work/notes.jsonl" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in csv.DictReader(f):
        out.write(json.dumps({"id": row["event_id_cnty"], "date": row["event_date"], "text": row["notes"]}) + "\n")
PY
"$bin" extract "$work/notes.jsonl" -o "$work/found.geojson" -q
echo "within 10 km and 1 day:"
"$bin" match "$work/found.geojson" "$acled" --km 10 --days 1 --format json -q || true
echo "within 10 km and 1 day, same event type:"
"$bin" match "$work/found.geojson" "$acled" --km 10 --days 1 --same-type --format json -q || true
