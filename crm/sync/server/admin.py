"""Administration of the ledger (`crm admin …`): organisation, users and passwords, devices, reassignment,
the product catalogue, epochs and demo data. Every action is audited in the ledger's hash-chained trail;
rows it changes go through the change log like any other change, so devices pull them.
"""

from __future__ import annotations

import getpass
import secrets
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from crm.db.crypto import check_password_strength
from crm.domain.enums import BranchLevel, RmKind, Role
from crm.domain.errors import Conflict, NotFound, ValidationError
from crm.domain.ids import new_id
from crm.domain.models import Branch, Client, User
from crm.domain.types import utcnow
from crm.services import audit
from crm.services.context import Actor
from crm.sync.server import auth
from crm.sync.server.ledger import LedgerTx, write_tx
from crm.sync.server.models import COUNTER_ID, Credential, Device, LedgerMeta

# The `crm admin` command line acts as this pseudo-user (an administrator of no branch).
ADMIN_ACTOR = Actor(user_id="crm-admin", role=Role.ADMIN, branch_id="", display_name="crm admin")


def _audit(tx: LedgerTx, action: str, entity: str = "", entity_id: str | None = None,
           detail: dict[str, Any] | None = None) -> None:
    who = {"os_user": _os_user()}
    audit.record(tx.session, actor=ADMIN_ACTOR, action=f"admin.{action}", entity=entity, entity_id=entity_id,
                 detail={**who, **(detail or {})})


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _branch_by_code(session: Session, code: str) -> Branch:
    branch = session.exec(select(Branch).where(col(Branch.code) == code.strip())).first()
    if branch is None or branch.deleted:
        raise NotFound("branch.not_found", params={"code": code})
    return branch


def _user_by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(col(User.username) == username.strip())).first()
    if user is None or user.deleted:
        raise NotFound("user.not_found", params={"username": username})
    return user


# --- organisation ---------------------------------------------------------------------------------


def create_branch(engine: sa.Engine, *, code: str, name: str, level: BranchLevel = BranchLevel.SUB_BRANCH,
                  parent_code: str | None = None, address: str = "", phone: str = "") -> Branch:
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError("branch.code_and_name_required", field="code")
    with write_tx(engine) as tx:
        s = tx.session
        if s.exec(select(Branch).where(col(Branch.code) == code)).first() is not None:
            raise Conflict("branch.duplicate_code", field="code", params={"code": code})
        parent = _branch_by_code(s, parent_code) if parent_code else None
        branch = Branch(code=code, name=name, level=level, parent_id=parent.id if parent else None,
                        address=address, phone=phone)
        s.add(branch)
        s.flush()
        _audit(tx, "branch.create", "branch", branch.id, {"code": code})
    return branch


def create_user(engine: sa.Engine, *, username: str, display_name: str, role: Role | str, branch_code: str,
                password: str, heads: list[str] | None = None, rm_kind: RmKind | None = None,
                title: str = "") -> User:
    """A member of staff with a password (argon2id). A branch head heads their own branch unless
    ``heads`` (branch codes) says otherwise."""
    role = Role(role)
    username = username.strip()
    if not username or not display_name.strip():
        raise ValidationError("user.username_required", field="username")
    check_password_strength(password)
    password_hash = auth.hash_password(password)  # slow on purpose: outside the counter lock
    with write_tx(engine) as tx:
        s = tx.session
        if s.exec(select(User).where(col(User.username) == username)).first() is not None:
            raise Conflict("user.duplicate_username", field="username", params={"username": username})
        branch = _branch_by_code(s, branch_code)
        headed: list[str] = []
        if role is Role.BRANCH_HEAD:
            headed = [_branch_by_code(s, c).id for c in heads] if heads else [branch.id]
        user = User(username=username, display_name=display_name.strip(), role=role, branch_id=branch.id,
                    heads_branch_ids=headed, rm_kind=rm_kind if role is Role.RM else None, title=title)
        s.add(user)
        s.flush()
        s.add(Credential(user_id=user.id, password_hash=password_hash))
        _audit(tx, "user.create", "user", user.id, {"role": role.value, "branch": branch.code})
    return user


def reset_password(engine: sa.Engine, *, username: str, password: str, revoke_devices: bool = False) -> None:
    check_password_strength(password)
    password_hash = auth.hash_password(password)
    with write_tx(engine) as tx:
        s = tx.session
        user = _user_by_name(s, username)
        cred = s.get(Credential, user.id) or Credential(user_id=user.id, password_hash=password_hash)
        cred.password_hash = password_hash
        cred.updated_at = utcnow()
        s.add(cred)
        revoked = 0
        if revoke_devices:
            for device in s.exec(select(Device).where(col(Device.user_id) == user.id,
                                                      col(Device.revoked).is_(False))):
                device.revoked, device.revoked_at = True, utcnow()
                s.add(device)
                revoked += 1
        _audit(tx, "user.reset_password", "user", user.id, {"devices_revoked": revoked})


# --- devices --------------------------------------------------------------------------------------


def list_devices(engine: sa.Engine, *, username: str | None = None) -> list[dict[str, Any]]:
    with Session(engine) as s:
        stmt = select(Device, User.username).join(User, col(User.id) == col(Device.user_id))
        if username:
            stmt = stmt.where(col(User.username) == username)
        rows = s.exec(stmt.order_by(col(User.username), col(Device.created_at))).all()
        return [{"device_id": d.id, "username": name, "name": d.name, "created_at": d.created_at.isoformat(),
                 "last_seen": d.last_seen.isoformat() if d.last_seen else None,
                 "last_applied_seq": d.last_applied_seq, "revoked": d.revoked,
                 "wipe_requested": d.wipe_requested,
                 "wiped_at": d.wiped_at.isoformat() if d.wiped_at else None}
                for d, name in rows]


def revoke_device(engine: sa.Engine, device_id: str) -> None:
    """Every request of the device is then refused (401 device.revoked) until its user signs in again."""
    with write_tx(engine) as tx:
        device = tx.session.get(Device, device_id)
        if device is None:
            raise NotFound("device.not_found", params={"id": device_id})
        device.revoked, device.revoked_at = True, utcnow()
        tx.session.add(device)
        _audit(tx, "device.revoke", "device", device.id, {"user_id": device.user_id})


def wipe_device(engine: sa.Engine, device_id: str) -> None:
    """The device will erase its workspace at its next contact and acknowledge (then it is revoked)."""
    with write_tx(engine) as tx:
        device = tx.session.get(Device, device_id)
        if device is None:
            raise NotFound("device.not_found", params={"id": device_id})
        device.wipe_requested = True
        # A revoked device could not hear the order: let it in for status and wipe-ack only.
        device.revoked, device.revoked_at = False, None
        tx.session.add(device)
        _audit(tx, "device.wipe_request", "device", device.id, {"user_id": device.user_id})


# --- clients and catalogue ------------------------------------------------------------------------


def assign_client(engine: sa.Engine, *, client_id: str, username: str) -> Client:
    """Give a client to a member of staff of its branch; the change log moves it (and its children)
    from the old owner's scope to the new one's."""
    with write_tx(engine) as tx:
        s = tx.session
        client = s.get(Client, client_id)
        if client is None or client.deleted:
            raise NotFound("client.not_found", params={"id": client_id})
        user = _user_by_name(s, username)
        staff = user.role in (Role.RM, Role.BRANCH_HEAD) and user.branch_id == client.branch_id
        if not user.active or not staff:
            raise ValidationError("client.owner_invalid", field="owner_id")
        previous = client.owner_id
        if previous != user.id:
            client.owner_id = user.id
            client.updated_at = utcnow()
            s.add(client)
            s.flush()
        _audit(tx, "client.assign", "client", client.id, {"owner_id": user.id, "previous_owner_id": previous})
    return client


def load_catalogue(engine: sa.Engine, path: Path | None = None, *, deactivate_missing: bool = False) -> Any:
    from crm.services import products

    entries = products.default_catalogue(path)
    with write_tx(engine) as tx:
        result = products.load_catalogue(session=tx.session, actor=ADMIN_ACTOR, entries=entries,
                                         deactivate_missing=deactivate_missing)
        _audit(tx, "catalogue.load", "product", None, result.model_dump())
    return result


# --- epochs and demo data -------------------------------------------------------------------------


def new_epoch(engine: sa.Engine, *, reason: str = "manual") -> str:
    """A new epoch id: every device re-bootstraps and replays its journal (after a restore from backup)."""
    epoch = new_id()
    table = LedgerMeta.__table__  # type: ignore[attr-defined]
    with write_tx(engine) as tx:
        tx.session.execute(table.update().where(table.c.id == COUNTER_ID)
                           .values(epoch=epoch, epoch_started_at=utcnow()))
        tx.epoch = epoch
        _audit(tx, "epoch.new", detail={"epoch": epoch, "reason": reason})
    return epoch


def seed_demo(engine: sa.Engine, *, clients: int = 200, visits: int = 800, seed: int = 2026,
              today: date | None = None) -> dict[str, Any]:
    """Fill an empty ledger with the deterministic demo data and give every demo user a random password.

    The rows are bulk-inserted (Core executemany, crm.services.demo_data.write) without change-log
    entries: a snapshot serves rows by scope from the tables themselves, so they reach devices at
    bootstrap. A new epoch is started at the end, so a device enrolled before the seeding re-bootstraps
    instead of missing rows its pulls would never mention.
    """
    from crm.services import demo_data

    with Session(engine) as s:
        if s.exec(select(func.count()).select_from(Client)).one() or \
                s.exec(select(func.count()).select_from(User)).one():
            raise Conflict("ledger.not_empty", detail="seed-demo needs a ledger without users or clients")
    data = demo_data.generate(seed=seed, clients=clients, visits=visits, today=today or date.today())
    summary = demo_data.write(engine, data)
    passwords: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for user in data.users:
        password = "Demo-" + secrets.token_urlsafe(12)
        passwords[user.username] = password
        hashes[user.id] = auth.hash_password(password)
    with write_tx(engine) as tx:
        for user_id, password_hash in hashes.items():
            tx.session.add(Credential(user_id=user_id, password_hash=password_hash))
        _audit(tx, "demo.seed", detail={"seed": seed, "clients": clients, "visits": visits,
                                        "rows": summary.total_rows})
    epoch = new_epoch(engine, reason="seed-demo")
    users = [{**u, "password": passwords[u["username"]]} for u in data.demo_users]
    return {"epoch": epoch, "counts": summary.counts, "seconds": round(summary.seconds, 2), "users": users}
