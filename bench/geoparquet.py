#!/usr/bin/env python3
"""GeoParquet against GeoJSON and FlatGeobuf for 1 M incidents: file size and DuckDB scan time.

Usage (from the repository root, with duckdb installed, e.g. target/test-venv):

    INCIMAP_BENCH_KEEP=/tmp/million cargo bench --bench export -- million   # writes the files, prints MB/s
    python bench/geoparquet.py /tmp/million

The scan is one aggregate a notebook runs first: incidents and fatalities by event type. DuckDB
reads GeoParquet and GeoJSON Lines natively; a GeoJSON FeatureCollection is one JSON value
(read whole) and FlatGeobuf needs the spatial extension, which DuckDB downloads at run time,
so each is reported as what it is when it cannot be scanned here. Best of 3.
"""

import sys
import time
from pathlib import Path

import duckdb

folder = Path(sys.argv[1])
QUERIES = {
    "parquet": "SELECT event_type, count(*), sum(fatalities) FROM read_parquet('{f}') GROUP BY 1",
    "geojsonl": "SELECT properties.event_type, count(*), sum(properties.fatalities) "
                "FROM read_json('{f}', format='newline_delimited', "
                "columns={{properties: 'STRUCT(event_type VARCHAR, fatalities INTEGER)'}}) GROUP BY 1",
    "geojson": "SELECT f.properties.event_type, count(*), sum(f.properties.fatalities) FROM "
               "(SELECT unnest(features) AS f FROM read_json('{f}', maximum_object_size=2000000000, "
               "columns={{features: 'STRUCT(properties STRUCT(event_type VARCHAR, fatalities INTEGER))[]'}})) GROUP BY 1",
    "fgb": "INSTALL spatial; LOAD spatial; SELECT event_type, count(*), sum(fatalities) FROM ST_Read('{f}') GROUP BY 1",
}

print("| format | file MB | DuckDB scan (by event_type) |")
print("|---|---:|---:|")
answers = {}
for ext, sql in QUERIES.items():
    f = folder / f"incidents.{ext}"
    if not f.exists():
        continue
    mb = f.stat().st_size / 1e6
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
