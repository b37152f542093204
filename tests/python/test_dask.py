"""examples/dask_extract.py on a LocalCluster of two worker processes: its partitioned
GeoParquet holds exactly the incidents the CLI writes for the same corpus."""

import importlib.util

import pytest

from conftest import ROOT, write_corpus

pytest.importorskip("dask")
pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")


def load_example():
    spec = importlib.util.spec_from_file_location("dask_extract", ROOT / "examples" / "dask_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dask_example_equals_the_cli_on_2000_articles(cli, tmp_path):
    from dask.distributed import Client, LocalCluster

    corpus = write_corpus(2000, tmp_path / "corpus.jsonl")
    cli("extract", corpus, "-q", "--format", "parquet", "-o", tmp_path / "cli.parquet")
    example = load_example()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        # 1 MiB blocks: about six partitions, so both workers get several.
        n = example.run(str(corpus), str(tmp_path / "out"), client, blocksize="1MiB")
    parts = sorted((tmp_path / "out").glob("part-*.parquet"))
    assert len(parts) >= 4
    got = [r for p in parts for r in pq.read_table(p).to_pylist()]
    expected = pq.read_table(tmp_path / "cli.parquet").to_pylist()
    assert n == len(got) == len(expected) > 2000
    assert got == expected
