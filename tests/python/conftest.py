"""Shared fixtures of the Python tests: the CLI to compare with, the seed article, and a
generated corpus. Run by ci/test.sh in a fresh virtual environment with `incimap` installed
from ./python; see README.md here."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "samples" / "deir-ez-zor-2014.txt"
SEED_DATE = "2014-06-20"
SCHEMA = pathlib.Path(__file__).parent / "data" / "geoparquet-1.1.0.schema.json"

def _binary() -> pathlib.Path:
    given = os.environ.get("INCIMAP_BIN")
    if given:
        return pathlib.Path(given)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "incimap"
        if p.exists():
            return p
    pytest.exit("no incimap binary: run `cargo build` first or set INCIMAP_BIN", returncode=2)


@pytest.fixture(scope="session")
def cli():
    """Run the incimap CLI; returns its stdout (text). Fails the test on a non-zero exit."""
    binary = _binary()

    def run(*args, check=True):
        done = subprocess.run(
            [str(binary), *map(str, args)], capture_output=True, text=True, cwd=ROOT
        )
        if check and done.returncode != 0:
            raise AssertionError(f"incimap {' '.join(map(str, args))} failed:\n{done.stderr}")
        return done.stdout

    return run


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


def write_corpus(n, path):
    """The benchmarks' generated corpus (bench/corpus.py: the seed article with its towns and
    date varied), n articles as JSON Lines, into path."""
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, "bench/corpus.py", str(n)], stdout=out, cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """A 300-article JSON Lines corpus file."""
    return write_corpus(300, tmp_path_factory.mktemp("corpus") / "corpus.jsonl")


def geojson_incidents(text):
    """A GeoJSON FeatureCollection as extract() dicts: properties plus latitude/longitude."""
    out = []
    for f in json.loads(text)["features"]:
        d = dict(f["properties"])
        g = f["geometry"]
        d["longitude"], d["latitude"] = (g["coordinates"] if g else (None, None))
        out.append(d)
    return out
