"""`crm server` and `crm admin …`: run the ledger and administer it (wired into crm.cli by add_commands).

    crm server [--db URL] [--host 127.0.0.1] [--port 8765] [--workers N]
    crm admin [--db URL] create-branch --code C --name N [--parent CODE] [--level sub_branch]
    crm admin [--db URL] create-user --username U --name N --role rm|branch_head|admin --branch C
                         [--heads C1,C2] [--rm-kind corporate] --password-stdin
    crm admin [--db URL] reset-password --username U --password-stdin [--revoke-devices]
    crm admin [--db URL] devices [--username U] [--json]
    crm admin [--db URL] revoke-device --device ID | wipe-device --device ID
    crm admin [--db URL] assign --client ID --to USERNAME
    crm admin [--db URL] load-catalogue [FILE] [--deactivate-missing]
    crm admin [--db URL] new-epoch
    crm admin [--db URL] seed-demo [--clients N] [--visits M] [--seed S] [--json]

The database defaults to ``$CRM_LEDGER_DB`` or the SQLite file ``./ledger.db`` (WAL, synchronous FULL).
Passwords are read from standard input only (``--password-stdin``): never from the command line, where
other users could read them in the process list.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("crm.ledger")
# Idle keep-alive connections stay open this long (uvicorn's default is 5 s): a device syncing page
# after page reuses its connection instead of racing the server closing it.
KEEP_ALIVE = 30


def _db_url(args: argparse.Namespace) -> str:
    url = args.db or os.environ.get("CRM_LEDGER_DB") or "sqlite:///ledger.db"
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"  # a bare path is an SQLite file
    return url


def _engine(args: argparse.Namespace) -> Any:
    from crm.sync.server.db import open_ledger

    return open_ledger(_db_url(args))


def _password(args: argparse.Namespace) -> str:
    from crm.domain.errors import DomainError

    if not args.password_stdin:
        raise DomainError("password.missing")
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise DomainError("password.missing")
    return line


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        print(text)


# --- server ---------------------------------------------------------------------------------------


def cmd_server(args: argparse.Namespace) -> int:
    from crm.sync.server.db import open_ledger
    from crm.sync.server.maintenance import start_maintenance

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    url = _db_url(args)
    engine = open_ledger(url)  # both migration trees, once, before any worker serves
    os.environ["CRM_LEDGER_DB"] = url
    # Nightly change-log compaction in this (parent) process; on PostgreSQL an advisory lock makes a
    # second `crm server` on the same database skip the run instead of doing it twice.
    maintenance = start_maintenance(engine)
    try:
        _serve(args, url)
    finally:
        maintenance.shutdown(wait=True)
        engine.dispose()
    return 0


def _serve(args: argparse.Namespace, url: str) -> None:
    import uvicorn

    if args.workers > 1:
        # Workers import the app factory by name; each opens its own engine (no migration race).
        uvicorn.run("crm.sync.server.cli:worker_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=args.log_level, access_log=args.access_log,
                    timeout_keep_alive=KEEP_ALIVE)
    else:
        from crm.sync.server.app import create_app

        uvicorn.run(create_app(url, migrate=False), host=args.host, port=args.port, log_level=args.log_level,
                    access_log=args.access_log, timeout_keep_alive=KEEP_ALIVE)


def worker_app() -> Any:
    from crm.sync.server.app import create_app

    return create_app(os.environ["CRM_LEDGER_DB"], migrate=False)


# --- admin ----------------------------------------------------------------------------------------


def cmd_create_branch(args: argparse.Namespace) -> int:
    from crm.domain.enums import BranchLevel
    from crm.sync.server import admin

    branch = admin.create_branch(_engine(args), code=args.code, name=args.name, parent_code=args.parent,
                                 level=BranchLevel(args.level))
    _print(args, {"id": branch.id, "code": branch.code}, f"branch {branch.code} {branch.id}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from crm.domain.enums import RmKind
    from crm.sync.server import admin

    heads = [c.strip() for c in args.heads.split(",") if c.strip()] if args.heads else None
    user = admin.create_user(_engine(args), username=args.username, display_name=args.name, role=args.role,
                             branch_code=args.branch, password=_password(args), heads=heads,
                             rm_kind=RmKind(args.rm_kind) if args.rm_kind else None, title=args.title)
    _print(args, {"id": user.id, "username": user.username}, f"user {user.username} {user.id}")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    admin.reset_password(_engine(args), username=args.username, password=_password(args),
                         revoke_devices=args.revoke_devices)
    _print(args, {"ok": True}, "password reset")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    rows = admin.list_devices(_engine(args), username=args.username)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        state = "wiped" if r["wiped_at"] else "revoked" if r["revoked"] else \
            "wipe-requested" if r["wipe_requested"] else "active"
        print(f"{r['device_id']}  {r['username']:<16} {state:<15} seq={r['last_applied_seq']:<8} "
              f"last_seen={r['last_seen'] or '-'}  {r['name']}")
    return 0


def cmd_revoke_device(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    admin.revoke_device(_engine(args), args.device)
    _print(args, {"ok": True}, f"device {args.device} revoked")
    return 0


def cmd_wipe_device(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    admin.wipe_device(_engine(args), args.device)
    _print(args, {"ok": True}, f"device {args.device} will erase its data at its next contact")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    client = admin.assign_client(_engine(args), client_id=args.client, username=args.to)
    _print(args, {"client_id": client.id, "owner_id": client.owner_id}, f"client {client.id} → {args.to}")
    return 0


def cmd_load_catalogue(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    result = admin.load_catalogue(_engine(args), Path(args.file) if args.file else None,
                                  deactivate_missing=args.deactivate_missing)
    _print(args, result.model_dump(), " ".join(f"{k}={v}" for k, v in result.model_dump().items()))
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    epoch = admin.new_epoch(_engine(args), reason=args.reason)
    _print(args, {"epoch": epoch}, f"new epoch {epoch}: every device will re-bootstrap")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from crm.sync.server import admin

    result = admin.seed_demo(_engine(args), clients=args.clients, visits=args.visits, seed=args.seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for table, count in result["counts"].items():
        print(f"{table:<22}{count:>10,}")
    print("demo users (passwords shown once):")
    for u in result["users"]:
        print(f"  {u['username']:<16} {u['role']:<12} {u['password']}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def add_commands(subparsers: Any) -> None:
    """Add `server` and `admin` to the `crm` parser (called from crm.cli.build_parser)."""
    p = subparsers.add_parser("server", help="run the central ledger server / 运行中心服务器")
    p.add_argument("--db", metavar="URL", help="sqlite:///ledger.db (default) or postgresql+psycopg://…")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=_positive, default=1)
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("--no-access-log", dest="access_log", action="store_false")
    p.set_defaults(func=cmd_server)

    admin = subparsers.add_parser("admin", help="administer the ledger / 服务器管理")
    admin.add_argument("--db", metavar="URL", help="ledger database (default: $CRM_LEDGER_DB or ./ledger.db)")
    sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    def action(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help_text)
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=func)
        return q

    q = action("create-branch", cmd_create_branch, "add a branch")
    q.add_argument("--code", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--parent", metavar="CODE")
    q.add_argument("--level", default="sub_branch",
                   choices=["head_office", "branch", "sub_branch", "outlet"])

    q = action("create-user", cmd_create_user, "add a member of staff with a password from stdin")
    q.add_argument("--username", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--role", required=True, choices=["rm", "branch_head", "admin"])
    q.add_argument("--branch", required=True, metavar="CODE")
    q.add_argument("--heads", metavar="CODES", help="branch codes a head heads (default: their branch)")
    q.add_argument("--rm-kind", choices=["corporate", "personal", "general"])
    q.add_argument("--title", default="")
    q.add_argument("--password-stdin", action="store_true", required=True)

    q = action("reset-password", cmd_reset_password, "set a new password (from stdin)")
    q.add_argument("--username", required=True)
    q.add_argument("--password-stdin", action="store_true", required=True)
    q.add_argument("--revoke-devices", action="store_true", help="also sign out every device of the user")

    q = action("devices", cmd_devices, "list enrolled devices")
    q.add_argument("--username")

    q = action("revoke-device", cmd_revoke_device, "refuse a device until its user signs in again")
    q.add_argument("--device", required=True)

    q = action("wipe-device", cmd_wipe_device, "order a device to erase its data")
    q.add_argument("--device", required=True)

    q = action("assign", cmd_assign, "give a client to a member of staff")
    q.add_argument("--client", required=True)
    q.add_argument("--to", required=True, metavar="USERNAME")

    q = action("load-catalogue", cmd_load_catalogue, "load the product catalogue (default: the bundled one)")
    q.add_argument("file", nargs="?")
    q.add_argument("--deactivate-missing", action="store_true")

    q = action("new-epoch", cmd_new_epoch, "start a new epoch (after a restore): devices re-bootstrap")
    q.add_argument("--reason", default="restore")

    q = action("seed-demo", cmd_seed_demo, "fill an empty ledger with demo data")
    q.add_argument("--clients", type=_positive, default=200)
    q.add_argument("--visits", type=int, default=800)
    q.add_argument("--seed", type=int, default=2026)


def main(argv: list[str] | None = None) -> int:
    """`python -m crm.sync.server.cli …`: the same commands without the desktop's CLI around them."""
    from crm.domain.errors import DomainError
    from crm.messages import render

    parser = argparse.ArgumentParser(prog="crm", description="客户经理 CRM ledger server")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DomainError as exc:
        print(f"错误 / error: {render(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
