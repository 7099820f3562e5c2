"""`crm admin …` (crm.sync.server.cli) in-process, and demo data seeded into a ledger."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import Role
from crm.domain.models import Client, User
from crm.services.audit import verify_audit_chain
from crm.sync.protocol import EnrolRequest
from crm.sync.server import auth
from crm.sync.server.cli import main
from crm.sync.server.errors import AuthError
from crm.sync.server.ledger import ledger_state, pull, read_session, snapshot
from crm.sync.server.models import Credential, Device

PASSWORD = "Admin-cli-2026"  # noqa: S105 - a throwaway ledger


@pytest.fixture
def ledger_url(tmp_path: Path, ledger_cheap_hashing: Any) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


def run(url: str, *args: str, stdin: str = "", capsys: Any) -> tuple[int, str, str]:
    import sys

    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["admin", "--db", url, *args])
    finally:
        sys.stdin = saved
    out = capsys.readouterr()
    return code, out.out, out.err


def engine_for(url: str) -> sa.Engine:
    from crm.sync.server.db import open_ledger

    return open_ledger(url)


def test_admin_commands(ledger_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ok = lambda *a, stdin="": run(ledger_url, *a, stdin=stdin, capsys=capsys)  # noqa: E731
    assert ok("create-branch", "--code", "310101", "--name", "城中支行")[0] == 0
    code, out, _ = ok("create-user", "--username", "wangfang", "--name", "王芳", "--role", "rm", "--branch",
                      "310101", "--rm-kind", "corporate", "--password-stdin", "--json", stdin=PASSWORD + "\n")
    assert code == 0 and json.loads(out)["username"] == "wangfang"
    # no password, a short one, or an unknown branch: refused with a coded message, nothing written
    assert ok("create-user", "--username", "x", "--name", "X", "--role", "rm", "--branch", "310101",
              "--password-stdin", stdin="\n")[0] == 2
    code, _, err = ok("create-user", "--username", "x", "--name", "X", "--role", "rm", "--branch", "310101",
                      "--password-stdin", stdin="short1\n")
    assert code == 2 and "short1" not in err
    assert ok("create-user", "--username", "y", "--name", "Y", "--role", "branch_head", "--branch", "999",
              "--password-stdin", stdin=PASSWORD + "\n")[0] == 2
    assert ok("create-user", "--username", "zhangwei", "--name", "张伟", "--role", "branch_head", "--branch",
              "310101", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    engine = engine_for(ledger_url)
    with Session(engine) as s:
        users = {u.username: u for u in s.exec(select(User))}
        assert set(users) == {"wangfang", "zhangwei"}
        assert users["zhangwei"].heads_branch_ids == [users["zhangwei"].branch_id]
        stored = s.get(Credential, users["wangfang"].id)
        assert stored is not None and stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash
    enrolled = auth.enrol(engine, EnrolRequest(username="wangfang", password=PASSWORD,
                                               device_id="01900000-0000-7000-8000-000000000001"), "127.0.0.1")
    code, out, _ = ok("devices", "--json")
    assert code == 0 and json.loads(out)[0]["device_id"] == enrolled.device_id
    assert ok("wipe-device", "--device", enrolled.device_id)[0] == 0
    assert ok("revoke-device", "--device", enrolled.device_id)[0] == 0
    assert ok("revoke-device", "--device", "nope")[0] == 2
    with Session(engine) as s:
        device = s.get(Device, enrolled.device_id)
        assert device is not None and device.revoked and device.wipe_requested
    assert ok("reset-password", "--username", "wangfang", "--password-stdin", "--revoke-devices",
              stdin="New-password-2026\n")[0] == 0
    with pytest.raises(AuthError):  # the old password is gone
        auth.check_password(engine, "wangfang", PASSWORD, "127.0.0.1")
    with read_session(engine) as s:
        before = ledger_state(s)[1]
    code, out, _ = ok("new-epoch", "--json")
    assert code == 0 and json.loads(out)["epoch"] != before
    code, out, _ = ok("load-catalogue", "--json")
    assert code == 0 and json.loads(out)["created"] > 10
    with Session(engine) as s:
        assert verify_audit_chain(session=s).ok
        actions = [a for (a,) in s.execute(sa.text("SELECT action FROM auditevent ORDER BY seq"))]
    for action in ("admin.branch.create", "admin.user.create", "admin.device.wipe_request",
                   "admin.device.revoke", "admin.user.reset_password", "admin.epoch.new",
                   "admin.catalogue.load"):
        assert action in actions
    engine.dispose()


def test_seed_demo_serves_the_rows_by_snapshot_and_its_passwords_work(
        ledger_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(ledger_url, "seed-demo", "--clients", "30", "--visits", "60", "--seed", "7", "--json",
                       capsys=capsys)
    assert code == 0
    seeded = json.loads(out)
    assert seeded["counts"]["client"] == 30 and seeded["users"]
    engine = engine_for(ledger_url)
    rm = next(u for u in seeded["users"] if u["role"] == "rm")
    enrolled = auth.enrol(engine, EnrolRequest(username=rm["username"], password=rm["password"],
                                               device_id="01900000-0000-7000-8000-000000000002"), "127.0.0.1")
    from crm.sync.server.ledger import context_for

    with Session(engine) as s:
        user = s.exec(select(User).where(col(User.username) == rm["username"])).one()
        mine = set(s.exec(select(Client.id).where(col(Client.owner_id) == user.id)))
    assert enrolled.epoch == seeded["epoch"] and user.role is Role.RM
    ctx = context_for(user, enrolled.device_id)
    lines = list(snapshot(engine, ctx))
    got = {line["data"]["id"] for line in lines if line.get("entity") == "client"}
    assert mine and mine <= got  # rows without a change log still reach the device at bootstrap
    assert pull(engine, ctx, lines[0]["checkpoint"]).changes == []
    # seeding refuses a ledger that already holds data
    assert run(ledger_url, "seed-demo", "--clients", "5", capsys=capsys)[0] == 2
    engine.dispose()
