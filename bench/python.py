#!/usr/bin/env python3
"""Python's extract_many against the CLI's extract on the same corpus, in documents/s.

Usage (from the repository root, in a virtual environment with `pip install ./python`, after
`cargo build --release`):

    python bench/python.py [DOCS] [--threads 2] [--runs 3]

The corpus is bench/corpus.py's (the seed article, varied). The CLI reads the JSON Lines file
and writes GeoJSON Lines to /dev/null; Python is timed twice: from the file (json.loads per
line included) and from dicts already in memory. Best of --runs each, in wall time and in CPU time
(user + system, all threads): the machine these figures come from is shared, and CPU time is
the steadier measure there. Both must give the same
incidents, which is checked.
"""

import argparse
import resource
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import incimap

p = argparse.ArgumentParser()
p.add_argument("docs", nargs="?", type=int, default=20000)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--runs", type=int, default=3)
p.add_argument("--bin", default="target/release/incimap")
a = p.parse_args()

tmp = Path(tempfile.mkdtemp())
corpus = tmp / "corpus.jsonl"
with open(corpus, "w") as out:
    subprocess.run([sys.executable, "bench/corpus.py", str(a.docs)], stdout=out, check=True)
size_mb = corpus.stat().st_size / 1e6


def cpu():
    """CPU seconds (user + system) of this process's threads and its waited-for children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def best(f):
    """Best wall time and best CPU time of --runs runs: on a shared machine the CPU time is
    the steadier measure of the work done."""
    walls, cpus = [], []
    for _ in range(a.runs):
        t, c = time.perf_counter(), cpu()
        r = f()
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return (min(walls), min(cpus)), r


def cli():
    subprocess.run([a.bin, "extract", str(corpus), "-q", "-j", str(a.threads),
                    "--format", "geojsonl", "-o", str(tmp / "out.geojsonl")], check=True)


def from_file():
    with open(corpus, encoding="utf-8") as f:
        return incimap.extract_many((json.loads(line) for line in f), threads=a.threads)


rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
cli_s, _ = best(cli)
file_s, found = best(from_file)
dicts_s, _ = best(lambda: incimap.extract_many(rows, threads=a.threads))

expected = [json.loads(line)["properties"] for line in (tmp / "out.geojsonl").open()]
assert [{k: v for k, v in i.items() if k not in ("latitude", "longitude")} for i in found] == expected

print(f"corpus: {a.docs} documents, {size_mb:.0f} MB; {len(found)} incidents; {a.threads} threads; best of {a.runs}")
print("| run | wall s | documents/s | vs CLI | CPU s | documents per CPU s | vs CLI |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, (w, c) in [("CLI `incimap extract` (file to GeoJSON Lines)", cli_s),
                     ("Python `extract_many`, JSON Lines file (json.loads included)", file_s),
                     ("Python `extract_many`, list of dicts in memory", dicts_s)]:
    print(f"| {name} | {w:.2f} | {a.docs / w:.0f} | {cli_s[0] / w * 100:.0f}% "
          f"| {c:.2f} | {a.docs / c:.0f} | {cli_s[1] / c * 100:.0f}% |")
