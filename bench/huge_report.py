#!/usr/bin/env python3
"""One very long report made of the seed article's incident paragraphs, for the memory
figures of issue #19 (`bench/huge_report.sh`).

Usage: python3 bench/huge_report.py MB [repeat|distinct] > report.txt

- repeat: the paragraphs verbatim, again and again. Every copy tells the same events, so
  merging folds them into the seed's few incidents: memory must not grow with the copies.
- distinct: each copy dated a different day ("On 3 March 2001, ..."), so no two copies
  merge: the report holds millions of distinct incidents, more than any real report, and
  `extract` keeps the first ones up to its per-article cap and counts the rest.
"""
import sys
from datetime import date, timedelta
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data/samples/deir-ez-zor-2014.txt"
# The seed's paragraphs that report incidents (air raids, the siege, the car bomb, the
# shelling of three neighbourhoods, the blockade).
CUES = ("warplanes", "760-day siege", "vehicle bombs", "mortar shelling", "blocking")


def main():
    mb = float(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "repeat"
    if mode not in ("repeat", "distinct"):
        sys.exit("mode is repeat or distinct")
    paragraphs = [p for p in SEED.read_text().split("\n\n") if any(c in p for c in CUES)]
    assert len(paragraphs) == len(CUES), paragraphs
    target = int(mb * 1024 * 1024)
    out = sys.stdout
    written, copy = 0, 0
    day0 = date(2001, 1, 1)
    while written < target:
        for p in paragraphs:
            p = p.strip()
            if mode == "distinct":
                d = day0 + timedelta(days=copy)
                # A date of its own in every paragraph ("On Wednesday" made a date too).
                p = p.replace("On Wednesday, ", "").replace(" early on Wednesday", "")
                p = f"On {d.day} {d.strftime('%B')} {d.year}, {p}"
            text = p + "\n\n"
            out.write(text)
            written += len(text.encode())
        copy += 1


if __name__ == "__main__":
    main()
