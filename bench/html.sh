#!/usr/bin/env bash
# Whole-process figures for the HTML map (`incimap render -o map.html`), against issue 17's
# target:
#
#   a 50,000-incident page becomes interactive in headless Chromium    < 5 s
#
# and the page sizes the README reports (the seed's and 50,000 incidents'). The 50,000
# incidents are ACLED-style GeoJSON scattered around ten Syrian and Iraqi hotspots, each with
# actors, a source and a one-sentence note, generated deterministically.
#
# Time to interactive is measured inside the browser (performance.now(), from navigation
# start): `ready` when the page's script has parsed the data, built the map and drawn the
# incidents, `painted` at the next animation frame. Then one pan and one zoom are timed to
# the next frame. The browser is driven by the ignored test html::bench_time_to_interactive
# (tests/cli/html.rs), which needs `chromium` (apt-get install -y chromium).
#
# Usage: bash bench/html.sh [--runs N] [--no-build]
#
# Prints a markdown table on stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "html.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "html.sh: --runs takes a positive number" >&2; exit 2; }
command -v chromium >/dev/null 2>&1 || [[ -n ${INCIMAP_CHROMIUM:-} ]] ||
    { echo "html.sh: no chromium (apt-get install -y chromium, or set INCIMAP_CHROMIUM)" >&2; exit 1; }

log() { printf '%s\n' "$*" >&2; }
BIN=${CARGO_TARGET_DIR:-target}/release/incimap
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-html-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [[ $BUILD == 1 ]]; then
    log "== cargo build --release"
    cargo build --release >&2
fi
[[ -x $BIN ]] || { echo "html.sh: $BIN not found (cargo build --release)" >&2; exit 1; }

log "== the seed page"
"$BIN" extract data/samples/deir-ez-zor-2014.txt --date 2014-06-20 -o "$TMP/seed.geojson" -q
"$BIN" render "$TMP/seed.geojson" -o "$TMP/seed.html" -q
SEED_KB=$(( $(stat -c %s "$TMP/seed.html") / 1024 ))

log "== generating 50,000 incidents"
python3 - "$TMP/50k.geojson" <<'PY'
import json, random, sys
random.seed(17)
hot = [(40.14, 35.33, 3), (37.16, 36.2, 5), (36.29, 33.51, 4), (39.0, 35.95, 2), (36.72, 34.73, 2),
       (36.1, 32.62, 1), (36.63, 35.93, 3), (40.92, 34.45, 1), (44.37, 33.31, 3), (43.13, 36.34, 2)]
weights = [w for *_, w in hot]
types = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"),
         ("Strategic developments", "Looting/property destruction")]
actors = ["Military Forces of Syria", "Islamic State", "Unidentified Armed Group (Syria)",
          "Civilians (Syria)", "Opposition Rebels (Syria)", "Protesters (Syria)"]
features = []
for i in range(50_000):
    lon, lat, _ = random.choices(hot, weights)[0]
    s = random.choice([0.0, 0.02, 0.1, 0.4])
    et, sub = random.choice(types)
    dead = random.choice([0, 0, 0, 1, 2, 5, 12])
    place = f"Place {i % 700}"
    features.append({"type": "Feature", "id": f"X{i}",
        "geometry": {"type": "Point", "coordinates": [round(lon + random.gauss(0, s), 5), round(lat + random.gauss(0, s), 5)]},
        "properties": {"id": f"X{i}", "event_date": f"2016-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
            "event_type": et, "sub_event_type": sub, "actor1": random.choice(actors), "actor2": random.choice(actors),
            "fatalities": dead, "country": "SY", "location": place, "geo_precision": random.choice([1, 2, 3]),
            "source_id": f"report-{i // 4}.txt", "notes": f"On the day, {et.lower()} near {place} left {dead} dead, "
            f"according to a local source who asked not to be named (report {i})."}})
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
t0=$(date +%s%N)
"$BIN" render "$TMP/50k.geojson" -o "$TMP/50k.html" -q
t1=$(date +%s%N)
WRITE_MS=$(( (t1 - t0) / 1000000 ))
BIG_KB=$(( $(stat -c %s "$TMP/50k.html") / 1024 ))

log "== time to interactive, $RUNS runs each"
measure() {
    INCIMAP_BENCH_PAGE=$1 INCIMAP_BENCH_RUNS=$RUNS \
        cargo test --test cli html::bench_time_to_interactive -- --ignored --nocapture 2>/dev/null |
        grep '^{' | python3 -c '
import json, sys
runs = [json.loads(l) for l in sys.stdin]
med = lambda k: sorted(r[k] for r in runs)[len(runs) // 2]
print("%.0f %.0f %.0f %.0f" % (med("ready_ms"), med("painted_ms"), med("pan_ms"), med("zoom_ms")))'
}
read -r S_READY S_PAINT S_PAN S_ZOOM < <(measure "$TMP/seed.html")
read -r B_READY B_PAINT B_PAN B_ZOOM < <(measure "$TMP/50k.html")

echo "| page | size | written in | interactive (script done / first frame) | pan | zoom in |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| seed, 7 incidents | $SEED_KB KB | — | $S_READY / $S_PAINT ms | $S_PAN ms | $S_ZOOM ms |"
echo "| 50,000 incidents (target < 5 s) | $BIG_KB KB | $WRITE_MS ms | $B_READY / $B_PAINT ms | $B_PAN ms | $B_ZOOM ms |"
