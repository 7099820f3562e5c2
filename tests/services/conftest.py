"""Fixtures for service tests: a real encrypted workspace with a branch, two RMs and a branch head."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus, Role, RmKind
from crm.domain.models import Branch, Client, User
from crm.domain.rules.checksums import make_uscc
from crm.services.context import Actor

# Cheap argon2 cost for tests only; the product default is in crm.db.crypto.DEFAULT_KDF.
TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "test-password-42"


@pytest.fixture
def keystore() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def workspace(tmp_path: Path, keystore: MemoryKeyStore) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "ws", password=PASSWORD, keystore=keystore, kdf=TEST_KDF)
    yield ws
    ws.close()


@pytest.fixture
def session(workspace: Workspace) -> Iterator[Session]:
    with Session(workspace.engine, expire_on_commit=False) as s:
        yield s


@dataclass
class Org:
    branch: Branch
    other_branch: Branch
    rm: Actor
    rm2: Actor
    head: Actor
    other_head: Actor
    admin: Actor


@pytest.fixture
def org(session: Session) -> Org:
    branch = Branch(code="310101", name="城中支行")
    other = Branch(code="310102", name="城东支行")
    session.add_all([branch, other])
    session.flush()
    users = {
        "rm": User(username="wangfang", display_name="王芳", role=Role.RM, rm_kind=RmKind.CORPORATE,
                   branch_id=branch.id),
        "rm2": User(username="lilei", display_name="李雷", role=Role.RM, rm_kind=RmKind.PERSONAL,
                    branch_id=branch.id),
        "head": User(username="zhangwei", display_name="张伟", role=Role.BRANCH_HEAD, branch_id=branch.id,
                     heads_branch_ids=[branch.id]),
        "other_head": User(username="zhaomin", display_name="赵敏", role=Role.BRANCH_HEAD,
                           branch_id=other.id, heads_branch_ids=[other.id]),
        "admin": User(username="admin01", display_name="系统管理员", role=Role.ADMIN, branch_id=branch.id),
    }
    session.add_all(users.values())
    session.commit()
    return Org(branch=branch, other_branch=other, **{k: Actor.of(u) for k, u in users.items()})


_serial = iter(range(1, 10**6))


@pytest.fixture
def make_client(session: Session, org: Org):  # type: ignore[no-untyped-def]
    """Insert a client row directly (as if bootstrapped from the ledger), bypassing the services."""

    def make(owner: Actor | None = None, *, name: str | None = None, kind: ClientKind = ClientKind.CORPORATE,
             branch: Branch | None = None, **fields: object) -> Client:
        n = next(_serial)
        client = Client(kind=kind, status=ClientStatus.ACTIVE, legal_name=name or f"测试企业{n}有限公司",
                        uscc=None if kind.is_person else make_uscc(f"91310101MA{n:07d}"),
                        owner_id=owner.user_id if owner else None,
                        branch_id=(branch or org.branch).id, **fields)  # type: ignore[arg-type]
        session.add(client)
        session.commit()
        return client

    return make
