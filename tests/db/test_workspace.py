"""The encrypted workspace: keys, passwords, pragmas, migrations and no plaintext on disk."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from crm.db import migrate
from crm.db.crypto import KdfParams
from crm.db.engine import WalCheckpointer, session_scope
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.errors import DomainError
from crm.domain.models import Branch, Client, Contact, LocalSetting

KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "Secret-pass-2026"
CLIENT_NAME = "上海恒信精密机械有限公司"


def _create(path: Path, keystore: MemoryKeyStore | None) -> Workspace:
    return Workspace.create(path, password=PASSWORD, keystore=keystore, kdf=KDF)


def test_reopens_with_the_password_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    ks = MemoryKeyStore()
    with _create(tmp_path / "ws", ks) as ws:
        with session_scope(ws.engine) as s:
            s.add(Branch(code="310105", name="城中支行"))
    with Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=ks) as ws, Session(ws.engine) as s:
        assert s.exec(sa.select(Branch.name)).scalars().all() == ["城中支行"]  # type: ignore[call-overload]
    with pytest.raises(DomainError) as err:
        Workspace.open(tmp_path / "ws", password="Wrong-pass-2026", keystore=ks)
    assert err.value.code == "workspace.bad_password"


def test_the_os_key_store_secret_is_needed_too(tmp_path: Path) -> None:
    ks = MemoryKeyStore()
    _create(tmp_path / "ws", ks).close()
    with pytest.raises(DomainError) as err:
        Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=MemoryKeyStore())
    assert err.value.code == "workspace.keystore_missing"


def test_a_headless_machine_without_key_store_works_with_the_password_alone(tmp_path: Path) -> None:
    _create(tmp_path / "ws", None).close()
    Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=None).close()
    with pytest.raises(DomainError):
        Workspace.open(tmp_path / "ws", password=PASSWORD + "x", keystore=None)


@pytest.mark.parametrize("password", ["short1", "onlyletterslong", "1234567890123"])
def test_weak_passwords_are_refused_and_nothing_is_created(tmp_path: Path, password: str) -> None:
    with pytest.raises(DomainError) as err:
        Workspace.create(tmp_path / "ws", password=password, keystore=None, kdf=KDF)
    assert err.value.code.startswith("password.")
    assert not Workspace.exists(tmp_path / "ws")


def test_change_password_keeps_the_data(tmp_path: Path) -> None:
    ks = MemoryKeyStore()
    with _create(tmp_path / "ws", ks) as ws:
        with session_scope(ws.engine) as s:
            s.add(Branch(code="1", name="城中支行"))
        ws.change_password(old_password=PASSWORD, new_password="New-secret-2027", keystore=ks)
    with pytest.raises(DomainError):
        Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=ks)
    with Workspace.open(tmp_path / "ws", password="New-secret-2027", keystore=ks) as ws, Session(ws.engine) as s:
        assert s.get(Branch, s.exec(sa.select(Branch.id)).scalar_one()) is not None  # type: ignore[call-overload]


def test_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    with _create(tmp_path / "ws", None) as ws, ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()  # really SQLCipher


def test_no_client_name_or_identifier_in_any_workspace_file(tmp_path: Path) -> None:
    ws = _create(tmp_path / "ws", MemoryKeyStore())
    with session_scope(ws.engine) as s:
        branch = Branch(code="310105", name="城中支行")
        s.add(branch)
        s.flush()
        client = Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=CLIENT_NAME,
                        uscc="91350100M000100Y43", branch_id=branch.id)
        s.add(client)
        s.flush()
        s.add(Contact(client_id=client.id, name="欧阳娜娜", phones=["13812345678"]))
    # Inspect while the WAL still holds the pages, then again after a checkpoint on close.
    needles = [CLIENT_NAME.encode(), "欧阳娜娜".encode(), b"91350100M000100Y43", b"13812345678"]
    for closing in (False, True):
        if closing:
            ws.close()
        files = [p for p in (tmp_path / "ws").rglob("*") if p.is_file()]
        assert any(p.name.startswith("crm.db") for p in files)
        for path in files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} in clear in {path.name}"
                assert needle.decode() .encode("utf-16-le") not in data


def test_schema_upgrades_in_place_from_the_first_revision(tmp_path: Path) -> None:
    from crm.db.engine import encrypted_engine

    key = bytes(range(32))
    engine = encrypted_engine(tmp_path / "old.db", key)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(sa.insert(Branch.__table__).values(  # type: ignore[attr-defined]
            id="b1", code="310105", name="城中支行", level="sub_branch", version=1, field_versions={},
            created_at=sa.func.current_timestamp(), updated_at=sa.func.current_timestamp(), deleted=False,
            address="", phone=""))
    assert migrate.current_revision(engine) == "0001"
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision() != "0001"
    with Session(engine) as s:
        assert s.get(Branch, "b1").name == "城中支行"  # type: ignore[union-attr]
    engine.dispose()


def test_the_head_constant_matches_the_migration_scripts() -> None:
    # A new revision file must come with HEAD_REVISION moved to it, or workspaces would not be upgraded.
    assert migrate.HEAD_REVISION == migrate.head_revision()


def test_a_workspace_at_the_head_opens_without_running_alembic(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    _create(tmp_path / "ws", None).close()

    def no_upgrade(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran on a workspace already at the head")

    monkeypatch.setattr(command, "upgrade", no_upgrade)
    with Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=None) as ws:
        assert migrate.current_revision(ws.engine) == migrate.HEAD_REVISION


def test_opening_a_workspace_at_the_head_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    _create(tmp_path / "ws", None).close()
    script = ("import sys; from crm.db.workspace import Workspace; "
              f"Workspace.open({str(tmp_path / 'ws')!r}, password={PASSWORD!r}, keystore=None).close(); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]"


def test_opening_a_workspace_at_an_older_revision_upgrades_it(tmp_path: Path) -> None:
    from alembic import command

    with _create(tmp_path / "ws", None) as ws:
        with session_scope(ws.engine) as s:
            s.add(Branch(code="310105", name="城中支行"))
        cfg = migrate._config()
        with ws.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        assert migrate.current_revision(ws.engine) == "0005"
        assert "ix_client_branch_live_name" not in _client_indexes(ws.engine)
    with Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=None) as ws:
        assert migrate.current_revision(ws.engine) == migrate.HEAD_REVISION
        assert "ix_client_branch_live_name" in _client_indexes(ws.engine)
        with Session(ws.engine) as s:
            assert s.exec(sa.select(Branch.name)).scalars().all() == ["城中支行"]  # type: ignore[call-overload]


def _client_indexes(engine: sa.Engine) -> set[str]:
    return {str(index["name"]) for index in sa.inspect(engine).get_indexes("client")}


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    ks = MemoryKeyStore()
    with _create(tmp_path / "ws", ks) as ws, ws.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DomainError) as err:
        Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=ks)
    assert err.value.code == "workspace.schema_too_new"
    assert err.value.params["revision"] == "9999_from_the_future"


def test_local_settings_roundtrip_json(tmp_path: Path) -> None:
    with _create(tmp_path / "ws", None) as ws:
        with session_scope(ws.engine) as s:
            s.add(LocalSetting(key="cursor", value={"seq": 42, "epoch": "e1"}))
        with Session(ws.engine) as s:
            assert s.get(LocalSetting, "cursor").value == {"seq": 42, "epoch": "e1"}  # type: ignore[union-attr]


def _wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _write_pages(ws: Workspace, pages: int) -> None:
    with ws.engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE IF NOT EXISTS ballast (data BLOB)")
        c.exec_driver_sql("INSERT INTO ballast VALUES (?)", [(os.urandom(4000),) for _ in range(pages)])


def test_commits_leave_the_wal_checkpoint_to_a_helper_thread(tmp_path: Path) -> None:
    with _create(tmp_path / "ws", None) as ws:
        db = tmp_path / "ws" / "crm.db"
        with ws.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        checkpointer = WalCheckpointer.of(ws.engine)
        assert checkpointer is not None
        checkpointer.QUIET = checkpointer.AT_MOST = 3600.0  # type: ignore[misc]
        size = db.stat().st_size
        _write_pages(ws, 1_500)  # past the 1,000 pages at which SQLite would checkpoint in the commit
        assert db.stat().st_size == size  # the pages are in the WAL only
        assert Path(f"{db}-wal").stat().st_size > 1_500 * 4096
        checkpointer.QUIET, checkpointer.AT_MOST = 0.05, 0.1  # type: ignore[misc]
        _write_pages(ws, 1)  # the next commit wakes the thread, which now checkpoints at once
        assert _wait_for(lambda: checkpointer.checkpoints >= 1)
        assert db.stat().st_size > size + 1_500 * 4096


def test_closing_stops_a_pending_checkpoint_and_leaves_one_file(tmp_path: Path) -> None:
    ws = _create(tmp_path / "ws", None)
    checkpointer = WalCheckpointer.of(ws.engine)
    assert checkpointer is not None
    checkpointer.QUIET = checkpointer.AT_MOST = 3600.0  # type: ignore[misc]
    _write_pages(ws, 300)
    thread = checkpointer._thread
    assert thread is not None and thread.is_alive()
    ws.close()
    # The thread is gone and holds no connection: closing the last one checkpointed and removed the WAL.
    assert not thread.is_alive()
    assert not (tmp_path / "ws" / "crm.db-wal").exists()
    with Workspace.open(tmp_path / "ws", password=PASSWORD, keystore=None) as again, \
            again.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM ballast").scalar() == 300


def test_sessions_that_only_read_start_no_checkpoint(tmp_path: Path) -> None:
    with _create(tmp_path / "ws", None) as ws:
        checkpointer = WalCheckpointer.of(ws.engine)
        assert checkpointer is not None
        checkpointer.QUIET, checkpointer.AT_MOST = 0.05, 0.1  # type: ignore[misc]
        _write_pages(ws, 1)
        assert _wait_for(lambda: checkpointer.checkpoints >= 1)
        done = checkpointer.checkpoints
        for _ in range(5):
            with session_scope(ws.engine) as s:  # commits, having written nothing
                s.exec(sa.select(Branch.id)).all()  # type: ignore[call-overload]
        time.sleep(0.5)
        assert checkpointer.checkpoints == done


def test_a_commit_while_the_workspace_closes_starts_no_new_checkpoint(tmp_path: Path) -> None:
    ws = _create(tmp_path / "ws", None)
    checkpointer = WalCheckpointer.of(ws.engine)
    assert checkpointer is not None
    checkpointer.QUIET, checkpointer.AT_MOST = 0.05, 0.1  # type: ignore[misc]
    checkpointer.IDLE = 120.0  # type: ignore[misc]  # a revived thread would keep the close waiting
    checkpointer._running.acquire()  # the next checkpoint stays under way until released
    try:
        _write_pages(ws, 10)
        # The thread took a connection for the checkpoint, which now waits for the lock held here.
        assert _wait_for(lambda: ws.engine.pool.checkedout() == 1)  # type: ignore[attr-defined]
        closing = threading.Thread(target=ws.close)
        closing.start()
        assert _wait_for(lambda: checkpointer._stop)
        _write_pages(ws, 10)  # a late save from another thread while the engine is disposed of
    finally:
        checkpointer._running.release()
    closing.join(10)
    assert not closing.is_alive() and checkpointer._thread is None
    ws.engine.dispose()  # the late save's connection
    assert not (tmp_path / "ws" / "crm.db-wal").exists()
