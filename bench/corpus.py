#!/usr/bin/env python3
"""N news-sized articles as JSON Lines on stdout, for the throughput benchmarks.

Usage: python3 bench/corpus.py N   (from the repository root)

Each article is the bundled seed report (data/samples/, about 2.8 KB) with its city and one
village swapped for other Syrian and Iraqi towns, and its date varied, so the gazetteer and
the date reader see varied input.
"""
import json
import sys

n = int(sys.argv[1])
text = open("data/samples/deir-ez-zor-2014.txt", encoding="utf-8").read()
towns = ["Raqqa", "Mayadin", "Abu Kamal", "Palmyra", "Homs", "Hama", "Idlib", "Aleppo",
         "Manbij", "Mosul", "Tikrit", "Ramadi", "Fallujah", "Kirkuk", "Daraa", "Douma",
         "Tal Abyad", "Qamishli", "Hasakah", "Kobani", "Jarablus", "Azaz", "Saraqib", "Ariha"]
out = sys.stdout
for i in range(n):
    t = towns[i % len(towns)]
    u = towns[(i * 7 + 3) % len(towns)]
    body = text.replace("Deir ez-Zor", t).replace("Hatla", u)
    date = "2014-%02d-%02d" % (1 + i % 12, 1 + i % 28)
    out.write(json.dumps({"id": str(i), "date": date, "text": body}) + "\n")
