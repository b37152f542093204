#!/usr/bin/env python3
"""Build the tables src/export/acled.rs embeds: ISO 3166-1 numeric codes and ACLED regions by
country, and Syria's districts (OCHA COD-AB admin 2) as simplified polygons.

Usage: python3 data/admin/build.py [SOURCE_DIR]   (default ../shared/data; standard library only)

Writes:
* data/admin/countries.tsv: alpha-2, numeric code, ACLED region, from Natural Earth's
  ne_50m_admin_0_countries (ISO_A2/ISO_A2_EH, ISO_N3/ISO_N3_EH, SUBREGION), with the UN
  subregion mapped to ACLED's region (and ACLED's own placements: Egypt, Iran and Turkey in
  the Middle East, the Caucasus with Central Asia, Mexico in Central America).
* data/admin/syria-adm2.tsv.gz: one district a line: admin1 name, admin2 name (OCHA's English
  names spelled as ACLED spells them: hyphens as spaces, no apostrophes), then rings as
  `lon,lat lon,lat ...` (5 decimals) separated by tabs; a ring starting with `-` is a hole.
  Rings are simplified (Douglas-Peucker, 0.002 degree, about 200 m), which moves a point's
  district only within a few hundred metres of a border.
"""

import gzip
import json
import os
import sys

REGIONS = {
    "Western Asia": "Middle East",
    "Northern Africa": "Northern Africa",
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Central Asia": "Caucasus and Central Asia",
    "Northern Europe": "Europe",
    "Western Europe": "Europe",
    "Southern Europe": "Europe",
    "Eastern Europe": "Europe",
    "Northern America": "North America",
    "Central America": "Central America",
    "Caribbean": "Caribbean",
    "South America": "South America",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
    "Seven seas (open ocean)": "",
}
ACLED_PLACES = {
    "EG": "Middle East",
    "IR": "Middle East",
    "TR": "Middle East",
    "AM": "Caucasus and Central Asia",
    "AZ": "Caucasus and Central Asia",
    "GE": "Caucasus and Central Asia",
    "CY": "Europe",
    "MX": "Central America",
}
# Natural Earth leaves these codes out (-99) for its own reasons; ISO 3166-1 has them.
MISSING = {"FR": (250, "Europe"), "NO": (578, "Europe")}
TOL = 0.002


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)["features"]


def countries(src, out):
    rows = {}
    for f in load(os.path.join(src, "natural-earth", "ne_50m_admin_0_countries.geojson.gz")):
        p = f["properties"]
        a2 = p.get("ISO_A2") if p.get("ISO_A2") not in (None, "-99") else p.get("ISO_A2_EH")
        n3 = p.get("ISO_N3") if p.get("ISO_N3") not in (None, "-99") else p.get("ISO_N3_EH")
        if not a2 or a2 == "-99" or not n3 or n3 == "-99":
            continue
        region = ACLED_PLACES.get(a2, REGIONS.get(p.get("SUBREGION", ""), ""))
        rows[a2] = (int(n3), region)
    for a2, row in MISSING.items():
        rows.setdefault(a2, row)
    with open(out, "w", encoding="utf-8") as w:
        w.write("# ISO 3166-1 alpha-2, numeric, ACLED region; from Natural Earth 1:50m countries"
                " (public domain) by data/admin/build.py\n")
        for a2 in sorted(rows):
            n3, region = rows[a2]
            w.write(f"{a2}\t{n3}\t{region}\n")


def simplify(points, tol):
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = 0.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, at = d, i
        if best > tol and at > 0:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def acled_spelling(name):
    """OCHA's "Deir-ez-Zor", "Dar'a", "A'zaz" as ACLED writes them: "Deir ez Zor", "Dara", "Azaz"."""
    return name.replace("-", " ").replace("'", "")


def districts(src, out):
    feats = load(os.path.join(src, "ocha-syria-admin", "syr_admbnda_adm2_uncs_unocha.geojson.gz"))
    lines = []
    for f in sorted(feats, key=lambda f: f["properties"]["ADM2_PCODE"]):
        p, g = f["properties"], f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = []
        for poly in polys:
            for k, ring in enumerate(poly):
                r = simplify([tuple(c[:2]) for c in ring], TOL)
                if len(r) < 4:
                    continue
                text = " ".join(f"{x:.5f},{y:.5f}" for x, y in r)
                rings.append(("-" if k else "") + text)
        lines.append("\t".join([acled_spelling(p["ADM1_EN"]), acled_spelling(p["ADM2_EN"])] + rings))
    with gzip.GzipFile(out, "wb", mtime=0) as w:
        w.write(("\n".join(lines) + "\n").encode("utf-8"))


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
    here = os.path.join(root, "data", "admin")
    countries(src, os.path.join(here, "countries.tsv"))
    districts(src, os.path.join(here, "syria-adm2.tsv.gz"))


if __name__ == "__main__":
    main()
