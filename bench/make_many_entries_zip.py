#!/usr/bin/env python3
"""Writes a zip of many small entries for timing `tastelab-cli import` on it (issue 20).

    /usr/bin/python3 bench/make_many_entries_zip.py /tmp/Z.zip [ENTRIES]

ENTRIES (default 300,000) tiny notes, notes/000000.txt ... (one line each, not a history, so
the importer passes them over), plus three real histories from tests/data/import/: a Last.fm CSV
first, another Last.fm CSV in the middle and a Spotify account-data file at the end (9 listens,
1 row skipped as not music). Deflated, ~41 MB for 300,000 entries; the same bytes every run.
"""
import os
import sys
import zipfile

if len(sys.argv) not in (2, 3):
    sys.exit("usage: make_many_entries_zip.py OUT.zip [ENTRIES]")
out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) == 3 else 300000
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "import")
histories = {
    0: ("lastfm/lastfm-to-csv.csv", "history/lastfm-to-csv.csv"),
    n // 2: ("lastfm/ghan.csv", "history/ghan.csv"),
    n - 1: ("spotify-account/StreamingHistory_music_0.json",
            "spotify/StreamingHistory_music_0.json"),
}
fixed_time = (2026, 1, 1, 0, 0, 0)  # the same bytes every run
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(n):
        if i in histories:
            source, name = histories[i]
            with open(os.path.join(data, source), "rb") as f:
                z.writestr(zipfile.ZipInfo(name, fixed_time), f.read(), zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("notes/%06d.txt" % i, fixed_time),
                   "note %d: nothing to see\n" % i, zipfile.ZIP_DEFLATED)
