"""incimap: conflict news reports to mapped, ACLED-style incidents.

The Rust library behind the ``incimap`` command, in Python. The same gazetteer, geoparser
and incident reader run here as in the CLI, so ``incimap.extract(text, date=...)`` gives
exactly the incidents ``incimap extract FILE --date ...`` writes.

>>> import incimap
>>> text = open("data/samples/deir-ez-zor-2014.txt", encoding="utf-8").read()
>>> incidents = incimap.extract(text, date="2014-06-20", doc_id="deir-ez-zor-2014.txt")
>>> incidents[0]["event_type"], incidents[0]["latitude"], incidents[0]["longitude"]  # doctest: +SKIP
('Explosions/Remote violence', 35.33588, 40.14084)

The gazetteer is loaded on first use and kept for the life of the process.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ._incimap import (  # noqa: F401  (re-exported)
    COLUMNS,
    MAX_TEXT_BYTES,
    Gazetteer,
    __version__,
    extract,
    extract_many,
    places,
    write_geoparquet,
)

__all__ = [
    "COLUMNS",
    "MAX_TEXT_BYTES",
    "Gazetteer",
    "extract",
    "extract_many",
    "places",
    "to_geodataframe",
    "write_geoparquet",
]


def to_geodataframe(incidents: Iterable[Mapping[str, Any]]):
    """Incidents (dicts as ``extract`` returns them) as a GeoPandas ``GeoDataFrame``.

    One row an incident, the columns of ``incimap.COLUMNS`` plus ``latitude`` and
    ``longitude``, and a point ``geometry`` in WGS84 (EPSG:4326), empty for an incident
    without a location. Needs GeoPandas (``pip install geopandas``).

    >>> gdf = incimap.to_geodataframe(incimap.extract(text, date="2014-06-20"))  # doctest: +SKIP
    >>> gdf.explore(column="event_type")  # doctest: +SKIP
    """
    try:
        import geopandas
        import pandas
        from shapely.geometry import Point
    except ImportError as e:
        raise ImportError(
            "incimap.to_geodataframe needs GeoPandas, which is not installed: "
            "pip install geopandas (or pip install 'incimap[geo]')"
        ) from e
    columns = list(COLUMNS) + ["latitude", "longitude"]
    rows = list(incidents)
    frame = pandas.DataFrame.from_records(rows, columns=columns)
    geometry = [
        Point(r.get("longitude"), r.get("latitude"))
        if r.get("longitude") is not None and r.get("latitude") is not None
        else Point()
        for r in rows
    ]
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
