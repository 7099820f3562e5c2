"""Print documents from the desktop: build the PDF into ``<workspace>/exports/`` off the GUI thread, then
open it in the system viewer. Errors (no Chinese font, file locked by a viewer, out of scope) are shown
with ``show_error``; every print is recorded and audited by crm.reports.documents.issue.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from crm.domain.errors import DomainError
from crm.reports.documents import issue
from crm.ui.errors import show_error
from crm.ui.worker import Task, run_task

log = logging.getLogger(__name__)

EXPORTS = "exports"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def exports_dir(ctx: Any) -> Path:
    folder = Path(ctx.workspace.path) / EXPORTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_path(ctx: Any, stem: str, *, now: datetime | None = None) -> Path:
    """A new file in the exports folder: '<what>-<yyyymmdd-hhmmss>.pdf', safe on every file system."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    clean = _UNSAFE.sub("_", stem).strip("._")[:80] or "document"
    path = exports_dir(ctx) / f"{clean}-{stamp}.pdf"
    counter = 2
    while path.exists():
        path = path.with_name(f"{clean}-{stamp}-{counter}.pdf")
        counter += 1
    return path


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _options(ctx: Any) -> issue.PrintOptions:
    return issue.workspace_options(ctx.workspace.settings)


def _ask_password(ctx: Any, parent: QWidget | None) -> bool:
    """Printing identifiers in full needs the password again (and is audited)."""
    title = "Verify" if ctx.language.startswith("en") else "身份验证"
    prompt = (
        "Re-enter your password to print identifiers in full (audited):"
        if ctx.language.startswith("en")
        else "打印完整证件号码和电话需再次输入密码（将记入审计）："
    )
    password, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    if not ok:
        return False
    if not ctx.verify_password(password):
        show_error(parent, DomainError("workspace.bad_password"), ctx.language)
        return False
    return True


def _start(
    ctx: Any,
    parent: QWidget | None,
    stem: str,
    printer: Callable[[Any, Path], Any],
    *,
    open_when_done: bool = True,
    done: Callable[[Path], None] | None = None,
) -> Task:
    """Run ``printer(session, path)`` in the worker pool in its own unit of work, then open the file."""
    path = export_path(ctx, stem)

    def work() -> Path:
        with ctx.session() as session:
            printer(session, path)
        return path

    def finished(result: Path) -> None:
        ctx.data_changed.emit("issued_document")
        if open_when_done and not open_file(result):
            log.warning("no viewer opened the printed document")
        if done is not None:
            done(result)

    def failed(exc: Exception) -> None:
        show_error(parent, exc, ctx.language)

    return run_task(work, done=finished, error=failed)


def print_proposal(
    ctx: Any, proposal_id: str, parent: QWidget | None = None, *, unmasked: bool = False, **kw: Any
) -> Task | None:
    """The client proposal pack (a DRAFT unless approved)."""
    if unmasked and not _ask_password(ctx, parent):
        return None
    return _start(
        ctx,
        parent,
        "服务方案",
        lambda session, out: issue.print_proposal(
            session=session,
            actor=ctx.actor,
            proposal_id=proposal_id,
            out=out,
            unmasked=unmasked,
            options=_options(ctx),
        ),
        **kw,
    )


def print_plan(ctx: Any, plan_id: str, parent: QWidget | None = None, **kw: Any) -> Task:
    """The monthly plan as a Gantt sheet for signature."""
    return _start(
        ctx,
        parent,
        "月度工作计划",
        lambda session, out: issue.print_plan(
            session=session, actor=ctx.actor, plan_id=plan_id, out=out, options=_options(ctx)
        ),
        **kw,
    )


def print_client_prep(
    ctx: Any, client_id: str, parent: QWidget | None = None, *, unmasked: bool = False, **kw: Any
) -> Task | None:
    """The one-page visit preparation sheet of a client."""
    if unmasked and not _ask_password(ctx, parent):
        return None
    return _start(
        ctx,
        parent,
        "客户拜访前准备表",
        lambda session, out: issue.print_client_prep(
            session=session,
            actor=ctx.actor,
            client_id=client_id,
            out=out,
            unmasked=unmasked,
            options=_options(ctx),
        ),
        **kw,
    )


def print_visit_register(
    ctx: Any,
    parent: QWidget | None = None,
    *,
    date_from: date,
    date_to: date,
    rm_username: str | None = None,
    **kw: Any,
) -> Task:
    return _start(
        ctx,
        parent,
        "拜访登记簿",
        lambda session, out: issue.print_visit_register(
            session=session,
            actor=ctx.actor,
            date_from=date_from,
            date_to=date_to,
            rm_username=rm_username,
            out=out,
            options=_options(ctx),
        ),
        **kw,
    )


def print_complaint_register(
    ctx: Any, parent: QWidget | None = None, *, date_from: date, date_to: date, **kw: Any
) -> Task:
    return _start(
        ctx,
        parent,
        "投诉登记簿",
        lambda session, out: issue.print_complaint_register(
            session=session,
            actor=ctx.actor,
            date_from=date_from,
            date_to=date_to,
            out=out,
            options=_options(ctx),
        ),
        **kw,
    )


def print_ledger_book(
    ctx: Any,
    parent: QWidget | None = None,
    *,
    date_from: date,
    date_to: date,
    rm_username: str | None = None,
    **kw: Any,
) -> Task:
    """The bound ledger book (台账) of the signed-in RM, an RM of the head's branch, or the branch."""
    return _start(
        ctx,
        parent,
        "台账",
        lambda session, out: issue.print_ledger_book(
            session=session,
            actor=ctx.actor,
            date_from=date_from,
            date_to=date_to,
            rm_username=rm_username,
            out=out,
            options=_options(ctx),
        ),
        **kw,
    )


def print_survey_form(
    ctx: Any, parent: QWidget | None = None, *, client_id: str | None = None, **kw: Any
) -> Task:
    return _start(
        ctx,
        parent,
        "满意度调查表",
        lambda session, out: issue.print_survey_form(
            session=session, actor=ctx.actor, client_id=client_id, out=out, options=_options(ctx)
        ),
        **kw,
    )


__all__ = [
    "export_path",
    "exports_dir",
    "print_client_prep",
    "print_complaint_register",
    "print_ledger_book",
    "print_plan",
    "print_proposal",
    "print_survey_form",
    "print_visit_register",
]
