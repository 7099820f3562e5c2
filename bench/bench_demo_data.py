"""Demo data at scale: ``fill_workspace`` into a fresh SQLCipher workspace with the production KDF.

Generates, writes and indexes (client search) --clients clients and --visits visits, then reports the
total time, rows per second per table (rows over the time spent in that table's INSERTs), the search
index build and the size of the database. Goal: 50,000 clients and 200,000 visits in under 60 s.

CPU seconds are reported next to wall seconds: on a shared machine the load average (also reported)
inflates wall time, while CPU time shows what the run itself costs.

    .venv/bin/python bench/bench_demo_data.py [--clients 50000] [--visits 200000] [--seed 2026]
        [--today 2026-11-23] [--keep DIR] [--profile OUT.prof] [--json]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from crm.db.crypto import DEFAULT_KDF
from crm.db.workspace import DB_FILE, Workspace
from crm.services.demo_data import fill_workspace

PASSWORD = "bench-only-" + "password"  # a throwaway workspace in a temporary folder
GOAL_SECONDS = 60.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _db_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob(DB_FILE + "*") if p.is_file())


def run(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="crm-demo-bench-"))
    path = root / "ws"
    if path.exists():
        shutil.rmtree(path)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    # No OS key store: a kept workspace can be reopened with the password alone.
    ws = Workspace.create(path, password=PASSWORD, keystore=None, kdf=DEFAULT_KDF)
    create_seconds = time.perf_counter() - t0
    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done >= total and stage not in stages:
            stages[stage] = time.perf_counter() - started

    profiler = cProfile.Profile() if args.profile else None
    cpu0 = _cpu()
    started = time.perf_counter()
    try:
        if profiler is not None:
            profiler.enable()
        summary = fill_workspace(ws, seed=args.seed, clients=args.clients, visits=args.visits,
                                 today=args.today, progress=progress)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
    finally:
        ws.close()
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu0
    size = _db_size(path)
    result = {
        "clients": args.clients, "visits": args.visits, "seed": args.seed, "today": args.today.isoformat(),
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
        "write_seconds": round(seconds - summary.index_seconds, 2),
        "index_seconds": round(summary.index_seconds, 2),
        "workspace_create_seconds": round(create_seconds, 2),
        "rows": summary.total_rows, "rows_per_second": round(summary.total_rows / seconds),
        "db_bytes": size, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
        "tables": {
            name: {"rows": count, "insert_seconds": round(summary.write_seconds.get(name, 0.0), 3),
                   "rows_per_second": round(count / summary.write_seconds[name])
                   if summary.write_seconds.get(name) else None}
            for name, count in summary.counts.items()
        },
        "goal_met": seconds < GOAL_SECONDS,
    }
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    parser.add_argument("--keep", metavar="DIR", help="keep the workspace under DIR")
    parser.add_argument("--profile", metavar="OUT", help="write cProfile stats of the run to OUT")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0 if result["goal_met"] else 1
    print(f"demo data: {args.clients:,} clients, {args.visits:,} visits, seed {args.seed}, "
          f"today {args.today}")
    print(f"{'table':<22}{'rows':>10}{'insert s':>10}{'rows/s':>11}")
    for name, t in result["tables"].items():
        rate = f"{t['rows_per_second']:,}" if t["rows_per_second"] else "-"
        print(f"{name:<22}{t['rows']:>10,}{t['insert_seconds']:>10.2f}{rate:>11}")
    print(f"total rows            {result['rows']:>10,}  ({result['rows_per_second']:,} rows/s overall)")
    print(f"generate + write      {result['write_seconds']:>8.2f} s")
    print(f"search index          {result['index_seconds']:>8.2f} s")
    print(f"total                 {result['seconds']:>8.2f} s wall, {result['cpu_seconds']:.2f} s CPU "
          f"(goal < {GOAL_SECONDS:.0f} s: {'met' if result['goal_met'] else 'NOT met'})")
    print(f"database              {result['db_bytes'] / 1e6:>8.1f} MB (peak RSS {result['peak_rss_mb']} MB)")
    print(f"load average          {result['load_average_before']} -> {result['load_average_after']} "
          f"on {result['cpus']} CPUs")
    return 0 if result["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
