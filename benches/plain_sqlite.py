#!/usr/bin/env python3
"""Plain SQLite + FTS5 holding the same texts as a Chancery file, for the ratios in
docs/PERFORMANCE.md: one table of title and body (a statement's text, a meeting's summary, an
actor's description and aliases) with an external-content FTS5 index; then, for each query,
open + count + bm25 top 20, timed.

Usage: python3 benches/plain_sqlite.py CHANCERY.db RAW.db [QUERY ...]
"""
import json
import os
import sqlite3
import sys
import time


def build(chancery_path, raw_path):
    if os.path.exists(raw_path):
        sys.exit(f"{raw_path} exists: give a new path")
    src = sqlite3.connect(f"file:{chancery_path}?mode=ro", uri=True)
    raw = sqlite3.connect(raw_path)
    raw.execute("CREATE TABLE doc(id INTEGER PRIMARY KEY, kind TEXT, title TEXT, body TEXT)")
    raw.execute(
        "CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, content='doc', content_rowid='id')"
    )
    started = time.time()
    rows = []
    for rid, kind, title, data in src.execute("SELECT id, kind, title, data FROM record"):
        d = json.loads(data)
        body = " ".join(str(d.get(k, "")) for k in ("text", "summary", "description"))
        names = " ".join(a.get("name", "") for a in d.get("aliases", []))
        rows.append((rid, kind, title, body + " " + names))
    raw.executemany("INSERT INTO doc VALUES (?, ?, ?, ?)", rows)
    raw.execute("INSERT INTO doc_fts(rowid, title, body) SELECT id, title, body FROM doc")
    raw.commit()
    print(f"built in {time.time() - started:.1f} s; {os.path.getsize(raw_path):,} bytes")


def query(raw_path, q):
    started = time.time()
    raw = sqlite3.connect(raw_path)
    match = '"%s"*' % q.replace('"', '""')
    n = raw.execute("SELECT count(*) FROM doc_fts WHERE doc_fts MATCH ?", (match,)).fetchone()[0]
    raw.execute(
        "SELECT d.id, d.title FROM doc_fts JOIN doc d ON d.id = doc_fts.rowid "
        "WHERE doc_fts MATCH ? ORDER BY bm25(doc_fts) LIMIT 20",
        (match,),
    ).fetchall()
    print(f"{q}: {n:,} hits, {(time.time() - started) * 1000:.1f} ms (open, count, bm25 top 20)")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    build(sys.argv[1], sys.argv[2])
    for q in sys.argv[3:] or ["a", "the", "ver", "minister"]:
        query(sys.argv[2], q)
