#!/usr/bin/env bash
# The one test command (the README's, and what .ci/run runs): every Rust test, then the Python
# package built from ./python into a fresh virtual environment and its tests (tests/python:
# the API against the CLI, GeoParquet read by pyarrow/GeoPandas/DuckDB, the Dask example).
#
# The Python half needs python3 >= 3.10 and a package index for the pinned test dependencies
# (python/requirements-test.txt). Without either it is skipped with a notice and the exit code
# is the Rust tests'; with an index that answers, any failure fails the run.
#
# Environment: INCIMAP_SLOW_TESTS=1 is set for the Rust tests; INCIMAP_TEST_VENV (default target/test-venv, made anew each run);
# PYTEST_ADDOPTS passes options to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The slow runs at scale (tests/cli/scale.rs, a few minutes in all) too; a plain `cargo test`
# skips them, saying so.
INCIMAP_SLOW_TESTS=1 cargo test --locked

skip() {
  echo "ci/test.sh: $*; the Python tests (tests/python) are SKIPPED" >&2
  exit 0
}
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || skip "no $PYTHON"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
  skip "$("$PYTHON" --version 2>&1) is older than 3.10"

VENV=${INCIMAP_TEST_VENV:-target/test-venv}
case $VENV in /*) ;; *) VENV=$PWD/$VENV ;; esac
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" || skip "cannot create a virtual environment (python3-venv missing?)"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
if ! "${PIP[@]}" install -q -r python/requirements-test.txt; then
  # Tell "no index" from a real failure: a reachable index that cannot install the pins fails.
  if "${PIP[@]}" download -q --no-deps -d "$VENV/probe" pytest==9.2.0 >/dev/null 2>&1; then
    echo "ci/test.sh: installing python/requirements-test.txt failed with an index reachable" >&2
    exit 1
  fi
  skip "pip cannot reach a package index"
fi
# maturin comes from the pins above; the extension is built in release mode into the same
# target/ folder as the Rust tests. maturin's build hook runs the `maturin` on PATH.
PATH="$VENV/bin:$PATH" CARGO_TARGET_DIR="$PWD/target" \
  "${PIP[@]}" install -q --no-build-isolation ./python
INCIMAP_BIN="$PWD/target/debug/incimap" "$VENV/bin/python" -m pytest tests/python -q -p no:cacheprovider
