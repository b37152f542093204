"""The CLI's GeoParquet as the tools people use read it: pyarrow, GeoPandas, DuckDB; its
`geo` metadata against the GeoParquet 1.1 JSON schema; Python's writer the same schema."""

import json
import re

import pytest

import incimap
from conftest import SCHEMA, SEED, SEED_DATE, geojson_incidents

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def corpus_files(cli, corpus, tmp_path_factory):
    """The corpus's incidents as GeoJSON and as GeoParquet, both from the CLI."""
    d = tmp_path_factory.mktemp("gpq")
    cli("extract", corpus, "-q", "-o", d / "incidents.geojson")
    cli("extract", corpus, "-q", "--format", "parquet", "-o", d / "incidents.parquet")
    return d / "incidents.geojson", d / "incidents.parquet"


def geo(path):
    return json.loads(pq.read_schema(path).metadata[b"geo"])


def test_pyarrow_reads_the_clis_file_with_typed_columns(corpus_files):
    geojson, parquet = corpus_files
    table = pq.read_table(parquet)
    expected = geojson_incidents(geojson.read_text(encoding="utf-8"))
    assert table.num_rows == len(expected) > 300
    schema = table.schema
    assert schema.field("fatalities").type == pa.int32()
    assert schema.field("fatalities_known").type == pa.bool_()
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("confidence").type == pa.float64()
    assert schema.field("geometry").type == pa.binary()
    assert schema.field("bbox").type == pa.struct(
        [(k, pa.float64()) for k in ("xmin", "ymin", "xmax", "ymax")]
    )
    rows = table.drop_columns(["geometry", "bbox"]).to_pylist()
    for r, e in zip(rows, expected):
        r["event_date"] = r["event_date"] and r["event_date"].isoformat()
        e = {k: v for k, v in e.items() if k not in ("latitude", "longitude")}
        assert r == e
    meta = pq.ParquetFile(parquet).metadata
    assert meta.row_group(0).column(0).compression == "SNAPPY"


def test_geo_metadata_validates_against_the_geoparquet_1_1_schema(corpus_files):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    meta = geo(corpus_files[1])
    jsonschema.validate(meta, schema)
    assert meta["version"] == "1.1.0"
    column = meta["columns"][meta["primary_column"]]
    assert column["geometry_types"] == ["Point"]
    assert column["covering"]["bbox"]["xmin"] == ["bbox", "xmin"]
    # The schema has teeth: a 1.0 file, or a covering path to the wrong field, fails.
    for bad in (dict(meta, version="1.0.0"),
                {**meta, "columns": {"geometry": {**column, "covering": {"bbox": {
                    **column["covering"]["bbox"], "xmin": ["bbox", "ymin"]}}}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_geopandas_reads_the_same_points_as_the_geojson(corpus_files):
    geopandas = pytest.importorskip("geopandas")
    geojson, parquet = corpus_files
    gdf = geopandas.read_parquet(parquet)
    expected = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert len(gdf) == len(expected)
    assert gdf.crs.to_epsg() == 4326 or "CRS84" in gdf.crs.to_string()
    for geom, f in zip(gdf.geometry, expected):
        if f["geometry"] is None:
            assert geom is None or geom.is_empty
        else:
            assert [geom.x, geom.y] == f["geometry"]["coordinates"]
    assert list(gdf["id"]) == [f["id"] for f in expected]


def test_duckdb_counts_by_event_type_match_query_stats(cli, corpus_files):
    duckdb = pytest.importorskip("duckdb")
    geojson, parquet = corpus_files
    stats = cli("query", geojson, "--stats", "-q")
    section = stats.split("by event_type\n")[1].split("by admin1")[0]
    expected = {m[2]: int(m[1]) for m in re.finditer(r"^\s+(\d+)\s+(.+)$", section, re.M)}
    got = dict(
        duckdb.sql(
            f"SELECT event_type, count(*) FROM read_parquet('{parquet}') GROUP BY event_type"
        ).fetchall()
    )
    assert got == expected and sum(got.values()) > 300
    total = int(re.search(r"incidents\s+(\d+)", stats)[1])
    fatalities = float(re.search(r"fatalities\s+(\S+)", stats)[1])
    (n, f), = duckdb.sql(f"SELECT count(*), sum(fatalities) FROM '{parquet}'").fetchall()
    assert (n, float(f)) == (total, fatalities)


def test_python_writes_the_schema_and_rows_the_cli_writes(cli, seed_text, tmp_path):
    cli("extract", SEED, "--date", SEED_DATE, "-q", "--format", "parquet", "-o", tmp_path / "cli.parquet")
    incidents = incimap.extract(seed_text, date=SEED_DATE, doc_id=SEED.name)
    assert incimap.write_geoparquet(incidents, tmp_path / "py.parquet") == len(incidents)
    a, b = pq.read_table(tmp_path / "cli.parquet"), pq.read_table(tmp_path / "py.parquet")
    assert a.schema.remove_metadata() == b.schema.remove_metadata()
    assert a.to_pylist() == b.to_pylist()
    assert geo(tmp_path / "cli.parquet") == geo(tmp_path / "py.parquet")


def test_query_and_layers_write_geoparquet(cli, corpus_files, tmp_path):
    geojson, _ = corpus_files
    kind = "Strategic developments"
    cli("query", geojson, "--type", kind, "-q", "-o", tmp_path / "chosen.parquet")
    chosen = pq.read_table(tmp_path / "chosen.parquet")
    assert chosen.num_rows > 0
    assert set(chosen.column("event_type").to_pylist()) == {kind}
    assert chosen.schema.field("fatalities").type == pa.int32()
    cli("layers", geojson, "-q", "--format", "parquet", "-o", tmp_path / "layers")
    index = json.loads((tmp_path / "layers" / "index.json").read_text())
    total = 0
    for layer in index["layers"]:
        t = pq.read_table(tmp_path / "layers" / layer["file"])
        assert t.num_rows == layer["count"]
        total += t.num_rows
    assert total == pq.read_metadata(corpus_files[1]).num_rows
