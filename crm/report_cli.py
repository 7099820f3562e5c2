"""`crm report …`: print the documents (proposal pack, ledger book, registers, plan, forms) and verify them.

Wire into crm/cli.py with ``add_commands(sub)`` on the top-level subparsers. Every command opens the
workspace like the other commands (``--workspace``, CRM_PASSWORD or a prompt), prints as the signed-in
user and records the print (audit event ``report.print`` and an issued-document record that syncs).

    crm report proposal --proposal ID -o FILE [--unmasked]
    crm report ledger [--rm USERNAME] --from DATE --to DATE -o FILE
    crm report visits [--rm USERNAME] --from DATE --to DATE -o FILE
    crm report plan --plan ID -o FILE
    crm report complaints --from DATE --to DATE -o FILE
    crm report survey-form [--client ID] -o FILE
    crm report prep --client ID -o FILE [--unmasked]
    crm report verify FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from crm.domain.errors import DomainError
from crm.messages import fmt

EXIT_FONT_MISSING = 3
EXIT_NOT_VERIFIED = 1


def parse_day(value: str | None, field: str) -> date:
    """A YYYY-MM-DD date from the command line; anything else is a coded, translated error."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise DomainError("report.date_invalid", field=field, params={"value": value}) from None


def _period(args: argparse.Namespace) -> tuple[date, date]:
    date_from = parse_day(args.date_from, "from")
    date_to = parse_day(args.date_to, "to")
    if date_to < date_from:
        raise DomainError(
            "report.period_invalid",
            field="to",
            params={"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
        )
    return date_from, date_to


def _options(ws: Any) -> Any:
    from crm.reports.documents.issue import workspace_options

    return workspace_options(ws.settings)


def _confirm_password(ws: Any) -> None:
    """Printing identifiers in full needs the password again, even with the workspace already open."""
    from crm.cli import _keystore, read_password

    ws.verify_password(read_password(prompt=fmt("report.unmask_password")), _keystore())


def _run(
    args: argparse.Namespace, printer: Callable[[Any, Any, Any, Any], Any], *, unmasked: bool = False
) -> int:
    """Open the workspace, print in one unit of work (document + records commit together), report."""
    from crm.cli import open_workspace, workspace_actor
    from crm.db.engine import session_scope
    from crm.reports.fonts import FontNotFound

    ws = open_workspace(args)
    try:
        if unmasked:
            _confirm_password(ws)
        actor = workspace_actor(ws)
        options = _options(ws)
        out = Path(args.output)
        try:
            with session_scope(ws.engine) as session:
                issued = printer(session, actor, options, out)
        except FontNotFound as exc:
            print(
                f"错误 / error: {fmt('report.font_missing', install_hint=exc.params.get('install_hint', ''))}",
                file=sys.stderr,
            )
            return EXIT_FONT_MISSING
    finally:
        ws.close()
    print(
        fmt(
            "report.printed", path=str(out), pages=issued.pages, doc_id=issued.doc_id, check=issued.check_code
        )
    )
    if issued.draft:
        print(fmt("report.printed_draft"), file=sys.stderr)
    return 0


# --- commands -----------------------------------------------------------------------------------------


def cmd_proposal(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_proposal

    return _run(
        args,
        lambda session, actor, options, out: print_proposal(
            session=session,
            actor=actor,
            proposal_id=args.proposal,
            out=out,
            unmasked=args.unmasked,
            options=options,
        ),
        unmasked=args.unmasked,
    )


def cmd_ledger(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_ledger_book

    date_from, date_to = _period(args)
    return _run(
        args,
        lambda session, actor, options, out: print_ledger_book(
            session=session,
            actor=actor,
            date_from=date_from,
            date_to=date_to,
            rm_username=args.rm,
            out=out,
            options=options,
        ),
    )


def cmd_visits(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_visit_register

    date_from, date_to = _period(args)
    return _run(
        args,
        lambda session, actor, options, out: print_visit_register(
            session=session,
            actor=actor,
            date_from=date_from,
            date_to=date_to,
            rm_username=args.rm,
            out=out,
            options=options,
        ),
    )


def cmd_plan(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_plan

    return _run(
        args,
        lambda session, actor, options, out: print_plan(
            session=session, actor=actor, plan_id=args.plan, out=out, options=options
        ),
    )


def cmd_complaints(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_complaint_register

    date_from, date_to = _period(args)
    return _run(
        args,
        lambda session, actor, options, out: print_complaint_register(
            session=session, actor=actor, date_from=date_from, date_to=date_to, out=out, options=options
        ),
    )


def cmd_survey_form(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_survey_form

    return _run(
        args,
        lambda session, actor, options, out: print_survey_form(
            session=session, actor=actor, client_id=args.client, out=out, options=options
        ),
    )


def cmd_prep(args: argparse.Namespace) -> int:
    from crm.reports.documents.issue import print_client_prep

    return _run(
        args,
        lambda session, actor, options, out: print_client_prep(
            session=session,
            actor=actor,
            client_id=args.client,
            out=out,
            unmasked=args.unmasked,
            options=options,
        ),
        unmasked=args.unmasked,
    )


def cmd_verify(args: argparse.Namespace) -> int:
    from crm.cli import open_workspace, workspace_actor
    from crm.db.engine import session_scope
    from crm.reports.base import format_dt
    from crm.reports.documents.issue import verify_document
    from crm.reports.documents.labels import CHINA_TZ

    path = Path(args.file)
    if not path.is_file():
        raise DomainError("report.file_missing", params={"path": str(path)})
    ws = open_workspace(args)
    try:
        actor = workspace_actor(ws)
        with session_scope(ws.engine) as session:
            result = verify_document(session=session, actor=actor, source=path)
    finally:
        ws.close()
    issued = result.issued
    if args.json:
        print(
            json.dumps(
                {
                    "status": result.status,
                    "doc_id": result.doc_id,
                    "file_sha256": result.file_sha256,
                    "issued": issued.to_dict() if issued else None,
                },
                ensure_ascii=False,
            )
        )
    else:
        params: dict[str, Any] = {"doc_id": result.doc_id or ""}
        if issued is not None:
            params.update(
                title=issued.title,
                issued_by=issued.issued_by,
                pages=issued.pages,
                issued_at=format_dt(issued.issued_at, CHINA_TZ),
            )
        print(result.status)
        print(fmt(f"report.verify_{result.status}", **params), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else EXIT_NOT_VERIFIED


# --- parser -------------------------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser, *, output: bool = True) -> None:
    p.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace folder (default: $CRM_WORKSPACE or the per-user data folder)",
    )
    if output:
        p.add_argument("-o", "--output", metavar="FILE", required=True, help="PDF file to write / 输出文件")


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", required=True, help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", required=True, help="last day (YYYY-MM-DD)")


def add_commands(subparsers: Any) -> None:
    """Add ``crm report …`` to the top-level subparsers of crm/cli.py."""
    report = subparsers.add_parser("report", help="print documents and verify printouts / 打印文档与核验")
    sub = report.add_subparsers(dest="report_command", metavar="DOCUMENT")
    report.set_defaults(func=lambda _args: (report.print_help(), 2)[1])

    p = sub.add_parser("proposal", help="client proposal pack / 服务方案")
    _common(p)
    p.add_argument("--proposal", metavar="ID", required=True)
    p.add_argument(
        "--unmasked",
        action="store_true",
        help="print identifiers and phones in full (owner RM or branch head; asks for the password "
        "again; audited)",
    )
    p.set_defaults(func=cmd_proposal)

    p = sub.add_parser("ledger", help="ledger book / 台账")
    _common(p)
    p.add_argument("--rm", metavar="USERNAME", help="one RM's book (default: your own, or your branch)")
    _period_args(p)
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("visits", help="visit register / 拜访登记簿")
    _common(p)
    p.add_argument("--rm", metavar="USERNAME", help="one RM's visits (default: all you may see)")
    _period_args(p)
    p.set_defaults(func=cmd_visits)

    p = sub.add_parser("plan", help="monthly plan Gantt sheet / 月度工作计划")
    _common(p)
    p.add_argument("--plan", metavar="ID", required=True)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("complaints", help="complaint register / 投诉登记簿")
    _common(p)
    _period_args(p)
    p.set_defaults(func=cmd_complaints)

    p = sub.add_parser("survey-form", help="satisfaction survey form / 满意度调查表")
    _common(p)
    p.add_argument("--client", metavar="ID", help="pre-fill the client's name")
    p.set_defaults(func=cmd_survey_form)

    p = sub.add_parser("prep", help="visit preparation sheet / 客户拜访前准备表")
    _common(p)
    p.add_argument("--client", metavar="ID", required=True)
    p.add_argument(
        "--unmasked",
        action="store_true",
        help="print identifiers, phones and accounts in full (asks for the password again; audited)",
    )
    p.set_defaults(func=cmd_prep)

    p = sub.add_parser("verify", help="check a printed PDF / 核验打印文件")
    _common(p, output=False)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)
