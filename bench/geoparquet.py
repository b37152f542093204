#!/usr/bin/env python3
"""GeoParquet against GeoJSON and FlatGeobuf for 1 M incidents: file size and DuckDB scan time.

Usage (from the repository root, with duckdb installed, e.g. target/test-venv):

    INCIMAP_BENCH_KEEP=/tmp/million cargo bench --bench export -- million   # writes the files, prints MB/s
    python bench/geoparquet.py /tmp/million

The scan is one aggregate a notebook runs first: incidents and fatalities by event type. DuckDB
reads GeoParquet, GeoJSON Lines and GeoJSON natively; FlatGeobuf needs the spatial extension,
which DuckDB downloads at run time, so it is not scanned here. Best of 3.
"""

import sys
import time
from pathlib import Path

import duckdb

folder = Path(sys.argv[1])
# DuckDB (2.0) reads a GeoJSON FeatureCollection or GeoJSON Lines as one row a feature, with
# the properties as columns, the same as GeoParquet's.
SCAN = "SELECT event_type, count(*), sum(fatalities) FROM {reader} GROUP BY 1"
QUERIES = {
    "parquet": SCAN.format(reader="read_parquet('{f}')"),
    "geojsonl": SCAN.format(reader="read_json('{f}', format='newline_delimited')"),
    "geojson": SCAN.format(reader="read_json('{f}', maximum_object_size=2000000000)"),
}
# DuckDB reads FlatGeobuf only through its spatial extension, which it downloads at run time:
# not tried here (no network but the package registries).
NOT_HERE = {"fgb": "n/a here: needs DuckDB's spatial extension (downloaded at run time)"}

print("| format | file MB | DuckDB scan (by event_type) |")
print("|---|---:|---:|")
answers = {}
for ext in ["parquet", "geojsonl", "geojson", "fgb"]:
    f = folder / f"incidents.{ext}"
    if not f.exists():
        continue
    mb = f.stat().st_size / 1e6
    if ext in NOT_HERE:
        print(f"| {ext} | {mb:.1f} | {NOT_HERE[ext]} |")
        continue
    sql = QUERIES[ext]
    try:
        times = []
        for _ in range(3):
            con = duckdb.connect()
            t = time.perf_counter()
            rows = con.sql(sql.format(f=f)).fetchall()
            times.append(time.perf_counter() - t)
            con.close()
        answers[ext] = sorted(rows)
        shown = f"{min(times) * 1000:.0f} ms"
    except Exception as e:  # noqa: BLE001 - reported in the table
        shown = f"n/a ({type(e).__name__}: {str(e).splitlines()[0][:80]})"
    print(f"| {ext} | {mb:.1f} | {shown} |")
if len({str(v) for v in answers.values()}) > 1:
    print("warning: the formats' answers differ", answers, file=sys.stderr)
