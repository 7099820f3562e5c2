"""Fixtures for the sync tests.

Ledger-server fixtures (prefix ``ledger_``): a migrated ledger database on SQLite and on PostgreSQL
(``ledger_engine`` is parametrized over both), an organisation with staff and passwords
(``ledger_org``; ``ledger_org_factory`` builds one on any engine), cheap password hashing
(``ledger_cheap_hashing``), and `LedgerDevice`, a test device that numbers its mutations and pushes them
through the service layer. Test modules run with ``--import-mode=importlib``: they take these through
fixtures (and import the classes only for type checking).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from crm.domain.enums import OutboxOp, RmKind, Role
from crm.domain.ids import new_id
from crm.domain.models import Branch, User
from crm.domain.serialize import to_wire
from crm.sync.protocol import EnrolRequest, Mutation, PullResponse, PushRequest, PushResponse

LEDGER_PASSWORD = "Ledger-pass-2026"  # noqa: S105 - test users in throwaway databases
# Cheap argon2 for tests only; the server's default is argon2-cffi's RFC 9106 profile.
LEDGER_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def _pg_with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def ledger_sqlite_shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """One migrated SQLite ledger for the session, emptied before each test (ledger_engine).

    Sharing the engine keeps SQLAlchemy's compiled-statement cache warm; a fresh engine per test would
    spend most of each test compiling the same statements again.
    """
    from crm.sync.server.db import open_ledger

    path = tmp_path_factory.mktemp("ledger") / "ledger.db"
    engine = open_ledger(f"sqlite:///{path}")

    @sa.event.listens_for(engine, "connect")
    def _no_fsync(dbapi_conn: Any, _record: Any) -> None:
        # Test speed only: durability is not what these tests check (the product's FULL is checked
        # on a fresh engine in test_server_ledger.py).
        dbapi_conn.execute("PRAGMA synchronous = OFF")

    engine.dispose()
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def ledger_pg_shared(request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """A fresh PostgreSQL schema per test module, migrated once and emptied before each test."""
    from crm.sync.server.db import open_ledger

    base = request.getfixturevalue("pg_url")
    schema = "ledger_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = open_ledger(_pg_with_schema(base, schema))
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


_KEEP = ("alembic_version", "ledger_alembic_version")


def empty_ledger(engine: sa.Engine) -> None:
    """Delete every row but the schema versions (the meta row comes back with a new epoch)."""
    from crm.sync.server.db import ensure_meta

    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            names = [r[0] for r in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()") if r[0] not in _KEEP]
            listed = ", ".join(f'"{n}"' for n in names)
            conn.exec_driver_sql(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
        else:
            from sqlmodel import SQLModel

            present = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%'")} - set(_KEEP)
            # Children before parents: foreign keys stay on.
            ordered = [t.name for t in reversed(SQLModel.metadata.sorted_tables) if t.name in present]
            for name in ordered + sorted(present - set(ordered)):
                conn.exec_driver_sql(f'DELETE FROM "{name}"')  # noqa: S608 - our own table names
            conn.exec_driver_sql("DELETE FROM sqlite_sequence")  # AUTOINCREMENT counters start again
        conn.commit()
    ensure_meta(engine)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_engine(request: pytest.FixtureRequest) -> sa.Engine:
    """A migrated, empty ledger: SQLite, and a PostgreSQL schema of this module (emptied per test)."""
    from crm.sync.server import auth

    auth.set_hasher(LEDGER_TEST_HASHER)
    shared = "ledger_sqlite_shared" if request.param == "sqlite" else "ledger_pg_shared"
    engine: sa.Engine = request.getfixturevalue(shared)
    empty_ledger(engine)
    return engine


@dataclass
class LedgerOrg:
    engine: sa.Engine
    branch: Branch
    other_branch: Branch
    rm: User
    rm2: User
    head: User
    other_head: User
    other_rm: User
    admin: User
    password: str = LEDGER_PASSWORD

    def device(self, user: User, *, address: str = "127.0.0.1") -> LedgerDevice:
        from crm.sync.server import auth
        from crm.sync.server.ledger import context_for

        device_id = new_id()
        resp = auth.enrol(self.engine, EnrolRequest(username=user.username, password=LEDGER_PASSWORD,
                                                    device_id=device_id, device_name="test"), address)
        return LedgerDevice(self.engine, context_for(user, device_id), resp.token, resp.epoch)


def make_ledger_org(engine: sa.Engine) -> LedgerOrg:
    from crm.sync.server import admin

    branch = admin.create_branch(engine, code="310101", name="城中支行")
    other = admin.create_branch(engine, code="310102", name="城东支行")

    def user(username: str, name: str, role: Role, code: str, kind: RmKind | None = None) -> User:
        return admin.create_user(engine, username=username, display_name=name, role=role, branch_code=code,
                                 password=LEDGER_PASSWORD, rm_kind=kind)

    return LedgerOrg(
        engine=engine, branch=branch, other_branch=other,
        rm=user("wangfang", "王芳", Role.RM, "310101", RmKind.CORPORATE),
        rm2=user("lilei", "李雷", Role.RM, "310101", RmKind.PERSONAL),
        head=user("zhangwei", "张伟", Role.BRANCH_HEAD, "310101"),
        other_head=user("zhaomin", "赵敏", Role.BRANCH_HEAD, "310102"),
        other_rm=user("sunli", "孙丽", Role.RM, "310102", RmKind.CORPORATE),
        admin=user("admin01", "系统管理员", Role.ADMIN, "310101"),
    )


@pytest.fixture
def ledger_org(ledger_engine: sa.Engine) -> LedgerOrg:
    return make_ledger_org(ledger_engine)


@pytest.fixture(scope="session")
def ledger_cheap_hashing() -> PasswordHasher:
    from crm.sync.server import auth

    auth.set_hasher(LEDGER_TEST_HASHER)
    return LEDGER_TEST_HASHER


@pytest.fixture(scope="session")
def ledger_org_factory(ledger_cheap_hashing: PasswordHasher) -> Callable[[sa.Engine], LedgerOrg]:
    """`make_ledger_org` for tests that build their own ledger (a server process, a module's database)."""
    return make_ledger_org


@dataclass
class LedgerDevice:
    """A device talking to the ledger's service layer: numbers its mutations 1, 2, 3…"""

    engine: sa.Engine
    ctx: Any
    token: str
    epoch: str
    seq: int = 0
    cursor: int = 0
    rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def mutation(self, op: OutboxOp, entity: str, entity_id: str, payload: dict[str, Any] | None = None,
                 *, name: str = "", base: dict[str, int] | None = None,
                 client_ts: datetime | None = None) -> Mutation:
        self.seq += 1
        return Mutation(seq=self.seq, mutation_id=new_id(), entity=entity, entity_id=entity_id, op=op,
                        name=name, payload=payload or {}, base_versions=base or {},
                        client_ts=client_ts or datetime.now(UTC))

    def create(self, entity: str, obj: Any) -> Mutation:
        return self.mutation(OutboxOp.CREATE, entity, obj.id, to_wire(obj))

    def patch(self, entity: str, entity_id: str, base: dict[str, int] | None = None,
              **fields: Any) -> Mutation:
        return self.mutation(OutboxOp.PATCH, entity, entity_id, fields, base=base)

    def delete(self, entity: str, entity_id: str, base: int | None = None) -> Mutation:
        return self.mutation(OutboxOp.DELETE, entity, entity_id, {},
                             base={"_row": base} if base is not None else None)

    def command(self, name: str, entity: str, entity_id: str, **payload: Any) -> Mutation:
        return self.mutation(OutboxOp.COMMAND, entity, entity_id, payload, name=name)

    def push(self, *mutations: Mutation, epoch: str | None = None) -> PushResponse:
        from crm.sync.server.push import push

        return push(self.engine, self.ctx, PushRequest(epoch=epoch or self.epoch, mutations=list(mutations)))

    def push_one(self, mutation: Mutation) -> Any:
        return self.push(mutation).results[0]

    def pull(self, limit: int = 1000) -> PullResponse:
        from crm.sync.server.ledger import pull

        return pull(self.engine, self.ctx, self.cursor, limit)

    def sync_down(self, limit: int = 1000) -> list[Any]:
        """Pull every page, keeping a local copy of rows (puts and removes) like a device would."""
        changes = []
        while True:
            page = self.pull(limit)
            for change in page.changes:
                key = (change.entity, change.id)
                if change.op.value == "put":
                    self.rows[key] = change.data or {}
                else:
                    self.rows.pop(key, None)
            changes.extend(page.changes)
            self.cursor = page.cursor
            if not page.has_more:
                return changes

    def has(self, entity: str, entity_id: str) -> bool:
        return (entity, entity_id) in self.rows


def pg_available() -> bool:
    return bool(os.environ.get("CRM_TEST_PG_URL"))
