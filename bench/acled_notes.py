#!/usr/bin/env python3
"""ACLED's development notes as articles: one JSON Lines article per row, its `notes` the
text and its `event_date` the publication date, for `incimap map` on a real corpus (the
README's example map).

Usage: python3 bench/acled_notes.py [events.csv] > notes.jsonl   (from the repository root)

The default input is ../shared/eval/acled-dev.csv, which is not part of the repository:
without it the script says so on stderr, writes nothing and exits 0. ACLED data: cite ACLED
(acleddata.com) with anything made from it, and do not commit the output.
"""
import csv
import datetime
import json
import os
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/acled-dev.csv"
if not os.path.isfile(path):
    print(f"acled_notes: no ACLED events at {path} (skipped)", file=sys.stderr)
    sys.exit(0)


def iso(date):
    """ACLED's '02 June 2023' (or the spreadsheet form '2-May-20') as YYYY-MM-DD."""
    for form in ("%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y"):
        try:
            return datetime.datetime.strptime(date.strip(), form).date().isoformat()
        except ValueError:
            pass
    return None


with open(path, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        article = {"id": row["event_id_cnty"], "text": row["notes"]}
        date = iso(row.get("event_date", ""))
        if date:
            article["date"] = date
        sys.stdout.write(json.dumps(article, ensure_ascii=False) + "\n")
