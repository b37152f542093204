"""Hostile long reports for `incimap places` / `extract`: the same few names thousands of
times, which once made resolution quadratic in the report's length (issue 19; session 11).

Usage: python3 bench/hostile_reports.py organisations|province MB > report.txt

  organisations  papers, armies, councils and Canadian/Australian abbreviations, shuffled
                 ("The Washington Post. B.C.. Springfield City Hall. ..."): every place
                 inside an organisation's name is read against every other place
  province       "Clashes in Hatla in Aleppo province and Homs." over and over: one province
                 named tens of thousands of times
"""
import random
import sys

PHRASES = [
    "The Washington Post.", "New York Times.", "Springfield City Hall.",
    "City City City Council.", "Loma Linda University.", "Army Army Army.", "NSW.", "B.C..",
    "500 BC.", "North Africa.", "Kingston, Ont.", "The Pakistan Army said.",
]


def main():
    kind, mb = sys.argv[1], float(sys.argv[2])
    size = int(mb * 1_000_000)
    out, n = [], 0
    rng = random.Random(19)
    while n < size:
        s = rng.choice(PHRASES) if kind == "organisations" else \
            "Clashes in Hatla in Aleppo province and Homs."
        out.append(s)
        n += len(s) + 1
    sys.stdout.write(" ".join(out))


if __name__ == "__main__":
    main()
