"""Type stubs of incimap's Rust extension (python/src/lib.rs)."""

from __future__ import annotations

import datetime
import os
from typing import Any, Iterable, Mapping, Sequence, TypedDict

__version__: str

COLUMNS: tuple[str, ...]
"""The incident columns, in the order every format writes them."""

MAX_TEXT_BYTES: int
"""The longest text ``places``/``extract`` accept, in UTF-8 bytes (10 MiB)."""

DateLike = str | datetime.date

class Mention(TypedDict):
    """One place mention, with the fields of ``incimap places``."""

    doc: str
    start: int
    end: int
    text: str
    name: str | None
    lat: float | None
    lon: float | None
    feature_code: str | None
    country: str | None
    admin1: str | None
    geonameid: int | None
    kind: str
    precision: int | None
    confidence: float

class Incident(TypedDict):
    """One incident: the properties ``incimap extract`` writes, plus the point."""

    id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    fatalities: int
    fatalities_known: bool
    country: str | None
    admin1: str | None
    location: str | None
    geo_precision: int
    source_id: str
    source_title: str
    source_url: str | None
    sentence: int
    span_start: int
    span_end: int
    confidence: float
    far_km: float | None
    notes: str
    latitude: float | None
    longitude: float | None

class Candidate(TypedDict):
    """A place a name may refer to, as ``incimap gazetteer lookup --format json``."""

    name: str
    lat: float
    lon: float
    feature_code: str
    country: str
    admin1: str
    population: int
    geonameid: int | None
    source: str
    score: float

def places(
    text: str, *, country: str | None = None, date: DateLike | None = None
) -> list[Mention]:
    """Every place mention in ``text``, resolved, in text order.

    ``start``/``end`` are offsets into the Python ``str`` (code points), so
    ``text[m["start"]:m["end"]] == m["text"]``. ``country`` (ISO alpha-2) is the country the
    text is about, otherwise inferred; ``date`` its publication date.

    Raises TypeError for a text that is not a str (None, bytes), ValueError for one longer
    than ``MAX_TEXT_BYTES``, a bad date or country.

    >>> [m["name"] for m in incimap.places("Shelling hit Aleppo and Idlib.")]
    ['Aleppo', 'Idlib']
    """

def extract(
    text: str,
    *,
    date: DateLike | None = None,
    country: str | None = None,
    doc_id: str | None = None,
) -> list[Incident]:
    """The incidents ``text`` reports, each as ``incimap extract`` writes it (its
    properties, rounded as every format rounds them) plus ``latitude``/``longitude``
    (None without a location).

    ``date`` is the CLI's ``--date``: the publication date relative dates ("on
    Wednesday") count back from when the text has no dateline. ``doc_id`` (default
    ``"text"``) is the CLI's document id (a file's name), from which incident ids are made.

    >>> incidents = incimap.extract(text, date="2014-06-20", doc_id="report-1")
    >>> sorted({i["event_type"] for i in incidents})  # doctest: +SKIP
    ['Battles', 'Explosions/Remote violence']
    """

def extract_many(
    articles: Iterable[Mapping[str, Any]],
    threads: int | None = None,
    *,
    date: DateLike | None = None,
    country: str | None = None,
) -> list[Incident]:
    """The incidents of many articles, in input order, as one flat list.

    Each article is a dict as a line of the CLI's JSON Lines input:
    ``{"id": ..., "text": ..., "date": ..., "title": ..., "url": ...}`` (``text``
    required; ``id`` defaults to the article's position). Articles are extracted on
    ``threads`` worker threads (default: every core) with the GIL released; the output is
    the same whatever the count. ``articles`` may be a generator: it is read a chunk at a
    time. ``date``/``country`` are the CLI's ``--date``/``--country``.

    >>> rows = [{"id": "a1", "date": "2014-06-20", "text": text}]
    >>> incimap.extract_many(rows, threads=2) == incimap.extract_many(rows, threads=1)
    True
    """

def write_geoparquet(incidents: Iterable[Mapping[str, Any]], path: str | os.PathLike[str]) -> int:
    """Write incidents (as ``extract`` returns them) to ``path`` as GeoParquet 1.1, with the
    columns, types and metadata of ``incimap extract --format parquet``; the file is
    written whole or not at all. Returns the number of rows written.

    >>> incimap.write_geoparquet(incimap.extract(text, date="2014-06-20"), "seed.parquet")  # doctest: +SKIP
    9
    """

class Gazetteer:
    """Place names to ranked places: the bundled gazetteer (and the imported GeoNames index,
    if ``incimap gazetteer import`` made one), plus user CSVs
    (``name,lat,lon,kind,country,parent,aliases``). Without user CSVs it is the process's one
    shared gazetteer.

    >>> g = incimap.Gazetteer()
    >>> g.lookup("Deir ez-Zor", country="SY", limit=1)[0]["name"]
    'Deir ez-Zor'
    """

    def __init__(self, user_csvs: Sequence[str | os.PathLike[str]] | None = ()) -> None: ...
    def lookup(
        self,
        name: str,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Ranked candidates for ``name``, best first: only in ``country`` (ISO alpha-2) if
        given, those near ``near`` (lon, lat) ranked up, at most ``limit`` (0: all)."""
