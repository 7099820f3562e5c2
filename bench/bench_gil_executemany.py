"""Why the sync bootstrap parses the snapshot on the thread that writes it (docs/sync-protocol.md).

    python bench/bench_gil_executemany.py [--rows 5000] [--json]

Inserts the same rows (visit-sized: a few keys and 600 characters of text, three secondary indexes)
into a fresh SQLCipher database three ways and reports each time:

1. ``executemany`` alone;
2. ``executemany`` while a second Python thread keeps the interpreter busy (as a thread parsing the
   next rows would): the driver releases the GIL for each row's ``sqlite3_step`` and has to win it back
   before the next row, which can take the interpreter's switch interval (``sys.getswitchinterval()``,
   5 ms) per row;
3. one ``INSERT ... SELECT FROM json_each(?)`` statement per batch, alone: the GIL is released for the
   whole batch, but SQLite parses the JSON text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import sqlcipher3.dbapi2 as sqlcipher

SCHEMA = ("CREATE TABLE visit (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, rm_id TEXT NOT NULL, "
          "visit_on TEXT NOT NULL, summary TEXT NOT NULL, amount INTEGER)",
          "CREATE INDEX ix_visit_client_id ON visit (client_id)",
          "CREATE INDEX ix_visit_rm_id ON visit (rm_id)",
          "CREATE INDEX ix_visit_visit_on ON visit (visit_on)")
INSERT = "INSERT INTO visit (id, client_id, rm_id, visit_on, summary, amount) VALUES (?, ?, ?, ?, ?, ?)"
INSERT_JSON = ("INSERT INTO visit (id, client_id, rm_id, visit_on, summary, amount) SELECT value->>0, "
               "value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?)")
BATCH = 2_000


def rows(n: int) -> list[tuple[Any, ...]]:
    rnd = random.Random(2026)
    return [(f"{i:08d}-{rnd.getrandbits(64):016x}", f"c{rnd.randrange(50_000):06d}",
             f"u{rnd.randrange(40):03d}", f"2026-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}",
             "走访记录" * 150, rnd.randrange(10**9)) for i in range(n)]


def run(path: Path, data: list[tuple[Any, ...]], *, how: str, busy: bool) -> float:
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA key = \"x'" + "ab" * 32 + "'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    for sql in SCHEMA:
        conn.execute(sql)
    stop = threading.Event()

    def spin() -> None:
        n = 0
        while not stop.is_set():
            for i in range(1_000):
                n += i

    spinner = threading.Thread(target=spin, daemon=True)
    if busy:
        spinner.start()
    try:
        started = time.perf_counter()
        conn.execute("BEGIN")
        for start in range(0, len(data), BATCH):
            batch = data[start:start + BATCH]
            if how == "json":
                conn.execute(INSERT_JSON, (orjson.dumps(batch).decode(),))
            else:
                conn.executemany(INSERT, batch)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        stop.set()
        if busy:
            spinner.join()
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = rows(args.rows)
    results: dict[str, Any] = {"rows": args.rows, "switch_interval_ms": sys.getswitchinterval() * 1000}
    with tempfile.TemporaryDirectory(prefix="crm-bench-gil-") as tmp:
        for key, how, busy in (("executemany_s", "many", False),
                               ("executemany_beside_python_s", "many", True),
                               ("json_each_s", "json", False)):
            results[key] = round(run(Path(tmp) / f"{key}.db", data, how=how, busy=busy), 3)
    results["per_row_ms_beside_python"] = round(results["executemany_beside_python_s"] / args.rows * 1000, 2)
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:<28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
