"""Times geotext (a regex and dictionary city finder: no coordinates, no disambiguation) on a
JSON Lines corpus, whole process as `incimap places` is timed: the reference issue 19 sets
incimap's throughput against.

Usage: python3 bench/geotext_time.py FILE.jsonl THREADS
Prints "documents seconds" (wall clock, including loading geotext's dictionaries) on stdout.
With THREADS > 1 the documents are split over that many processes, as incimap splits them
over threads.
"""
import json
import sys
import time

T0 = time.perf_counter()
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

from geotext import GeoText  # noqa: E402


def count(texts):
    # GeoText's constructor does all the finding; reading .cities keeps it honest.
    return sum(len(GeoText(t).cities) for t in texts)


def main():
    path, threads = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line).get("text") or "" for line in f if line.strip()]
    if threads <= 1:
        count(texts)
    else:
        chunks = [texts[i::threads] for i in range(threads)]
        with ProcessPoolExecutor(threads) as pool:
            sum(pool.map(count, chunks))
    print(len(texts), round(time.perf_counter() - T0, 3))


if __name__ == "__main__":
    main()
