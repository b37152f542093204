"""The Python API against the CLI on the same text: the same incidents, places and
candidates; offsets that index the Python str; bad input refused with a clear exception."""

import datetime
import json
import sys

import pytest

import incimap
from conftest import SEED, SEED_DATE, geojson_incidents


def cli_seed_incidents(cli):
    return geojson_incidents(cli("extract", SEED, "--date", SEED_DATE, "-q"))


def test_seed_incidents_equal_the_clis(cli, seed_text):
    expected = cli_seed_incidents(cli)
    got = incimap.extract(seed_text, date=SEED_DATE, doc_id=SEED.name)
    assert len(expected) >= 5, "the seed article reports several incidents"
    # Points, types and fatalities first, for a readable failure; then everything.
    brief = lambda xs: [
        (x["longitude"], x["latitude"], x["event_type"], x["sub_event_type"], x["fatalities"])
        for x in xs
    ]
    assert brief(got) == brief(expected)
    assert got == expected
    assert all(isinstance(i["fatalities"], int) for i in got)


def test_extract_takes_a_datetime_date_and_the_default_doc_id(seed_text):
    by_str = incimap.extract(seed_text, date=SEED_DATE)
    by_date = incimap.extract(seed_text, date=datetime.date(2014, 6, 20))
    assert by_str == by_date
    assert {i["source_id"] for i in by_str} == {"text"}


def test_places_equal_the_clis(cli, seed_text):
    expected = [json.loads(line) for line in cli("places", SEED, "-q").splitlines()]
    got = incimap.places(seed_text)
    assert len(got) == len(expected) > 10
    for g, e in zip(got, expected):
        assert g["doc"] == "text" and e["doc"] == SEED.name
        g, e = dict(g, doc=None), dict(e, doc=None)
        assert g == e


def test_place_offsets_index_the_python_str(seed_text):
    # The seed has curly quotes and no-break spaces before most places: byte offsets
    # would be off by two or more.
    found = incimap.places(seed_text)
    assert any(ord(c) > 127 for c in seed_text[: found[-1]["start"]])
    for m in found:
        assert seed_text[m["start"] : m["end"]] == m["text"]


def test_place_offsets_after_arabic_text():
    text = (
        "قال ناشطون إن الطيران الحربي قصف الأحياء المحاصرة. "
        "Warplanes struck Deir ez-Zor on Tuesday, and clashes were reported in Mayadin."
    )
    found = incimap.places(text, country="SY")
    names = [m["text"] for m in found]
    assert "Deir ez-Zor" in names and "Mayadin" in names
    for m in found:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["start"] > 40, "counted in code points, after the Arabic sentence"


def test_arabic_place_names_are_found_where_the_gazetteer_has_them():
    text = "سقطت قذائف على مدينة دير الزور صباح اليوم."
    for m in incimap.places(text):
        assert text[m["start"] : m["end"]] == m["text"]


def test_gazetteer_lookup_equals_the_clis(cli):
    expected = [
        json.loads(line)
        for line in cli(
            "gazetteer", "lookup", "Deir ez-Zor", "--format", "json", "--limit", "3"
        ).splitlines()
    ]
    got = incimap.Gazetteer().lookup("Deir ez-Zor", limit=3)
    assert got == expected
    assert got[0]["country"] == "SY"
    only_iq = incimap.Gazetteer().lookup("Mosul", country="IQ", limit=0)
    assert only_iq and all(c["country"] == "IQ" for c in only_iq)


def test_user_gazetteer_adds_places(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text("name,lat,lon,kind,country,parent,aliases\nZzyzx Camp,35.1,40.2,village,SY,,\n")
    g = incimap.Gazetteer([csv])
    best = g.lookup("Zzyzx Camp", limit=1)[0]
    assert (best["lat"], best["lon"]) == (35.1, 40.2)
    assert not incimap.Gazetteer().lookup("Zzyzx Camp", limit=1)
    assert "mine.csv" in repr(g)


def test_user_gazetteer_bad_rows_are_skipped_with_a_warning(tmp_path):
    csv = tmp_path / "typos.csv"
    csv.write_text(
        "name,lat,lon,kind,country,parent,aliases\n"
        "Zzyzx Camp,35.1,40.2,village,SY,,\n"
        "Qwxz Farm,135.3,40.2,village,SY,,\n"
    )
    with pytest.warns(UserWarning, match=r"typos.csv: 1 row\(s\) skipped .*135.3"):
        g = incimap.Gazetteer([csv])
    assert g.lookup("Zzyzx Camp", limit=1)[0]["lat"] == 35.1
    assert not g.lookup("Qwxz Farm", limit=1)


def test_extract_many_is_the_same_with_one_and_two_threads(corpus):
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    one = incimap.extract_many(rows, threads=1)
    two = incimap.extract_many(iter(rows), threads=2)
    default = incimap.extract_many(rows)
    assert len(one) > len(rows)
    assert one == two == default
    # Input order: the source ids come in the corpus's order.
    order = [int(i["source_id"]) for i in one]
    assert order == sorted(order)


def test_extract_many_equals_the_cli_on_a_corpus(cli, corpus):
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    expected = geojson_incidents(cli("extract", corpus, "-q"))
    assert incimap.extract_many(rows, threads=2) == expected


def test_extract_many_reads_a_note_naming_no_country_as_its_feed_does():
    karak = "Unidentified gunmen attacked two checkpoints in the town of Karak."
    feed = [
        karak,
        "Regime forces shelled Khan Shaykhun in southern Idlib, killing two civilians.",
        "Clashes broke out between the SDF and Islamic State fighters in Hajin, Deir ez-Zor.",
        "Russian warplanes struck Kafr Nabl in Idlib countryside.",
    ]
    rows = [{"id": f"n{n}", "text": t} for n, t in enumerate(feed)]
    of_karak = [i for i in incimap.extract_many(rows) if i["source_id"] == "n0"]
    assert of_karak and all(i["country"] == "SY" for i in of_karak), of_karak
    # Alone, nothing in the note says Syria.
    assert all(i["country"] != "SY" for i in incimap.extract(karak))


TOO_LONG = "Shelling hit Aleppo. " * (50 * 1024 * 1024 // 21 + 1)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: incimap.extract(None), TypeError, "got None"),
        (lambda: incimap.extract(b"Shelling hit Aleppo."), TypeError, "decode it first"),
        (lambda: incimap.places(42), TypeError, "got int"),
        (lambda: incimap.extract(TOO_LONG), ValueError, "the limit is 10 MB"),
        (lambda: incimap.places(TOO_LONG), ValueError, "the limit is 10 MB"),
        (lambda: incimap.extract("x", date="2014-13-45"), ValueError, "is not a date"),
        (lambda: incimap.extract("x", date="yesterday"), ValueError, "YYYY-MM-DD"),
        (lambda: incimap.places("x", date="20/06/2014"), ValueError, "is not a date"),
        (lambda: incimap.extract("x", date=20140620), TypeError, "datetime.date"),
        (lambda: incimap.extract("x", country="Syria"), ValueError, "two-letter"),
        (lambda: incimap.extract("lone \ud800 surrogate"), ValueError, "surrogate"),
        (lambda: incimap.extract_many([{"id": "a"}]), ValueError, "item 0: no \"text\""),
        (lambda: incimap.extract_many([{"text": None}]), TypeError, "item 0: text must be a str"),
        (lambda: incimap.extract_many(["text"]), TypeError, "item 0: expected a dict"),
        (lambda: incimap.extract_many("text"), TypeError, "iterable of dicts"),
        (lambda: incimap.extract_many(None), TypeError, "iterable of dicts"),
        (lambda: incimap.extract_many([{"text": "x", "date": "soon"}]), ValueError, "is not a date"),
        (lambda: incimap.extract_many([], threads=0), ValueError, "threads must be 1 or more"),
        (lambda: incimap.Gazetteer("places.csv"), TypeError, "list of paths"),
        (lambda: incimap.Gazetteer(["/nonexistent/places.csv"]), ValueError, "places.csv"),
        (lambda: incimap.Gazetteer().lookup(None), TypeError, "got None"),
        (lambda: incimap.Gazetteer().lookup("Homs", near=(200, 0)), ValueError, "(lon, lat)"),
        (lambda: incimap.write_geoparquet([{"fatalities": "five"}], "/tmp/x.parquet"), TypeError,
         "fatalities must be an int"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error) as e:
        call()
    assert words in str(e.value)


def test_the_interpreter_survives_bad_input_and_works_after(seed_text):
    for bad in (None, b"bytes", TOO_LONG, "\ud800"):
        with pytest.raises((TypeError, ValueError)):
            incimap.extract(bad)
    assert incimap.extract(seed_text, date=SEED_DATE)


def test_to_geodataframe_has_the_points(seed_text):
    geopandas = pytest.importorskip("geopandas")
    incidents = incimap.extract(seed_text, date=SEED_DATE)
    gdf = incimap.to_geodataframe(incidents)
    assert isinstance(gdf, geopandas.GeoDataFrame)
    assert list(gdf.columns[: len(incimap.COLUMNS)]) == list(incimap.COLUMNS)
    for (_, row), i in zip(gdf.iterrows(), incidents):
        if i["longitude"] is None:
            assert row.geometry.is_empty
        else:
            assert (row.geometry.x, row.geometry.y) == (i["longitude"], i["latitude"])


def test_to_geodataframe_without_geopandas_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(ImportError, match="pip install geopandas"):
        incimap.to_geodataframe([])
