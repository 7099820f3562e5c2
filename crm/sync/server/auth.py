"""Credentials, device enrolment and tokens, and login throttling.

- Passwords: argon2id (argon2-cffi) with its RFC 9106 profile; parameters are encoded in each hash.
- Device tokens: ``secrets.token_urlsafe(32)`` shown once to the device; the ledger keeps only SHA-256.
- Throttling never locks a real user out. Failures are counted per source address, per username from
  that address, and per username overall. An address with too many failures, or a username with too many
  failures from that address, is refused with HTTP 429 and a Retry-After that doubles with each further
  failure (capped at 15 minutes). A username attacked from many addresses is refused only from addresses
  that already failed for it: the real user, on a machine that did not fail, still gets in. Counters
  lapse an hour after the last failure. No password or token is ever logged.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from crm.domain.errors import Conflict, PermissionDenied, ValidationError
from crm.domain.models import User
from crm.domain.types import utcnow
from crm.services import audit
from crm.sync.protocol import EnrolRequest, EnrolResponse
from crm.sync.server.errors import AuthError, Throttled
from crm.sync.server.ledger import DeviceContext, context_for, ledger_state, read_session, write_tx
from crm.sync.server.models import Credential, Device, LoginAttempt

log = logging.getLogger("crm.ledger.auth")

IP_LIMIT = 10  # failures from one address (any usernames) before it is slowed down
USER_IP_LIMIT = 5  # failures for one username from one address
USER_LIMIT = 20  # failures for one username from anywhere (then only failing addresses are refused)
MAX_DELAY = 900
WINDOW = timedelta(hours=1)
LAST_SEEN_EVERY = timedelta(minutes=1)

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (t=3, 64 MiB, p=4)
_dummy_hash: str | None = None


def set_hasher(hasher: PasswordHasher) -> None:
    """Tests use cheap parameters; production never calls this."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = hasher, None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


# --- throttle -------------------------------------------------------------------------------------


def _keys(username: str, address: str) -> tuple[str, str, str]:
    name = username.strip().lower()[:64]
    return f"ip:{address[:64]}", f"user_ip:{name}|{address[:64]}", f"user:{name}"


def _delay(failures: int, limit: int) -> int:
    return min(2 ** (failures - limit), MAX_DELAY)


def _attempts(session: Session, keys: tuple[str, ...], now: datetime) -> dict[str, LoginAttempt]:
    rows = session.exec(select(LoginAttempt).where(col(LoginAttempt.key).in_(keys))).all()
    return {r.key: r for r in rows if r.last_failure_at is not None and now - r.last_failure_at < WINDOW}


def check_throttle(session: Session, username: str, address: str, now: datetime | None = None) -> None:
    """Raise Throttled while this address, or this username from this address, must wait."""
    now = now or utcnow()
    ip_key, user_ip_key, user_key = _keys(username, address)
    found = _attempts(session, (ip_key, user_ip_key, user_key), now)
    waits = []
    for key, limit in ((ip_key, IP_LIMIT), (user_ip_key, USER_IP_LIMIT)):
        row = found.get(key)
        if row is not None and row.failures >= limit and row.last_failure_at is not None:
            waits.append(row.last_failure_at + timedelta(seconds=_delay(row.failures, limit)) - now)
    user_row, user_ip_row = found.get(user_key), found.get(user_ip_key)
    if (user_row is not None and user_row.failures >= USER_LIMIT and user_ip_row is not None
            and user_row.last_failure_at is not None):
        delay = timedelta(seconds=_delay(user_row.failures, USER_LIMIT))
        waits.append(user_row.last_failure_at + delay - now)
    wait = max((w for w in waits if w.total_seconds() > 0), default=None)
    if wait is not None:
        raise Throttled(max(1, int(wait.total_seconds() + 0.999)))


def _upsert_failure(session: Session, key: str, now: datetime) -> None:
    table = LoginAttempt.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    lapsed = table.c.last_failure_at < now - WINDOW
    stmt = insert.values(key=key, failures=1, last_failure_at=now).on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"failures": sa.case((lapsed, 1), else_=table.c.failures + 1), "last_failure_at": now},
    )
    session.execute(stmt)


def record_failure(engine: sa.Engine, username: str, address: str) -> None:
    now = utcnow()
    with Session(engine) as session:
        for key in _keys(username, address):
            _upsert_failure(session, key, now)
        session.commit()


def record_success(engine: sa.Engine, username: str, address: str) -> None:
    _, user_ip_key, user_key = _keys(username, address)
    with Session(engine) as session:
        table = LoginAttempt.__table__  # type: ignore[attr-defined]
        # The address's own counter stays: one good account must not launder an address's failures.
        session.execute(table.delete().where(table.c.key.in_([user_ip_key, user_key])))
        session.commit()


# --- passwords ------------------------------------------------------------------------------------


def _verify(stored: str | None, password: str) -> bool:
    global _dummy_hash
    if stored is None:
        # Same cost for an unknown username, so timing does not reveal which usernames exist.
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
        stored = _dummy_hash
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return bool(_hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password(engine: sa.Engine, username: str, password: str, address: str) -> User:
    """The active user with this username and password, or AuthError / Throttled (with counting)."""
    with Session(engine, expire_on_commit=False) as session:
        check_throttle(session, username, address)
        user = session.exec(select(User).where(col(User.username) == username.strip())).first()
        cred = session.get(Credential, user.id) if user is not None else None
    ok = _verify(cred.password_hash if cred else None, password)
    if not ok or user is None or user.deleted or not user.active:
        record_failure(engine, username, address)
        log.info("login refused for a username from %s", address)
        raise AuthError("auth.invalid_credentials")
    record_success(engine, username, address)
    # No rehash on login: verification costs what the stored hash says, so a login's cost never jumps;
    # `crm admin reset-password` writes a hash with the current parameters.
    return user


def set_password_hash(engine: sa.Engine, user_id: str, password_hash: str) -> None:
    with Session(engine) as session:
        cred = session.get(Credential, user_id) or Credential(user_id=user_id, password_hash=password_hash)
        cred.password_hash = password_hash
        cred.updated_at = utcnow()
        session.add(cred)
        session.commit()


# --- devices --------------------------------------------------------------------------------------


def enrol(engine: sa.Engine, request: EnrolRequest, address: str) -> EnrolResponse:
    """Username + password → a device token (shown once). Re-enrolling the same device of the same user
    (a new login on the same workspace) rotates its token and keeps its mutation numbering."""
    user = check_password(engine, request.username, request.password, address)
    token = new_token()
    with write_tx(engine) as tx:
        s = tx.session
        device = s.get(Device, request.device_id)
        if device is not None and device.user_id != user.id:
            raise Conflict("device.taken", field="device_id")
        if device is not None and (device.wiped_at is not None or (device.revoked and device.wipe_requested)):
            # A wiped workspace never comes back under its id; one told to wipe must wipe first.
            raise PermissionDenied("device.revoked", field="device_id")
        if device is None:
            device = Device(id=request.device_id, user_id=user.id, name=request.device_name,
                            token_hash=token_hash(token))
        else:
            # Signing in again (after a revocation or a password change) issues a new token and keeps the
            # device's last_applied_seq: its outbox numbering continues (docs/sync-protocol.md).
            device.token_hash = token_hash(token)
            device.name = request.device_name or device.name
            device.revoked, device.revoked_at = False, None
        device.last_seen = utcnow()
        s.add(device)
        s.flush()
        audit.record(s, actor=None, action="device.enrol", entity="device", entity_id=device.id,
                     detail={"user_id": user.id, "address": address})
        epoch = tx.epoch
    ctx = context_for(user, request.device_id)
    return EnrolResponse(device_id=request.device_id, token=token, user=ctx.user_info(), epoch=epoch,
                         server_time=utcnow())


@dataclass(frozen=True)
class Authenticated:
    ctx: DeviceContext
    wipe_requested: bool


def authenticate(engine: sa.Engine, token: str | None) -> Authenticated:
    """The device and user behind a bearer token, or AuthError (unknown, revoked, inactive user)."""
    if not token:
        raise AuthError("auth.missing")
    digest = token_hash(token)
    with read_session(engine) as session:
        device = session.exec(select(Device).where(col(Device.token_hash) == digest)).first()
        if device is None:
            raise AuthError("auth.invalid")
        if device.revoked:
            raise AuthError("device.revoked")
        user = session.get(User, device.user_id)
        if user is None or user.deleted or not user.active:
            raise AuthError("auth.user_inactive")
        ctx = context_for(user, device.id)
        stale = device.last_seen is None or utcnow() - device.last_seen > LAST_SEEN_EVERY
        wipe = device.wipe_requested
    if stale:
        table = Device.__table__  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(table.update().where(table.c.id == ctx.device_id).values(last_seen=utcnow()))
    return Authenticated(ctx=ctx, wipe_requested=wipe)


def refresh_token(engine: sa.Engine, ctx: DeviceContext) -> str:
    token = new_token()
    with write_tx(engine) as tx:
        device = tx.session.get(Device, ctx.device_id)
        if device is None or device.revoked:
            raise AuthError("device.revoked")
        device.token_hash = token_hash(token)
        tx.session.add(device)
        audit.record(tx.session, actor=ctx.actor, action="device.token_refresh", entity="device",
                     entity_id=device.id)
    return token


def wipe_ack(engine: sa.Engine, ctx: DeviceContext) -> None:
    """The device says it destroyed its key material and data: it is revoked for good."""
    with write_tx(engine) as tx:
        device = tx.session.get(Device, ctx.device_id)
        if device is None:
            raise AuthError("auth.invalid")
        if not device.wipe_requested:
            raise ValidationError("device.wipe_not_requested")
        now = utcnow()
        device.wiped_at = now
        device.revoked = True
        device.revoked_at = now
        tx.session.add(device)
        audit.record(tx.session, actor=ctx.actor, action="device.wiped", entity="device", entity_id=device.id)


def current_epoch(engine: sa.Engine) -> str:
    with read_session(engine) as session:
        return ledger_state(session)[1]
