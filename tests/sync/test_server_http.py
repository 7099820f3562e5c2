"""The ledger over real HTTP: `crm server` processes (uvicorn) and httpx, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa

from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.ids import new_id
from crm.domain.models import Client, Contact
from crm.domain.rules.checksums import make_uscc
from crm.domain.serialize import to_wire

if TYPE_CHECKING:
    from conftest import LedgerOrg

pytestmark = pytest.mark.slow
PASSWORD = "Ledger-pass-2026"  # noqa: S105 - the test organisation's (tests/sync/conftest.py)


def with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"

REPO = Path(__file__).resolve().parents[2]
_serial = iter(range(500_000, 10**6))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A `crm server` subprocess on a free port; stopped (by its own pid) at teardown."""

    def __init__(self, db_url: str, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "ab")
        cmd = [sys.executable, "-m", "crm.sync.server.cli", "server", "--db", db_url,
               "--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT,  # noqa: S603
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.log_path = log_path

    def ready(self) -> Server:
        """Wait until it answers (401 to an unauthenticated status request)."""
        log_path = self.log_path
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {log_path}")
            try:
                if httpx.get(self.url + "/v1/status", timeout=2).status_code == 401:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start; see {log_path}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


class Api:
    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=60)

    def enrol(self, username: str, password: str = PASSWORD, *, device_id: str | None = None,
              address: str | None = None) -> httpx.Response:
        headers = {"X-Forwarded-For": address} if address else {}
        return self.http.post("/v1/enrol", json={"username": username, "password": password,
                                                 "device_id": device_id or new_id(), "device_name": "pytest"},
                               headers=headers)

    def token(self, username: str) -> str:
        resp = self.enrol(username)
        assert resp.status_code == 200, resp.text
        return str(resp.json()["token"])

    def call(self, method: str, path: str, token: str | None = None, *, headers: dict[str, str] | None = None,
             **kw: Any) -> httpx.Response:
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, path, headers={**auth, **(headers or {})}, **kw)

    def push(self, token: str, epoch: str, mutations: list[dict[str, Any]]) -> httpx.Response:
        return self.call("POST", "/v1/push", token, json={"epoch": epoch, "mutations": mutations})

    def pull_all(self, token: str, cursor: int = 0,
                 limit: int = 1000) -> tuple[dict[tuple[str, str], Any], int]:
        rows: dict[tuple[str, str], Any] = {}
        while True:
            page = self.call("GET", "/v1/pull", token, params={"cursor": cursor, "limit": limit})
            assert page.status_code == 200, page.text
            body = page.json()
            for change in body["changes"]:
                key = (change["entity"], change["id"])
                if change["op"] == "put":
                    rows[key] = change["data"]
                else:
                    rows.pop(key, None)
            assert body["cursor"] >= cursor
            cursor = body["cursor"]
            if not body["has_more"]:
                return rows, cursor


def mutation(seq: int, op: str, entity: str, entity_id: str, payload: dict[str, Any] | None = None,
             name: str = "", base: dict[str, int] | None = None) -> dict[str, Any]:
    return {"seq": seq, "mutation_id": new_id(), "entity": entity, "entity_id": entity_id, "op": op,
            "name": name, "payload": payload or {}, "base_versions": base or {},
            "client_ts": datetime.now(UTC).isoformat()}


def new_client(org: LedgerOrg, owner_id: str | None) -> Client:
    n = next(_serial)
    return Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=f"网络企业{n}有限公司",
                  uscc=make_uscc(f"91310101MB{n:07d}"), owner_id=owner_id, branch_id=org.branch.id)


# --- one SQLite server for the module -------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory: pytest.TempPathFactory,
                ledger_org_factory: Any) -> Iterator[tuple[Server, LedgerOrg]]:
    from crm.sync.server.db import open_ledger

    tmp = tmp_path_factory.mktemp("http")
    url = f"sqlite:///{tmp / 'ledger.db'}"
    engine = open_ledger(url)
    org = ledger_org_factory(engine)
    assert org.password == PASSWORD
    server = Server(url, tmp / "server.log").ready()
    yield server, org
    server.stop()
    engine.dispose()


@pytest.fixture(scope="module")
def api(sqlite_site: tuple[Server, LedgerOrg]) -> Iterator[Api]:
    client = Api(sqlite_site[0].url)
    yield client
    client.http.close()


def test_enrol_push_pull_and_snapshot_over_the_wire(sqlite_site: tuple[Server, LedgerOrg], api: Api) -> None:
    _, org = sqlite_site
    enrolled = api.enrol("wangfang").json()
    token, epoch = enrolled["token"], enrolled["epoch"]
    assert enrolled["user"]["role"] == "rm" and "password" not in json.dumps(enrolled)
    client = new_client(org, org.rm.id)
    contact = Contact(client_id=client.id, name="张三", phones=["13812345678"])
    resp = api.push(token, epoch, [mutation(1, "create", "client", client.id, to_wire(client)),
                                   mutation(2, "create", "contact", contact.id, to_wire(contact))])
    assert resp.status_code == 200, resp.text
    assert [r["status"] for r in resp.json()["results"]] == ["applied", "applied"]
    status = api.call("GET", "/v1/status", token).json()
    assert status["last_applied_seq"] == 2 and status["epoch"] == epoch and not status["wipe_requested"]
    rows, cursor = api.pull_all(token)
    assert rows[("client", client.id)]["legal_name"] == client.legal_name and cursor == status["head_seq"]
    # the snapshot: gzip on the wire (Content-Encoding), NDJSON inside
    with api.http.stream("GET", "/v1/snapshot", headers={"Authorization": f"Bearer {token}"}) as snap:
        assert snap.status_code == 200
        assert snap.headers["content-encoding"] == "gzip"
        assert snap.headers["content-type"].startswith("application/x-ndjson")
        raw = b"".join(snap.iter_raw())
    lines = [json.loads(line) for line in gzip.decompress(raw).splitlines()]
    assert lines[0]["type"] == "header" and lines[0]["checkpoint"] >= cursor and lines[-1]["type"] == "end"
    snap_rows = {(x["entity"], x["data"]["id"]): x["data"] for x in lines[1:-1]}
    assert lines[-1]["rows"] == len(snap_rows)
    assert snap_rows == rows  # a bootstrap equals pulling everything from zero
    # httpx decodes Content-Encoding itself, as the desktop transport relies on
    plain = api.call("GET", "/v1/snapshot", token)
    assert [json.loads(x) for x in plain.text.splitlines()] == lines


def test_the_snapshot_in_batches_holds_the_same_rows(sqlite_site: tuple[Server, LedgerOrg], api: Api) -> None:
    _, org = sqlite_site
    token = api.token("zhangwei")  # the branch head: every row of the branch
    client = new_client(org, org.rm.id)
    epoch = api.call("GET", "/v1/status", token).json()["epoch"]
    created = mutation(1, "create", "client", client.id, to_wire(client))
    resp = api.push(api.token("wangfang"), epoch, [created])
    assert resp.status_code == 200, resp.text
    by_row = [json.loads(x) for x in api.call("GET", "/v1/snapshot", token).text.splitlines()]
    by_batch = [json.loads(x) for x in api.call("GET", "/v1/snapshot", token, params={"layout": "batch"}
                                                 ).text.splitlines()]
    assert by_batch[0]["type"] == "header" and by_batch[-1] == by_row[-1]
    assert {x["type"] for x in by_batch[1:-1]} == {"batch"}
    rows = {(x["entity"], x["data"]["id"]): x["data"] for x in by_row[1:-1]}
    batched = {(x["entity"], row[x["columns"].index("id")]): dict(zip(x["columns"], row, strict=True))
               for x in by_batch[1:-1] for row in x["rows"]}
    assert batched.keys() == rows.keys() and len(rows) == by_row[-1]["rows"]
    pushed = batched[("client", client.id)]
    assert pushed["legal_name"] == client.legal_name and pushed["deleted"] == 0
    assert len(pushed["created_at"]) == 26 and pushed["created_at"][10] == " "  # as SQLite stores it
    bad = api.call("GET", "/v1/snapshot", token, params={"layout": "columns"})
    assert bad.status_code == 422 and bad.json()["code"] == "request.invalid"


def test_bad_input_gets_coded_4xx(sqlite_site: tuple[Server, LedgerOrg], api: Api) -> None:
    _, org = sqlite_site
    token = api.token("lilei")
    epoch = api.call("GET", "/v1/status", token).json()["epoch"]

    def expect(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
        assert resp.status_code == status, (resp.status_code, resp.text)
        body: dict[str, Any] = resp.json()
        assert body["code"] == code and "Traceback" not in resp.text
        return body

    as_json = {"Content-Type": "application/json"}
    expect(api.call("POST", "/v1/push", token, content=b"{not json", headers=as_json), 422, "request.invalid")
    expect(api.call("POST", "/v1/push", token, json={"epoch": epoch, "mutations": [], "extra": 1}),
           422, "request.invalid")
    expect(api.call("POST", "/v1/push", token, json={"epoch": epoch, "mutations": [{"seq": "one"}]}),
           422, "request.invalid")
    expect(api.call("GET", "/v1/pull", token, params={"cursor": -1}), 422, "request.invalid")
    expect(api.call("GET", "/v1/pull", token, params={"limit": 10**6}), 422, "request.invalid")
    expect(api.call("GET", "/v1/pull", token, params={"cursor": 10**9}), 400, "pull.cursor_invalid")
    expect(api.call("GET", "/v1/nowhere", token), 404, "http.not_found")
    expect(api.call("DELETE", "/v1/status", token), 405, "http.method_not_allowed")
    expect(api.call("GET", "/v1/status"), 401, "auth.missing")
    expect(api.call("GET", "/v1/status", "forged-token"), 401, "auth.invalid")
    expect(api.http.post("/v1/enrol", json={"username": "lilei", "password": "x", "device_id": "short"}),
           422, "request.invalid")
    expect(api.enrol("lilei", "wrong-password-9", address="192.0.2.10"), 401, "auth.invalid_credentials")
    client = new_client(org, org.rm2.id)
    gap = expect(api.push(token, epoch, [mutation(5, "create", "client", client.id, to_wire(client))]),
                 409, "push.gap")
    assert gap["expected_seq"] == 1
    stale = expect(api.push(token, "not-the-epoch", []), 409, "epoch.changed")
    assert stale["epoch"] == epoch
    wipe = expect(api.call("POST", "/v1/wipe-ack", token), 400, "device.wipe_not_requested")
    assert wipe["detail"] == ""
    # a well-formed mutation the rules refuse is not an HTTP error: it is a stored rejection
    refused = api.push(token, epoch, [mutation(1, "patch", "client", client.id, {"owner_id": org.rm.id})])
    assert refused.status_code == 200 and refused.json()["results"][0]["status"] == "rejected"


def test_login_throttle_answers_429_with_retry_after(sqlite_site: tuple[Server, LedgerOrg], api: Api) -> None:
    attacker = "198.51.100.7"
    for _ in range(5):
        assert api.enrol("zhaomin", "guess-guess-1", address=attacker).status_code == 401
    slowed = api.enrol("zhaomin", PASSWORD, address=attacker)
    assert slowed.status_code == 429 and slowed.json()["code"] == "auth.throttled"
    assert int(slowed.headers["Retry-After"]) >= 1
    assert api.enrol("zhaomin", PASSWORD, address="198.51.100.8").status_code == 200


# --- the authorisation matrix ---------------------------------------------------------------------


def test_authorisation_matrix(sqlite_site: tuple[Server, LedgerOrg], api: Api) -> None:
    from crm.sync.server import admin

    _, org = sqlite_site
    epoch = api.call("GET", "/v1/status", api.token("wangfang")).json()["epoch"]
    head_token = api.token("zhangwei")
    target = new_client(org, org.rm.id)
    seeded = api.push(head_token, epoch, [mutation(1, "create", "client", target.id, to_wire(target))])
    assert seeded.json()["results"][0]["status"] == "applied"

    tokens: dict[str, str | None] = {
        "rm_owner": api.token("wangfang"), "rm_other": api.token("lilei"), "head": api.token("zhangwei"),
        "other_head": api.token("zhaomin"), "none": None,
    }
    revoked = api.enrol("sunli").json()
    admin.revoke_device(org.engine, revoked["device_id"])
    tokens["revoked"] = revoked["token"]
    seqs = dict.fromkeys(tokens, 0)

    def push_one(who: str, m: dict[str, Any]) -> str:
        seqs[who] += 1
        resp = api.push(tokens[who], epoch, [{**m, "seq": seqs[who]}])  # type: ignore[arg-type]
        if resp.status_code != 200:
            return str(resp.status_code)
        return f"200:{resp.json()['results'][0]['status']}"

    def sees(who: str, path: str) -> str:
        resp = api.call("GET", path, tokens[who])
        if resp.status_code != 200:
            return str(resp.status_code)
        if path == "/v1/snapshot":
            ids = {json.loads(x).get("data", {}).get("id") for x in resp.text.splitlines()}
        else:
            ids = {c["id"] for c in resp.json()["changes"]}
        return "200:sees" if target.id in ids else "200:blind"

    checks = {
        "status": lambda w: str(api.call("GET", "/v1/status", tokens[w]).status_code),
        "conflicts": lambda w: str(api.call("GET", "/v1/conflicts", tokens[w]).status_code),
        "pull": lambda w: sees(w, "/v1/pull"),
        "snapshot": lambda w: sees(w, "/v1/snapshot"),
        "push.patch": lambda w: push_one(w, mutation(0, "patch", "client", target.id, {"notes": f"by {w}"})),
        "push.assign": lambda w: push_one(w, mutation(0, "command", "client", target.id,
                                                      {"owner_id": org.rm2.id}, name="client.assign")),
        "wipe-ack": lambda w: str(api.call("POST", "/v1/wipe-ack", tokens[w]).status_code),
        "token.refresh": lambda w: str(api.call("POST", "/v1/token/refresh", tokens[w]).status_code),
    }
    expected = {
        "status": ["200", "200", "200", "200", "401", "401"],
        "conflicts": ["200", "200", "200", "200", "401", "401"],
        "pull": ["200:sees", "200:blind", "200:sees", "200:blind", "401", "401"],
        "snapshot": ["200:sees", "200:blind", "200:sees", "200:blind", "401", "401"],
        "push.patch": ["200:applied", "200:rejected", "200:applied", "200:rejected", "401", "401"],
        # the head reassigns to rm2 and the RMs' later attempts are refused by role
        "push.assign": ["200:rejected", "200:rejected", "200:applied", "200:rejected", "401", "401"],
        "wipe-ack": ["400", "400", "400", "400", "401", "401"],
        "token.refresh": ["200", "200", "200", "200", "401", "401"],
    }
    order = ["rm_owner", "rm_other", "head", "other_head", "revoked", "none"]
    mismatches = []
    for endpoint, check in checks.items():
        for who, want in zip(order, expected[endpoint], strict=True):
            got = check(who)
            if got != want:
                mismatches.append(f"{endpoint} as {who}: expected {want}, got {got}")
    assert mismatches == []
    assert len(checks) * len(order) == 48


# --- two server processes on one PostgreSQL -------------------------------------------------------


@pytest.mark.postgres
def test_two_servers_on_one_postgres_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path,
                                                                ledger_org_factory: Any) -> None:
    from crm.sync.server.db import open_ledger

    schema = "http_" + uuid.uuid4().hex[:10]
    root = sa.create_engine(pg_url)
    with root.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = with_schema(pg_url, schema)
    engine = open_ledger(url)
    servers: list[Server] = []
    try:
        org = ledger_org_factory(engine)
        servers = [Server(url, tmp_path / f"server{i}.log") for i in range(2)]
        for server in servers:  # both processes start at once
            server.ready()
        apis = [Api(s.url) for s in servers]
        owners = [org.rm, org.rm2, org.head]
        writers = [(owner, apis[i % 2].token(owner.username)) for i, owner in enumerate(owners * 2)]
        epoch = apis[0].call("GET", "/v1/status", writers[0][1]).json()["epoch"]
        per_device, batch = 30, 5
        created: dict[str, list[str]] = {}
        errors: list[str] = []

        def write(index: int, owner: Any, token: str) -> None:
            seq, ids = 0, []
            client_api = Api(servers[index % 2].url)
            for _ in range(0, per_device, batch):
                muts = []
                for _ in range(batch):
                    seq += 1
                    c = new_client(org, owner.id)
                    ids.append(c.id)
                    muts.append(mutation(seq, "create", "client", c.id, to_wire(c)))
                resp = client_api.push(token, epoch, muts)
                if resp.status_code != 200 or any(r["status"] != "applied" for r in resp.json()["results"]):
                    errors.append(resp.text[:300])
            created[f"{index}"] = ids
            client_api.http.close()

        readers = [(apis[i % 2], apis[0].token("zhangwei")) for i in range(2)]
        views: list[dict[tuple[str, str], Any]] = [{} for _ in readers]
        cursors = [0 for _ in readers]
        stop = threading.Event()

        def read(i: int) -> None:
            api_i, token = readers[i]
            while not stop.is_set():
                rows, cursors[i] = api_i.pull_all(token, cursors[i], limit=50)
                views[i].update(rows)
                time.sleep(0.05)

        threads = [threading.Thread(target=write, args=(i, o, t)) for i, (o, t) in enumerate(writers)]
        pullers = [threading.Thread(target=read, args=(i,)) for i in range(len(readers))]
        for t in threads + pullers:
            t.start()
        for t in threads:
            t.join(120)
        stop.set()
        for t in pullers:
            t.join(60)
        assert errors == []
        all_ids = {cid for ids in created.values() for cid in ids}
        assert len(all_ids) == per_device * len(writers)
        for i, (api_i, token) in enumerate(readers):
            rows, cursors[i] = api_i.pull_all(token, cursors[i])
            views[i].update(rows)
            seen = {k[1] for k in views[i] if k[0] == "client"}
            assert all_ids <= seen  # nothing lost by pulls running during the pushes
        with engine.connect() as conn:
            seqs = [r[0] for r in conn.exec_driver_sql("SELECT seq FROM change_log ORDER BY seq")]
            versions = dict(conn.exec_driver_sql("SELECT id, version FROM client").fetchall())
        assert seqs == list(range(1, len(seqs) + 1))  # one gap-free order across both processes
        for view in views:
            for (entity, row_id), data in view.items():
                if entity == "client":
                    assert data["version"] == versions[row_id]  # nothing stale, nothing duplicated
    finally:
        for client_api in locals().get("apis", []):
            client_api.http.close()
        for server in servers:
            server.stop()
        engine.dispose()
        with root.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        root.dispose()


def test_an_unexpected_error_is_a_generic_500_logged_without_traceback_to_the_client(
        tmp_path: Path, ledger_org_factory: Any, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    from crm.sync.server import ledger
    from crm.sync.server.app import create_app
    from crm.sync.server.db import open_ledger

    engine = open_ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger_org_factory(engine)
    app = create_app(engine)

    def broken(*_args: Any, **_kw: Any) -> Any:
        raise RuntimeError("secret internals")

    async def scenario() -> tuple[str, httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as http:
            enrolled = await http.post("/v1/enrol", json={"username": "wangfang", "password": PASSWORD,
                                                          "device_id": new_id()})
            token = str(enrolled.json()["token"])
            monkeypatch.setattr(ledger, "status", broken)
            return token, await http.get("/v1/status", headers={"Authorization": f"Bearer {token}"})

    token, resp = asyncio.run(scenario())
    assert resp.status_code == 500 and resp.json() == {"code": "server.error", "detail": ""}
    assert "secret internals" not in resp.text and "Traceback" not in resp.text
    assert any("unhandled error" in r.getMessage() for r in caplog.records)
    assert token not in caplog.text  # tokens never reach the log
    engine.dispose()
