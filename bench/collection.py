#!/usr/bin/env python3
"""A GeoJSON FeatureCollection of about MB megabytes on stdout, for the memory figures of
`query` and `render` on one big collection (bench/collection.sh, issue #19): the seed's
seven incidents as `extract` writes them (tests/fixtures/render-seed.geojson, about 850
bytes a feature), again and again, each copy with its own id, day and a point moved
around Syria. The same size gives the same file.

Usage: python3 bench/collection.py MB > big.geojson
"""
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "tests/fixtures/render-seed.geojson"


def main():
    target = int(float(sys.argv[1]) * 1024 * 1024)
    seed = json.loads(SEED.read_text())["features"]
    rng = random.Random(19)
    out = sys.stdout
    head = '{"type":"FeatureCollection","features":[\n'
    out.write(head)
    written, n = len(head), 0
    day0 = date(2012, 1, 1)
    while written < target:
        f = json.loads(json.dumps(seed[n % len(seed)]))
        fid = f"{n:016x}"
        f["id"] = fid
        p = f["properties"]
        p["id"] = fid
        p["event_date"] = (day0 + timedelta(days=rng.randrange(3650))).isoformat()
        p["fatalities"] = rng.choice([0, 0, 0, 1, 2, 5, 12])
        f["geometry"]["coordinates"] = [
            round(36.0 + rng.random() * 5.5, 5),
            round(32.5 + rng.random() * 4.5, 5),
        ]
        text = ("" if n == 0 else ",\n") + json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        out.write(text)
        written += len(text.encode())
        n += 1
    out.write("\n]}\n")


if __name__ == "__main__":
    main()
