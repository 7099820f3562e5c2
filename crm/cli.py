"""The `crm` command line: workspace set-up, demo data, client lookup, audit verification."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from crm import __version__
from crm.domain.errors import DomainError
from crm.messages import fmt, render

log = logging.getLogger("crm")


# --- password and workspace plumbing ------------------------------------------------------------


def read_password(*, confirm: bool = False, prompt: str = "密码 / Password: ") -> str:
    """CRM_PASSWORD for scripts and CI, else a prompt on a terminal, else the first line of stdin."""
    env = os.environ.get("CRM_PASSWORD")
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("再次输入 / Again: ") != first:
            raise DomainError("password.mismatch")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    password = line.rstrip("\r\n")
    if not password:
        raise DomainError("password.missing")
    return password


def _keystore() -> Any:
    from crm.db.keystore import default_keystore

    return default_keystore()


def _workspace_path(args: argparse.Namespace) -> Path:
    from crm.db.workspace import default_workspace_dir

    return Path(args.workspace) if args.workspace else default_workspace_dir()


def open_workspace(args: argparse.Namespace) -> Any:
    from crm.db.workspace import Workspace

    path = _workspace_path(args)
    if not Workspace.exists(path):
        raise DomainError("workspace.missing", params={"path": str(path)})
    ws = Workspace.open(path, password=read_password(), keystore=_keystore())
    _log_to(ws.log_dir)
    return ws


def _log_to(log_dir: Path) -> None:
    # Logs hold events and counts only: never a password, key, client name or identity number.
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_dir / "crm.log", maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("crm")
    for old in root.handlers:
        old.close()
    root.handlers = [handler]
    root.setLevel(logging.INFO)


def workspace_actor(ws: Any) -> Any:
    """The signed-in user of this workspace, as recorded at login (or by demo-data)."""
    from crm.db.engine import session_scope
    from crm.services.context import signed_in_actor

    with session_scope(ws.engine) as session:
        return signed_in_actor(session=session)


# --- commands -----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from crm.db.workspace import Workspace

    path = _workspace_path(args)
    ws = Workspace.create(path, password=read_password(confirm=True), keystore=_keystore())
    ws.close()
    print(fmt("cli.workspace_created", path=str(path)))
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from crm.db.workspace import Workspace
    from crm.services.demo_data import fill_workspace

    path = _workspace_path(args)
    password = read_password(confirm=not Workspace.exists(path))
    if Workspace.exists(path):
        ws = Workspace.open(path, password=password, keystore=_keystore())
    else:
        ws = Workspace.create(path, password=password, keystore=_keystore())
    _log_to(ws.log_dir)
    started = time.perf_counter()
    try:
        summary = fill_workspace(ws, seed=args.seed, clients=args.clients, visits=args.visits,
                                 today=args.today or date.today(), progress=_progress_printer())
    finally:
        ws.close()
    elapsed = time.perf_counter() - started
    log.info("demo data written: %s rows in %.1f s", sum(summary.counts.values()), elapsed)
    if args.json:
        print(json.dumps({"seconds": round(elapsed, 2), "counts": summary.counts}, ensure_ascii=False))
    else:
        for table, count in summary.counts.items():
            print(f"{table:<22}{count:>10,}")
        print(fmt("cli.demo_done", seconds=f"{elapsed:.1f}"))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """A fresh demo workspace with a random password, filled and summarised; nothing to type."""
    import secrets
    import tempfile

    from crm.db.engine import session_scope
    from crm.db.workspace import Workspace
    from crm.services.clients import ClientFilter, count_clients, list_clients
    from crm.services.demo_data import fill_workspace

    path = Path(args.workspace) if args.workspace else Path(tempfile.mkdtemp(prefix="crm-demo-")) / "workspace"
    password = "Demo-" + secrets.token_urlsafe(12)
    ws = Workspace.create(path, password=password, keystore=_keystore())
    _log_to(ws.log_dir)
    try:
        summary = fill_workspace(ws, seed=args.seed, clients=args.clients, visits=args.visits,
                                 today=date.today(), progress=_progress_printer())
        actor = workspace_actor(ws)
        print(fmt("cli.demo_workspace", path=str(path), password=password))
        for table, count in summary.counts.items():
            print(f"  {table:<22}{count:>10,}")
        with session_scope(ws.engine) as session:
            for query in args.search or ["城中", "zg", "科技"]:
                f = ClientFilter(text=query)
                total = count_clients(session=session, actor=actor, filters=f)
                print(fmt("cli.demo_search", query=query, total=total))
                for row in list_clients(session=session, actor=actor, filters=f, limit=3):
                    print(f"    {row.legal_name}  {row.uscc_masked}  {row.owner_name}")
    finally:
        ws.close()
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from crm.ui.app import run

    demo_factory = None
    if args.demo:
        from crm.demo_ledger import demo_session_factory

        demo_factory = demo_session_factory(clients=args.clients, visits=args.visits, seed=args.seed)
    return run(workspace=Path(args.workspace) if args.workspace else None, demo_factory=demo_factory,
               self_test_only=args.self_test, language=args.language)


def _progress_printer() -> Callable[[str, int, int], None]:
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 0.5 or done >= total:
            last[0] = now
            print(f"\r{stage}: {done:,}/{total:,}", end="\n" if done >= total else "", file=sys.stderr,
                  flush=True)

    return progress


def cmd_clients(args: argparse.Namespace) -> int:
    from crm.db.engine import session_scope
    from crm.services.clients import ClientFilter, count_clients, list_clients

    ws = open_workspace(args)
    try:
        actor = workspace_actor(ws)
        with session_scope(ws.engine) as session:
            filters = ClientFilter(text=args.search or "")
            rows = list_clients(session=session, actor=actor, filters=filters, limit=args.limit)
            total = count_clients(session=session, actor=actor, filters=filters)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"{r.legal_name}\t{r.uscc_masked}\t{r.tier.value}\t{r.owner_name}")
    print(fmt("cli.clients_shown", shown=len(rows), total=total), file=sys.stderr)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from crm.db.engine import session_scope
    from crm.services.audit import verify_audit_chain

    ws = open_workspace(args)
    try:
        with session_scope(ws.engine) as session:
            result = verify_audit_chain(session=session)
    finally:
        ws.close()
    if result.ok:
        print(fmt("cli.audit_ok", count=result.checked))
        return 0
    print(fmt("cli.audit_broken", seq=result.first_bad_seq, reason=result.reason), file=sys.stderr)
    return 1


def cmd_change_password(args: argparse.Namespace) -> int:
    from crm.db.workspace import Workspace

    path = _workspace_path(args)
    old = read_password(prompt="当前密码 / Current password: ")
    if os.environ.get("CRM_NEW_PASSWORD"):
        new = os.environ["CRM_NEW_PASSWORD"]
    elif sys.stdin is not None and sys.stdin.isatty():
        new = read_password(confirm=True, prompt="新密码 / New password: ")
    else:
        new = sys.stdin.readline().rstrip("\r\n")
    ws = Workspace.open(path, password=old, keystore=_keystore())
    try:
        ws.change_password(old_password=old, new_password=new, keystore=_keystore())
    finally:
        ws.close()
    print(fmt("cli.password_changed"))
    return 0


# --- parser -------------------------------------------------------------------------------------


def _add_workspace(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", metavar="DIR",
                   help="workspace folder (default: $CRM_WORKSPACE or the per-user data folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm", description="客户经理 CRM / Relationship-manager CRM")
    parser.add_argument("--version", action="version", version=f"crm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create an encrypted workspace / 新建加密工作区")
    _add_workspace(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo-data", help="fill a workspace with demo data / 生成演示数据")
    _add_workspace(p)
    p.add_argument("--clients", type=_positive, default=2000)
    p.add_argument("--visits", type=_non_negative, default=8000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--today", type=date.fromisoformat, default=None, help="reference date (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("demo", help="build and show a demo workspace / 演示工作区")
    p.add_argument("--workspace", metavar="DIR", help="where to build it (default: a new temporary folder)")
    p.add_argument("--clients", type=_positive, default=2000)
    p.add_argument("--visits", type=_non_negative, default=8000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--search", action="append", metavar="TEXT", help="example searches to show")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("gui", help="open the desktop app / 打开桌面程序")
    _add_workspace(p)
    p.add_argument("--demo", action="store_true",
                   help="a fresh demo: embedded ledger with demo data, signed in as a demo RM")
    p.add_argument("--clients", type=_positive, default=2000, help="demo size (with --demo)")
    p.add_argument("--visits", type=_non_negative, default=8000, help="demo size (with --demo)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--language", choices=["zh_CN", "en"], default=None)
    p.add_argument("--self-test", action="store_true",
                   help="open the main window and every screen once, then exit 0 (non-zero on failure)")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("clients", help="list or search clients / 客户查询")
    _add_workspace(p)
    p.add_argument("--search", "-s", metavar="TEXT", help="name, pinyin initials, code or phone tail")
    p.add_argument("--limit", type=_positive, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_clients)

    p = sub.add_parser("audit-verify", help="verify the hash-chained audit trail / 校验审计链")
    _add_workspace(p)
    p.set_defaults(func=cmd_audit_verify)

    from crm.report_cli import add_commands as add_report_commands
    from crm.sync.cli import add_commands as add_sync_commands

    add_report_commands(sub)
    add_sync_commands(sub)
    _add_server_commands(sub)

    p = sub.add_parser("change-password", help="change the workspace password / 修改密码")
    _add_workspace(p)
    p.set_defaults(func=cmd_change_password)
    return parser


def _add_server_commands(sub: Any) -> None:
    """`crm server` and `crm admin` come from the ledger package, which the desktop bundle leaves out."""
    try:
        from crm.sync.server.cli import add_commands
    except ImportError:  # the frozen desktop app has no server code in it
        return
    add_commands(sub)


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except DomainError as exc:
        print(f"错误 / error: {render(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
