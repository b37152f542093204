#!/usr/bin/env python3
"""Build incimap's bundled basemap (data/basemap/*.imb.gz) from Natural Earth and OCHA files.

Usage: python3 data/basemap/build.py [SOURCE_DIR]

SOURCE_DIR holds the inputs as shipped in the project's shared data folder (default
../shared/data, relative to the repository root): natural-earth/*.geojson.gz,
natural-earth/mideast/*.me.geojson.gz and ocha-syria-admin/*.geojson.gz. The script needs
only the Python standard library and always writes the same bytes for the same inputs.

Three files are written:

* world.imb.gz: the whole world at about 1:50m detail (lines simplified to 0.01 degree):
  land, lakes, major rivers, country borders, first-level admin borders of the large
  countries.
* places.imb.gz: country label points and every Natural Earth populated place (1:10m).
* mideast.imb.gz: Natural Earth 1:10m layers clipped to lon 25..55, lat 25..43 (lines
  simplified to 0.0002 degree): land, coastline, lakes, rivers (the Euphrates, Lake Assad),
  land borders, disputed lines, and Syria's governorate borders and names (OCHA COD-AB).

Format (read by src/render/basemap.rs): gzip of
  b"IMBM1\\n", varint layer count, then per layer: string name, u8 kind (1 polygons,
  2 lines, 3 points), varint feature count, then per feature: string name, u8 min zoom x 10,
  u8 rank, varint population, varint part count, per part: varint point count and the points
  as zigzag-varint deltas (lon, lat) in 1e-5 degree from the previous point of the feature.
Strings are a varint byte length and UTF-8 bytes.
"""

import collections
import gzip
import json
import math
import os
import sys

Q = 1e5  # quantisation: 1e-5 degree
# Natural Earth names some river sections in the local language; maps say the English name.
RIVER_NAMES = {
    "Al Furat": "Euphrates",
    "Firat": "Euphrates",
    "Dicle": "Tigris",
    "Kiz?lirmak": "Kizilirmak",
    "Byk Menderes": "Buyuk Menderes",
}
ME_BOX = (25.0, 25.0, 55.0, 43.0)


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)["features"]


def parts_of(geom):
    """Rings or lines of a geometry, as lists of (lon, lat)."""
    if geom is None:
        return []
    t, c = geom["type"], geom["coordinates"]
    if t == "Polygon":
        return [c_ for c_ in c]
    if t == "MultiPolygon":
        return [r for p in c for r in p]
    if t == "LineString":
        return [c]
    if t == "MultiLineString":
        return list(c)
    if t == "Point":
        return [[c]]
    raise ValueError(t)


def polygons_of(geom):
    t, c = geom["type"], geom["coordinates"]
    return [c] if t == "Polygon" else list(c)


def simplify(pts, tol):
    """Douglas-Peucker; keeps the first and last point."""
    if tol <= 0 or len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(pts, keep) if k]


def quantise(pts):
    out = []
    for x, y in pts:
        q = (round(x * Q), round(y * Q))
        if not out or out[-1] != q:
            out.append(q)
    return out


def ring_extent(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return max(xs) - min(xs), max(ys) - min(ys)


def shared_edges(features):
    """Borders between neighbouring polygons: segments two polygons share, chained into
    lines. Outer edges (the country's own border, the coast) are left out."""
    count = collections.Counter()
    for f in features:
        for ring in parts_of(f["geometry"]):
            q = quantise(ring)
            for a, b in zip(q, q[1:]):
                if a != b:
                    count[(min(a, b), max(a, b))] += 1
    adj = collections.defaultdict(list)
    for (a, b), n in sorted(count.items()):
        if n >= 2:
            adj[a].append(b)
            adj[b].append(a)
    used = set()
    lines = []

    def walk(start, nxt):
        line = [start, nxt]
        used.add((min(start, nxt), max(start, nxt)))
        prev, cur = start, nxt
        while len(adj[cur]) == 2:
            a, b = adj[cur]
            n = b if a == prev else a
            e = (min(cur, n), max(cur, n))
            if e in used:
                break
            used.add(e)
            line.append(n)
            prev, cur = cur, n
        return line

    for node in sorted(adj):
        if len(adj[node]) != 2:
            for n in adj[node]:
                if (min(node, n), max(node, n)) not in used:
                    lines.append(walk(node, n))
    for node in sorted(adj):  # closed loops (an enclave)
        for n in adj[node]:
            if (min(node, n), max(node, n)) not in used:
                lines.append(walk(node, n))
    return [[(x / Q, y / Q) for x, y in line] for line in lines]


def label_point(geom):
    """A point well inside the largest polygon: the grid point farthest from its edges."""
    best_poly, best_area = None, -1
    for poly in polygons_of(geom):
        w, h = ring_extent(poly[0])
        if w * h > best_area:
            best_poly, best_area = poly, w * h
    ring = simplify(best_poly[0], 0.05)
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    segs = list(zip(ring, ring[1:]))

    def inside(x, y):
        c = False
        for (ax, ay), (bx, by) in segs:
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                c = not c
        return c

    def edge_dist(x, y):
        d = float("inf")
        for (ax, ay), (bx, by) in segs:
            dx, dy = bx - ax, by - ay
            t = 0 if dx == dy == 0 else max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
            d = min(d, math.hypot(x - ax - t * dx, y - ay - t * dy))
        return d

    n = 24
    best, at = -1, ((x0 + x1) / 2, (y0 + y1) / 2)
    for i in range(n):
        for j in range(n):
            x = x0 + (x1 - x0) * (i + 0.5) / n
            y = y0 + (y1 - y0) * (j + 0.5) / n
            if inside(x, y):
                d = edge_dist(x, y)
                if d > best:
                    best, at = d, (x, y)
    return at


def varint(out, n):
    assert n >= 0
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def zigzag(n):
    return (n << 1) ^ (n >> 63) if n >= 0 else ((-n) << 1) - 1


def string(out, s):
    b = (s or "").encode("utf-8")
    varint(out, len(b))
    out.extend(b)


class Layer:
    def __init__(self, name, kind):
        self.name, self.kind, self.features = name, kind, []

    def add(self, name, min_zoom, rank, pop, parts, tol, min_extent=0.0):
        qparts = []
        for p in parts:
            if min_extent and len(p) > 1:
                w, h = ring_extent(p)
                if max(w, h) < min_extent:
                    continue
            q = quantise(simplify([(float(x), float(y)) for x, y, *_ in p], tol))
            if self.kind == 1 and len(q) < 4:
                continue
            if self.kind == 2 and len(q) < 2:
                continue
            qparts.append(q)
        if qparts:
            mz = max(0, min(255, round((min_zoom or 0) * 10)))
            self.features.append((name or "", mz, max(0, min(255, int(rank or 0))), int(pop or 0), qparts))

    def encode(self, out):
        string(out, self.name)
        out.append(self.kind)
        varint(out, len(self.features))
        for name, mz, rank, pop, parts in self.features:
            string(out, name)
            out.append(mz)
            out.append(rank)
            varint(out, max(0, pop))
            varint(out, len(parts))
            px, py = 0, 0
            for part in parts:
                varint(out, len(part))
                for x, y in part:
                    varint(out, zigzag(x - px))
                    varint(out, zigzag(y - py))
                    px, py = x, y

    def points(self):
        return sum(len(p) for f in self.features for p in f[4])


def write(path, layers):
    out = bytearray(b"IMBM1\n")
    varint(out, len(layers))
    for layer in layers:
        layer.encode(out)
    with open(path, "wb") as f:
        # mtime=0 and no file name: the same inputs give the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(bytes(out))
    size = os.path.getsize(path)
    print(f"{path}: {size / 1024:.0f} KB", file=sys.stderr)
    for layer in layers:
        print(f"  {layer.name}: {len(layer.features)} features, {layer.points()} points", file=sys.stderr)


def build_world(src, out_dir):
    ne = os.path.join(src, "natural-earth")
    layers = []

    land = Layer("land", 1)
    for f in load(os.path.join(ne, "ne_10m_land.geojson.gz")):
        land.add("", f["properties"].get("min_zoom"), f["properties"].get("scalerank"), 0,
                 parts_of(f["geometry"]), 0.01, min_extent=0.08)
    layers.append(land)

    lakes = Layer("lakes", 1)
    for f in load(os.path.join(ne, "ne_10m_lakes.geojson.gz")):
        p = f["properties"]
        if (p.get("min_zoom") or 9) <= 5.0:
            lakes.add(p.get("name"), p.get("min_zoom"), p.get("scalerank"), 0,
                      parts_of(f["geometry"]), 0.01, min_extent=0.05)
    layers.append(lakes)

    rivers = Layer("rivers", 2)
    for f in load(os.path.join(ne, "ne_10m_rivers_lake_centerlines.geojson.gz")):
        p = f["properties"]
        if (p.get("min_zoom") or 9) <= 5.0:
            name = p.get("name_en") or p.get("name")
            rivers.add(RIVER_NAMES.get(name, name), p.get("min_zoom"), p.get("scalerank"), 0,
                       parts_of(f["geometry"]), 0.01)
    layers.append(rivers)

    borders = Layer("borders", 2)
    for f in load(os.path.join(ne, "ne_10m_admin_0_boundary_lines_land.geojson.gz")):
        p = f["properties"]
        borders.add("", p.get("min_zoom"), p.get("scalerank"), 0, parts_of(f["geometry"]), 0.01)
    layers.append(borders)

    admin1 = Layer("admin1", 2)
    for line in shared_edges(load(os.path.join(ne, "ne_50m_admin_1_states_provinces.geojson.gz"))):
        admin1.add("", 0, 0, 0, [line], 0.01)
    layers.append(admin1)

    countries = Layer("countries", 3)  # label points, written with the places
    for f in load(os.path.join(ne, "ne_50m_admin_0_countries.geojson.gz")):
        p = f["properties"]
        x, y = label_point(f["geometry"])
        countries.add(p.get("NAME"), p.get("MIN_LABEL"), p.get("LABELRANK"), p.get("POP_EST"),
                      [[(x, y)]], 0)
    write(os.path.join(out_dir, "world.imb.gz"), layers)
    layers = [countries]

    places = Layer("places", 3)
    for f in load(os.path.join(ne, "ne_10m_populated_places.geojson.gz")):
        p = f["properties"]
        if "capital" in (p.get("FEATURECLA") or "").lower() and "Admin-0" in p["FEATURECLA"]:
            rank = 0
        else:
            rank = 1 + int(p.get("SCALERANK") or 10)
        name = p.get("NAME_EN") or p.get("NAMEASCII") or p.get("NAME")
        places.add(name, p.get("min_zoom"), rank, p.get("POP_MAX"), [[f["geometry"]["coordinates"]]], 0)
    layers.append(places)
    write(os.path.join(out_dir, "places.imb.gz"), layers)


def build_mideast(src, out_dir):
    me = os.path.join(src, "natural-earth", "mideast")
    tol = 0.0002
    layers = []

    def simple(name, kind, file, min_extent=0.0, label=None):
        layer = Layer(name, kind)
        for f in load(os.path.join(me, file)):
            p = f["properties"]
            layer.add(p.get(label) if label else "", p.get("min_zoom"), p.get("scalerank"), 0,
                      parts_of(f["geometry"]), tol, min_extent)
        layers.append(layer)

    simple("land", 1, "ne_10m_land.me.geojson.gz", 0.01)
    simple("coast", 2, "ne_10m_coastline.me.geojson.gz", 0.01)
    simple("lakes", 1, "ne_10m_lakes.me.geojson.gz", 0.005, label="name")
    rivers = Layer("rivers", 2)
    for f in load(os.path.join(me, "ne_10m_rivers_lake_centerlines.me.geojson.gz")):
        p = f["properties"]
        name = p.get("name_en") or p.get("name")
        rivers.add(RIVER_NAMES.get(name, name), p.get("min_zoom"), p.get("scalerank"), 0,
                   parts_of(f["geometry"]), tol)
    layers.append(rivers)
    simple("borders", 2, "ne_10m_admin_0_boundary_lines_land.me.geojson.gz")
    simple("disputed", 2, "ne_10m_admin_0_boundary_lines_disputed_areas.me.geojson.gz")

    ocha = load(os.path.join(src, "ocha-syria-admin", "syr_admbnda_adm1_uncs_unocha.geojson.gz"))
    admin1 = Layer("admin1", 2)
    for line in shared_edges(ocha):
        admin1.add("", 0, 0, 0, [line], tol)
    layers.append(admin1)
    labels = Layer("admin1_labels", 3)
    for f in ocha:
        x, y = label_point(f["geometry"])
        labels.add(f["properties"]["ADM1_EN"], 6.0, 0, 0, [[(x, y)]], 0)
    layers.append(labels)

    write(os.path.join(out_dir, "mideast.imb.gz"), layers)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
    out_dir = os.path.dirname(os.path.abspath(__file__))
    build_world(src, out_dir)
    build_mideast(src, out_dir)


if __name__ == "__main__":
    main()
