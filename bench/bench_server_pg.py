"""The ledger server under load on PostgreSQL: many devices syncing at once, bulk push, bulk pull.

Starts a throwaway PostgreSQL (scripts/bootstrap.py) unless ``--pg-url`` or ``$CRM_TEST_PG_URL`` names
one, creates a schema, an organisation of RMs and enrolled devices (through the service layer, not
timed), then runs ``crm server --workers N`` (uvicorn) and measures over real HTTP with httpx:

1. sync storm: ``--devices`` devices at once, each ``--rounds`` times: status, push a batch of
   ``--batch`` creates, pull until caught up. Throughput (requests/s, mutations/s) and latency
   percentiles per endpoint.
2. one device pushing ``--bulk`` mutations (in pushes of 500) and a fresh device pulling
   ``--bulk`` changes (pages of 1,000).

    .venv/bin/python bench/bench_server_pg.py [--devices 200] [--rounds 3] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
PASSWORD = "bench-only-" + "Password1"  # throwaway users in a throwaway schema


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(_pct(values, 0.50) * 1000, 1),
            "p95_ms": round(_pct(values, 0.95) * 1000, 1), "p99_ms": round(_pct(values, 0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else 0.0}


def _client_row(owner_id: str, branch_id: str, n: int) -> dict[str, Any]:
    from crm.domain.enums import ClientKind, ClientStatus
    from crm.domain.models import Client
    from crm.domain.rules.checksums import make_uscc
    from crm.domain.serialize import to_wire

    return to_wire(Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE,
                          legal_name=f"压测企业{n}有限公司", uscc=make_uscc(f"91310101MC{n:07d}"),
                          owner_id=owner_id, branch_id=branch_id))


class Device:
    def __init__(self, device_id: str, token: str, user_id: str, branch_id: str) -> None:
        self.device_id, self.token, self.user_id, self.branch_id = device_id, token, user_id, branch_id
        self.seq = 0
        self.cursor = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def mutations(self, count: int, serial: list[int]) -> list[dict[str, Any]]:
        out = []
        for _ in range(count):
            self.seq += 1
            serial[0] += 1
            row = _client_row(self.user_id, self.branch_id, serial[0])
            out.append({"seq": self.seq, "mutation_id": str(uuid.uuid4()), "entity": "client",
                        "entity_id": row["id"], "op": "create", "name": "", "payload": row,
                        "base_versions": {}, "client_ts": datetime.now(UTC).isoformat()})
        return out


def setup(url: str, n_rms: int, devices_per_rm: int) -> tuple[list[Device], Device, str]:
    from argon2 import PasswordHasher

    from crm.domain.enums import Role
    from crm.domain.ids import new_id
    from crm.sync.protocol import EnrolRequest
    from crm.sync.server import admin, auth
    from crm.sync.server.db import open_ledger

    # Setup only: cheap hashes so enrolling hundreds of devices takes seconds, not minutes.
    auth.set_hasher(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))
    engine = open_ledger(url)
    admin.create_branch(engine, code="990001", name="压测支行")
    branch_users = []
    for i in range(n_rms):
        branch_users.append(admin.create_user(engine, username=f"rm{i:04d}", display_name=f"客户经理{i}",
                                              role=Role.RM, branch_code="990001", password=PASSWORD))
    admin.create_user(engine, username="head0001", display_name="行长", role=Role.BRANCH_HEAD,
                      branch_code="990001", password=PASSWORD)
    devices = []
    for user in branch_users:
        for _ in range(devices_per_rm):
            device_id = new_id()
            request = EnrolRequest(username=user.username, password=PASSWORD, device_id=device_id)
            resp = auth.enrol(engine, request, "127.0.0.1")
            devices.append(Device(device_id, resp.token, user.id, user.branch_id))
    head_id = new_id()
    head = auth.enrol(engine, EnrolRequest(username="head0001", password=PASSWORD, device_id=head_id),
                      "127.0.0.1")
    epoch = head.epoch
    engine.dispose()
    return devices, Device(head_id, head.token, head.user.id, head.user.branch_id), epoch


async def storm(base: str, devices: list[Device], epoch: str, rounds: int, batch: int,
                serial: list[int]) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=len(devices), max_keepalive_connections=len(devices))
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:

        async def timed(name: str, method: str, path: str, device: Device,
                        **kw: Any) -> httpx.Response | None:
            started = time.perf_counter()
            try:
                resp = await http.request(method, path, headers=device.headers, **kw)
            except httpx.HTTPError as exc:
                errors[f"{name}:{type(exc).__name__}"] += 1
                return None
            latencies[name].append(time.perf_counter() - started)
            if resp.status_code != 200:
                errors[f"{name}:{resp.status_code}"] += 1
                return None
            return resp

        async def one(device: Device) -> None:
            for _ in range(rounds):
                await timed("status", "GET", "/v1/status", device)
                body = {"epoch": epoch, "mutations": device.mutations(batch, serial)}
                for _attempt in range(3):
                    # A push whose answer was lost is simply sent again, as the desktop engine does: the
                    # ledger answers the mutations it already applied from their stored results.
                    resp = await timed("push", "POST", "/v1/push", device, json=body)
                    if resp is not None:
                        if any(r["status"] != "applied" for r in resp.json()["results"]):
                            errors["push:not_applied"] += 1
                        break
                while True:
                    page = await timed("pull", "GET", "/v1/pull", device,
                                       params={"cursor": device.cursor, "limit": 1000})
                    if page is None:
                        break
                    data = page.json()
                    device.cursor = data["cursor"]
                    if not data["has_more"]:
                        break

        started = time.perf_counter()
        await asyncio.gather(*(one(d) for d in devices))
        elapsed = time.perf_counter() - started
    requests = sum(len(v) for v in latencies.values())
    return {"devices": len(devices), "rounds": rounds, "batch": batch, "seconds": round(elapsed, 2),
            "requests": requests, "requests_per_s": round(requests / elapsed, 1),
            "mutations_per_s": round(len(devices) * rounds * batch / elapsed, 1),
            "latency": {k: _summary(v) for k, v in sorted(latencies.items())}, "errors": dict(errors)}


def bulk(base: str, device: Device, reader: Device, epoch: str, count: int,
         serial: list[int]) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=600) as http:
        # Both devices start at the current head: the pull then reads exactly the bulk's changes.
        reader.cursor = http.get("/v1/status", headers=reader.headers).json()["head_seq"]
        started = time.perf_counter()
        pushed = 0
        while pushed < count:
            n = min(500, count - pushed)
            resp = http.post("/v1/push", headers=device.headers,
                             json={"epoch": epoch, "mutations": device.mutations(n, serial)})
            resp.raise_for_status()
            pushed += n
        push_s = time.perf_counter() - started
        started = time.perf_counter()
        pulled = 0
        while True:
            page = http.get("/v1/pull", headers=reader.headers,
                            params={"cursor": reader.cursor, "limit": 1000})
            page.raise_for_status()
            data = page.json()
            pulled += len(data["changes"])
            reader.cursor = data["cursor"]
            if not data["has_more"]:
                break
        pull_s = time.perf_counter() - started
    return {"push": {"mutations": count, "seconds": round(push_s, 2), "per_s": round(count / push_s, 1)},
            "pull": {"changes": pulled, "seconds": round(pull_s, 2), "per_s": round(pulled / pull_s, 1)}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("CRM_TEST_PG_URL"))
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--devices-per-rm", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    pg = None
    if not args.pg_url:
        import bootstrap

        bindir = bootstrap.find_pg_bindir()
        if bindir is None:
            sys.exit("PostgreSQL (initdb/pg_ctl) not found: pass --pg-url")
        pg = bootstrap.ThrowawayPostgres(bindir)
        pg.start()
        args.pg_url = pg.url
    schema = "bench_" + uuid.uuid4().hex[:8]
    root = sa.create_engine(args.pg_url)
    with root.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in args.pg_url else "?"
    url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
    proc = None
    log = Path(tempfile.mkdtemp(prefix="crm-bench-")) / "server.log"
    try:
        t0 = time.perf_counter()
        n_rms = max(1, args.devices // args.devices_per_rm)
        devices, head, epoch = setup(url, n_rms, args.devices_per_rm)
        setup_s = time.perf_counter() - t0
        port = _free_port()
        with open(log, "wb") as out:
            cmd = [sys.executable, "-m", "crm.sync.server.cli", "server", "--db", url, "--port", str(port),
                   "--workers", str(args.workers), "--no-access-log", "--log-level", "warning"]
            proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/v1/status", timeout=2).status_code == 401:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit(f"server did not start; see {log}")
            time.sleep(0.3)
        serial = [0]
        storm_result = asyncio.run(storm(base, devices[:args.devices], epoch, args.rounds, args.batch,
                                         serial))
        bulk_result = bulk(base, devices[0], head, epoch, args.bulk, serial)
        result = {"workers": args.workers, "cpus": os.cpu_count(), "setup_seconds": round(setup_s, 1),
                  "storm": storm_result, "bulk": bulk_result}
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            s = storm_result
            print(f"{s['devices']} devices x {s['rounds']} rounds (status, push {s['batch']}, pull) on "
                  f"{args.workers} workers, {os.cpu_count()} CPUs: {s['seconds']} s")
            print(f"  {s['requests_per_s']} requests/s, {s['mutations_per_s']} mutations/s; "
                  f"errors: {s['errors']}")
            for name, lat in s["latency"].items():
                print(f"  {name:<7} n={lat['n']:<5} p50={lat['p50_ms']} ms  p95={lat['p95_ms']} ms  "
                      f"p99={lat['p99_ms']} ms")
            b = bulk_result
            print(f"push {b['push']['mutations']} mutations: {b['push']['seconds']} s "
                  f"({b['push']['per_s']}/s)")
            print(f"pull {b['pull']['changes']} changes: {b['pull']['seconds']} s ({b['pull']['per_s']}/s)")
        errors_in_log = [line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line]
        if errors_in_log:
            print(f"server log {log}: {len(errors_in_log)} ERROR lines, e.g. {errors_in_log[0][:200]}",
                  file=sys.stderr)
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with root.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        root.dispose()
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    raise SystemExit(main())
