"""`crm login`, `crm sync` and `crm status`: the sync engine on the command line (wired by crm.cli)."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import logging.handlers
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from crm.domain.errors import DomainError
from crm.messages import fmt, render

log = logging.getLogger("crm.sync")

# Exit codes: 0 done; 1 the sync failed (message printed); 3 the server could not be reached, local
# changes kept (scripts may retry later). crm.cli.main turns other coded errors into 2.
EXIT_FAILED = 1
EXIT_OFFLINE = 3


def add_commands(subparsers: Any) -> None:
    """Add login / sync / status to the `crm` parser (called from crm.cli.build_parser)."""
    p = subparsers.add_parser("login", help="sign in to the ledger server and download your data / 登录")
    _add_workspace(p)
    p.add_argument("--server", required=True, metavar="URL", help="ledger server, e.g. https://crm.example")
    p.add_argument("--username", "-u", required=True)
    p.add_argument("--device-name", default=None, help="shown to administrators (default: the host name)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_login)

    p = subparsers.add_parser("sync", help="send local changes and fetch the server's / 同步")
    _add_workspace(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync)

    p = subparsers.add_parser("status", help="sync status: pending changes, conflicts, last sync / 同步状态")
    _add_workspace(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)


def _add_workspace(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", metavar="DIR",
                   help="workspace folder (default: $CRM_WORKSPACE or the per-user data folder)")


# --- commands -----------------------------------------------------------------------------------


def cmd_login(args: argparse.Namespace) -> int:
    from crm.db.keystore import default_keystore
    from crm.db.workspace import Workspace, default_workspace_dir
    from crm.sync.client import HttpTransport, SyncEngine

    path = Path(args.workspace) if args.workspace else default_workspace_dir()
    # The workspace password is the user's login password: one secret to remember.
    password = _read_password("登录密码 / Password: ")
    keystore = default_keystore()
    created = not Workspace.exists(path)
    if created:
        ws = Workspace.create(path, password=password, keystore=keystore)
    else:
        ws = Workspace.open(path, password=password, keystore=keystore)
    _log_to(ws.log_dir)
    transport = HttpTransport(args.server)
    try:
        engine = SyncEngine(ws, transport, keystore=keystore)
        try:
            user = engine.enrol(args.username, password, device_name=args.device_name or platform.node())
        except BaseException:
            if created:
                # Never leave behind a workspace keyed with a password the server did not accept.
                ws.close()
                _discard_workspace(path, ws.settings.workspace_id, keystore)
            raise
        ws.settings.server_url = transport.base_url
        ws.save_settings()
        report = engine.sync(progress=_progress_printer())
        rows = _replica_rows(ws)
    finally:
        transport.close()
        ws.close()
    log.info("login done: %d rows", rows)
    if args.json:
        print(json.dumps({"user": user.model_dump(mode="json"), "rows": rows, **report.as_dict()},
                         ensure_ascii=False))
    else:
        print(fmt("cli.login_done", server=transport.base_url, user=user.display_name, role=user.role.value,
                  rows=f"{rows:,}"))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from crm.db.keystore import default_keystore
    from crm.sync.client import HttpTransport, ServerUnavailable, SyncEngine, SyncError

    ws = _open_workspace(args)
    try:
        if not ws.settings.server_url:
            raise DomainError("sync.no_server")
        with HttpTransport(ws.settings.server_url) as transport:
            engine = SyncEngine(ws, transport, keystore=default_keystore())
            try:
                report = engine.sync(progress=_progress_printer())
            except ServerUnavailable:
                pending = engine.status().pending
                _fail(args, "sync.server_unavailable", fmt("cli.sync_offline", server=ws.settings.server_url,
                                                            pending=pending))
                return EXIT_OFFLINE
            except SyncError as exc:
                _fail(args, exc.code, render(exc))
                return EXIT_FAILED
            status = engine.status()
    finally:
        ws.close()
    if args.json:
        print(json.dumps({"ok": True, **report.as_dict(), "pending": status.pending,
                          "rejected_total": status.rejected}, ensure_ascii=False))
        return 0
    print(fmt("cli.sync_done", pushed=report.pushed, applied=report.applied, rejected=report.rejected,
              conflicts=report.conflicts, pulled=report.pulled, seconds=f"{report.seconds:.1f}"))
    if status.rejected or report.open_conflicts:
        print(fmt("cli.sync_attention", rejected=status.rejected, open_conflicts=report.open_conflicts))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from crm.sync.client import SyncEngine

    ws = _open_workspace(args)
    try:
        status = SyncEngine(ws, None).status()
    finally:
        ws.close()
    if args.json:
        print(json.dumps(status.as_dict(), ensure_ascii=False))
        return 0
    user = status.user or {}
    print(fmt("cli.sync_status", server=status.server or "-",
              user=user.get("display_name") or user.get("username") or "-", role=status.role or "-",
              pending=status.pending, conflicts=status.open_conflicts, rejected=status.rejected,
              last_sync=status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M")
              if status.last_sync_at else fmt("cli.never"),
              last_error=fmt(status.last_error) if status.last_error else "-"))
    return 0


# --- helpers ------------------------------------------------------------------------------------
# The password and log plumbing mirrors crm.cli's: crm.sync may not import crm.cli, which reaches crm.ui.


def _read_password(prompt: str) -> str:
    """CRM_PASSWORD for scripts and CI, else a prompt on a terminal, else the first line of stdin."""
    env = os.environ.get("CRM_PASSWORD")
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    password = line.rstrip("\r\n")
    if not password:
        raise DomainError("password.missing")
    return password


def _open_workspace(args: argparse.Namespace) -> Any:
    from crm.db.keystore import default_keystore
    from crm.db.workspace import Workspace, default_workspace_dir

    path = Path(args.workspace) if args.workspace else default_workspace_dir()
    if not Workspace.exists(path):
        raise DomainError("workspace.missing", params={"path": str(path)})
    ws = Workspace.open(path, password=_read_password("密码 / Password: "), keystore=default_keystore())
    _log_to(ws.log_dir)
    return ws


def _log_to(log_dir: Path) -> None:
    # Events and counts only: never a password, token, key, client name or identity number.
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_dir / "crm.log", maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("crm")
    root.handlers = [handler]
    root.setLevel(logging.INFO)


def _fail(args: argparse.Namespace, code: str, message: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "code": code, "message": message}, ensure_ascii=False))
    print(f"错误 / error: {message}", file=sys.stderr)


def _discard_workspace(path: Path, workspace_id: str, keystore: Any) -> None:
    from crm.db.workspace import DB_FILE, KEY_FILE, SETTINGS_FILE

    for name in (KEY_FILE, DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", SETTINGS_FILE):
        (path / name).unlink(missing_ok=True)
    if keystore is not None:
        keystore.delete(f"workspace:{workspace_id}")


def _replica_rows(ws: Any) -> int:
    import sqlalchemy as sa

    from crm.domain.models import ENTITY_TYPES

    total = 0
    with ws.engine.connect() as conn:
        for model in ENTITY_TYPES.values():
            table = model.__table__  # type: ignore[attr-defined]
            total += int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)
    return total


_STAGES = {"snapshot": "下载数据 / download", "index": "建立搜索索引 / search index"}


def _progress_printer() -> Any:
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        finished = total > 0 and done >= total
        if now - last[0] > 0.5 or finished:
            last[0] = now
            label = _STAGES.get(stage, stage)
            shown = f"{done:,}/{total:,}" if total else f"{done:,}"
            print(f"\r{label}: {shown}", end="\n" if finished else "", file=sys.stderr, flush=True)

    return progress


def main(argv: list[str] | None = None) -> int:
    """`python -m crm.sync.cli …`: the same commands without the desktop's CLI around them."""
    parser = argparse.ArgumentParser(prog="crm", description="客户经理 CRM sync")
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
