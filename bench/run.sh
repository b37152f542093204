#!/usr/bin/env bash
# The whole benchmark suite in one command: every figure the issues set a target for, as the
# markdown tables README.md publishes, with the machine they ran on.
#
#   gazetteer   cold start, peak memory, lookups/s             bench/gazetteer.sh
#   places      documents/s, 1 thread and all cores, memory    bench/places.sh
#   extract     documents/s, 1 thread and all cores, memory    bench/extract.sh
#   query       index build, radius/bbox/nearest vs a scan     cargo bench --bench index
#   export      GeoJSON/GeoJSON Lines/CSV/FlatGeobuf MB/s      cargo bench --bench export
#   render      seed map, 1 M incidents as a heatmap, memory   bench/render.sh
#   match       1 M x 1 M incidents paired                     cargo bench --bench match
#
# Usage: bash bench/run.sh [--quick] [--only NAME[,NAME...]]
#   --quick   skip the criterion benches (in-process lookups/s, query speedups, export
#             MB/s): about 2 minutes instead of about 10
#   --only    run only the named sections
#
# Tables go to stdout, progress to stderr:  bash bench/run.sh > bench.md
# Needs bash, python3, cargo; GNU time for memory figures (apt-get install -y time).
# Timings are wall clock: run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
ONLY=gazetteer,places,extract,query,export,match,render
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) QUICK=1 ;;
        --only) ONLY=${2:?--only needs section names}; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { printf '%s\n' "$*" >&2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/incimap-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

log "== cargo build --release"
cargo build --release >&2
BIN=${CARGO_TARGET_DIR:-target}/release/incimap

# crit FILE: "name seconds" for every benchmark in criterion's output (middle estimate).
crit() {
    python3 - "$1" <<'PY'
import re, sys
unit = {"ps": 1e-12, "ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
name = None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"^(\S+/\S+)\s*(time:.*)?$", line.rstrip())  # group/name
    if m and not line.startswith("Benchmarking"):
        name = m.group(1)
    t = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
    if t and name:
        print(name, float(t.group(1)) * unit[t.group(2)])
PY
}
secs() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a && b) printf "%.0f×", a / b; else print "n/a" }'; }
ms() { awk -v s="$1" 'BEGIN { if (s) printf "%.1f ms", s * 1000; else print "n/a" }'; }

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
MEM=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
echo "## incimap benchmarks"
echo
echo "- machine: ${CPU:-unknown CPU}, $(nproc) cores, ${MEM:-? GB} RAM; $(uname -sr)"
echo "- build: $(rustc --version), release; commit $(git rev-parse --short HEAD 2>/dev/null || echo ?); $(date -u +%Y-%m-%d)"
echo "- reproduce: \`bash bench/run.sh\`$([[ $QUICK == 1 ]] && echo ' --quick')"
echo

if wanted gazetteer; then
    log "== gazetteer"
    args=(--no-build)
    [[ $QUICK == 1 ]] || args+=(--criterion)
    # Its own header lines repeat the machine; keep the table.
    bash bench/gazetteer.sh "${args[@]}" | sed -n '/^### /p; /^|/p'
    echo
fi

if wanted places; then
    log "== places"
    echo "### places (geoparsing; target ≥ 50,000 documents/s on 2 cores, issue 19; geotext for the ratio)"
    echo
    bash bench/places.sh --no-build
    echo
fi

if wanted extract; then
    log "== extract"
    echo "### extract (target ≥ 25,000 documents/s on 2 cores, issue 19; < 500 MB for 1 GB input)"
    echo
    bash bench/extract.sh --no-build
    echo
fi

if wanted query && [[ $QUICK == 0 ]]; then
    log "== cargo bench --bench index"
    cargo bench --bench index 2>&1 | tee "$TMP/index.txt" >&2
    crit "$TMP/index.txt" >"$TMP/index.secs"
    echo "### query (1 M incidents, in process; targets: build < 1 s, radius ≥ 100× a scan)"
    echo
    echo "| figure | measured |"
    echo "|---|---|"
    echo "| index build (bulk load) | $(ms "$(secs "$TMP/index.secs" build/bulk_load_1M)") |"
    for q in radius bbox; do
        echo "| $q query vs linear scan | $(ratio "$(secs "$TMP/index.secs" "$q/scan")" "$(secs "$TMP/index.secs" "$q/index")") |"
    done
    echo "| 10 nearest vs scan | $(ratio "$(secs "$TMP/index.secs" nearest/scan_k10)" "$(secs "$TMP/index.secs" nearest/index_k10)") |"
    read_s=$(secs "$TMP/index.secs" read/geojson_1M)
    read_mb=$(awk '/^read: .* MB/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "MB") print $i }' "$TMP/index.txt" | head -1)
    echo "| read a 1 M-feature GeoJSON ($read_mb MB) | $(awk -v s="$read_s" -v mb="$read_mb" 'BEGIN { if (s && mb) printf "%.0f MB/s", mb / s; else print "n/a" }') |"
    echo
fi

if wanted export && [[ $QUICK == 0 ]]; then
    log "== cargo bench --bench export"
    cargo bench --bench export 2>&1 | tee "$TMP/export.txt" >&2
    echo "### export (1 M incidents to a file; target ≥ 150 MB/s GeoJSON)"
    echo
    echo '```'
    sed -n '/^export\/million/,/^ *fgb /p' "$TMP/export.txt"
    echo '```'
    echo
fi

if wanted match && [[ $QUICK == 0 ]]; then
    log "== cargo bench --bench match"
    cargo bench --bench match 2>&1 | tee "$TMP/match.txt" >&2
    crit "$TMP/match.txt" >"$TMP/match.secs"
    echo "### match (1 M × 1 M incidents, in process; target: seconds)"
    echo
    echo "| sides | time |"
    echo "|---|---:|"
    for n in 100000 1000000; do
        echo "| $n × $n | $(awk -v s="$(secs "$TMP/match.secs" "match/${n}x${n}")" 'BEGIN { if (s) printf "%.2f s", s; else print "n/a" }') |"
    done
    echo
fi

if wanted render; then
    log "== render"
    echo "### render"
    echo
    bash bench/render.sh --no-build
    echo
fi
