#!/usr/bin/env python3
"""N ACLED-style incidents as CSV on stdout, for the whole-process figures of `render` and
`query` (bench/render.sh, bench/query.sh): points around ten hot spots in Syria and Iraq,
with types, dates and fatalities varied. The same seed gives the same file.

Usage: python3 bench/incidents_csv.py N > million.csv
"""
import random
import sys

n = int(sys.argv[1])
random.seed(7)
hot = [(40.14, 35.33, 3), (37.16, 36.2, 5), (36.29, 33.51, 4), (39.0, 35.95, 2), (36.72, 34.73, 2),
       (36.1, 32.62, 1), (36.63, 35.93, 3), (40.92, 34.45, 1), (44.37, 33.31, 3), (43.13, 36.34, 2)]
weights = [w for *_, w in hot]
types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments"]
f = sys.stdout
f.write("event_id_cnty,event_date,event_type,sub_event_type,actor1,fatalities,location,latitude,longitude\n")
for i in range(n):
    lon, lat, _ = random.choices(hot, weights)[0]
    s = random.choice([0.02, 0.1, 0.4, 1.2])
    f.write(f"X{i},2016-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},"
            f"{random.choice(types)},Armed clash,Military Forces of Syria,"
            f"{random.choice([0, 0, 0, 1, 2, 5])},Place {i % 500},"
            f"{lat + random.gauss(0, s):.5f},{lon + random.gauss(0, s):.5f}\n")
