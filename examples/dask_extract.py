#!/usr/bin/env python3
"""Extract incidents from a JSON Lines corpus on a Dask cluster, into partitioned GeoParquet.

Each article's incidents depend on its text alone, so the corpus is cut into partitions
(blocks of lines), every worker runs ``incimap.extract_many`` on its partitions, and each
partition becomes one GeoParquet file, ``part-00000.parquet``, ``part-00001.parquet``, ...
in partition order. Read in file-name order, the rows are exactly what
``incimap extract CORPUS --format parquet`` writes.

    python examples/dask_extract.py corpus.jsonl out/               # a local cluster
    python examples/dask_extract.py corpus.jsonl out/ --workers 8
    python examples/dask_extract.py corpus.jsonl out/ --scheduler tcp://scheduler:8786

Every worker needs ``pip install ./python`` (the incimap package); the gazetteer is loaded
once per worker process. Read the result back with DuckDB
(``SELECT * FROM read_parquet('out/*.parquet')``), GeoPandas or pyarrow.dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib

import dask.bag
from dask import delayed
from dask.distributed import Client, LocalCluster

import incimap


def extract_partition(lines: list[str], threads: int = 1) -> list[dict]:
    """The incidents of one partition's JSON Lines, in order; blank lines passed over."""
    articles = (json.loads(line) for line in lines if line.strip())
    return incimap.extract_many(articles, threads=threads)


def write_partition(lines: list[str], path: str, threads: int = 1) -> int:
    """Extract one partition and write its GeoParquet file; returns the incidents written."""
    return incimap.write_geoparquet(extract_partition(lines, threads), path)


def run(corpus: str, out: str, client: Client, blocksize: str = "16MiB", threads: int = 1) -> int:
    """Extract ``corpus`` into ``out``/part-NNNNN.parquet on ``client``'s cluster; returns the
    number of incidents. Files of an earlier run in ``out`` are removed first, so the folder
    holds this run's partitions only."""
    folder = pathlib.Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    lines = dask.bag.read_text(corpus, blocksize=blocksize)
    parts = lines.to_delayed()
    writes = [
        delayed(write_partition)(part, str(folder / f"part-{k:05d}.parquet"), threads)
        for k, part in enumerate(parts)
    ]
    return sum(client.compute(writes, sync=True))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="JSON Lines: one {id, date, title, text, url} object a line")
    p.add_argument("out", help="folder for part-NNNNN.parquet")
    p.add_argument("--scheduler", help="address of a running scheduler (default: a local cluster)")
    p.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                   help="worker processes of the local cluster")
    p.add_argument("--blocksize", default="16MiB", help="bytes of the corpus a partition")
    a = p.parse_args()
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    with client:
        n = run(a.corpus, a.out, client, a.blocksize)
    print(f"{n} incidents written to {a.out}")


if __name__ == "__main__":
    main()
