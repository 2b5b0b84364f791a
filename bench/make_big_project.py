#!/usr/bin/env python3
"""Writes a large Tastelab project for timing the GUI's catalog views (bench_ui_catalog_view).

    python3 bench/make_big_project.py /tmp/big/big.tastelab

1,000,000 tracks, 60,000 artists, 1,000 users (user_0000 is "me") and about 5 M listens whose
tracks follow a Pareto law (a few tracks are played a lot, most rarely), seeded (random.seed(1))
so every run writes the same file. Takes a few minutes and ~250 MB. The schema is the v2 schema
in big_project_schema.sql next to this file (keep it in step with core/store/Schema.h).
"""
import os
import random
import sqlite3
import sys

if len(sys.argv) != 2:
    sys.exit("usage: make_big_project.py OUT.tastelab")
path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
random.seed(1)
db = sqlite3.connect(path)
schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "big_project_schema.sql")
db.executescript(open(schema).read())
db.execute("PRAGMA application_id = 1414745154")
db.execute("PRAGMA user_version = 2")
db.execute("INSERT INTO meta VALUES ('application','tastelab')")
words = ["love", "night", "blue", "fire", "river", "dream", "city", "light", "heart", "rain",
         "gold", "shadow", "ocean", "star", "wild", "echo", "glass", "storm", "silver", "paper"]
db.executemany("INSERT INTO users(id,name,is_me) VALUES (?,?,?)",
               [(i + 1, f"user_{i:04d}", int(i == 0)) for i in range(1000)])
db.executemany("INSERT INTO artists(id,name) VALUES (?,?)",
               [(i + 1, " ".join(random.choice(words).title() for _ in range(2)) + f" {i}")
                for i in range(60000)])


def tracks():
    for i in range(1000000):
        yield (i + 1, random.randint(1, 60000),
               " ".join(random.choice(words) for _ in range(3)).title(),
               "Album " + random.choice(words).title() + f" {i % 5000}")


db.executemany("INSERT INTO tracks(id,artist_id,title,album) VALUES (?,?,?,?)", tracks())


def listens():
    for n in range(5000000):
        yield (random.randint(1, 1000), int(random.paretovariate(0.8)) % 1000000 + 1,
               1600000000 + n * 7, 200000)


db.executemany("INSERT OR IGNORE INTO listens VALUES (?,?,?,?,0)", listens())
db.commit()
