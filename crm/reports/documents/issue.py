"""Print a document end to end: gather (services) → lay out (builders) → record → write.

Used by the CLI (crm.report_cli) and the desktop (crm.ui.printing), so both print the same way:

1. the services gather the data for the acting user, masked unless clear values were asked for and
   allowed (crm.services.report_data);
2. the builder lays the PDF out in memory with the bank's branding and the provenance footer
   (printed by / at, data as of the last sync, page x of y, check code and QR on the last page);
3. an IssuedDocumentRecord and a ``report.print`` audit event are written in the caller's session;
4. the file is written atomically. The caller's unit of work commits; if writing fails it rolls back,
   so no record exists without its file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlmodel import Session

from crm.domain.models import Branch
from crm.reports.base import DocContext
from crm.reports.branding import Branding, load_branding
from crm.reports.documents import labels as L
from crm.reports.documents.complaint_register import build_complaint_register
from crm.reports.documents.ledger_book import build_ledger_book
from crm.reports.documents.plan_sheet import build_plan_sheet
from crm.reports.documents.proposal_pack import build_proposal_pack, pack_is_draft
from crm.reports.documents.survey_form import build_survey_form
from crm.reports.documents.visit_prep import build_visit_prep
from crm.reports.documents.visit_register import build_visit_register
from crm.reports.fonts import FontFinder
from crm.reports.provenance import IssuedDocument, VerifyResult, verify_pdf
from crm.reports.render import write_atomic
from crm.services import report_data as rd
from crm.services.context import Actor

Output = str | os.PathLike[str] | BinaryIO


@dataclass(frozen=True)
class PrintOptions:
    """Where the look comes from and what "now" is (tests and samples pin the clock)."""

    branding: Branding | None = None  # default: resources/branding.json
    font_finder: FontFinder | None = None  # default: configured, bundled, then system fonts
    now: datetime | None = None  # print time (tz-aware); default: now in China time
    today: date | None = None  # business date for suitability and maturities; default: now's date


def workspace_options(settings: Any) -> PrintOptions:
    """The branding file and CJK font a workspace's settings name (``branding_file``, ``cjk_font``)."""
    branding_file = getattr(settings, "branding_file", None)
    cjk_font = getattr(settings, "cjk_font", None)
    return PrintOptions(
        branding=load_branding(branding_file) if branding_file else None,
        font_finder=FontFinder(configured=cjk_font) if cjk_font else None,
    )


def _now(options: PrintOptions) -> datetime:
    return options.now.astimezone(L.CHINA_TZ) if options.now is not None else rd.china_now()


def _today(options: PrintOptions) -> date:
    return options.today or _now(options).date()


def _branding(session: Session, options: PrintOptions, branch_id: str | None) -> Branding:
    """The configured branding, with the issuing branch's own name, address and phone when known."""
    base = options.branding or load_branding()
    branch = session.get(Branch, branch_id) if branch_id else None
    if branch is None:
        return base
    return replace(
        base,
        branch_name=branch.name or base.branch_name,
        address=branch.address or base.address,
        phone=branch.phone or base.phone,
    )


def _issue(
    session: Session,
    actor: Actor,
    options: PrintOptions,
    *,
    title: str,
    doc_type: str,
    branch_id: str | None,
    out: Output,
    build: Callable[[DocContext, BinaryIO], IssuedDocument],
    draft: bool = False,
    client_id: str | None = None,
    unmasked: bool = False,
) -> IssuedDocument:
    ctx = DocContext(
        branding=_branding(session, options, branch_id),
        title=title,
        doc_type=doc_type,
        printed_by=actor.display_name or actor.user_id,
        printed_at=_now(options),
        data_as_of=rd.data_as_of(session=session),
        draft=draft,
    )
    buffer = io.BytesIO()
    issued = build(ctx, buffer)
    rd.record_issue(
        session=session,
        actor=actor,
        doc_id=issued.doc_id,
        doc_type=issued.doc_type,
        title=issued.title,
        file_sha256=issued.file_sha256,
        content_sha256=issued.content_sha256,
        pages=issued.pages,
        issued_at=issued.issued_at,
        draft=issued.draft,
        client_id=client_id,
        unmasked=unmasked,
    )
    data = buffer.getvalue()
    if isinstance(out, str | os.PathLike):
        write_atomic(Path(out), data)
    else:
        out.write(data)
    return issued


def _period(date_from: date, date_to: date) -> str:
    return f"{L.d(date_from)}至{L.d(date_to)}"


# --- the documents ------------------------------------------------------------------------------------


def print_proposal(
    *,
    session: Session,
    actor: Actor,
    proposal_id: str,
    out: Output,
    unmasked: bool = False,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    """The client proposal pack; a draft (watermarked) unless the proposal is approved."""
    options = options or PrintOptions()
    pack = rd.proposal_pack_data(
        session=session, actor=actor, proposal_id=proposal_id, unmasked=unmasked, today=_today(options)
    )
    return _issue(
        session,
        actor,
        options,
        title=pack.title,
        doc_type="proposal.pack",
        branch_id=pack.branch.id or None,
        out=out,
        draft=pack_is_draft(pack),
        client_id=pack.client.id,
        unmasked=unmasked,
        build=lambda ctx, buf: build_proposal_pack(pack, ctx, buf, font_finder=options.font_finder),
    )


def print_ledger_book(
    *,
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    out: Output,
    rm_username: str | None = None,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    options = options or PrintOptions()
    book = rd.ledger_book_data(
        session=session, actor=actor, date_from=date_from, date_to=date_to, rm_username=rm_username
    )
    kind = "客户经理台账" if book.scope == "rm" else "客户台账"
    return _issue(
        session,
        actor,
        options,
        title=f"{book.scope_label}{kind}（{_period(date_from, date_to)}）",
        doc_type="ledger.book",
        branch_id=actor.branch_id,
        out=out,
        build=lambda ctx, buf: build_ledger_book(book, ctx, buf, font_finder=options.font_finder),
    )


def print_visit_register(
    *,
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    out: Output,
    rm_username: str | None = None,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    options = options or PrintOptions()
    reg = rd.visit_register_data(
        session=session, actor=actor, date_from=date_from, date_to=date_to, rm_username=rm_username
    )
    return _issue(
        session,
        actor,
        options,
        title=f"{reg.scope_label}客户拜访登记簿（{_period(date_from, date_to)}）",
        doc_type="visit.register",
        branch_id=actor.branch_id,
        out=out,
        build=lambda ctx, buf: build_visit_register(reg, ctx, buf, font_finder=options.font_finder),
    )


def print_plan(
    *, session: Session, actor: Actor, plan_id: str, out: Output, options: PrintOptions | None = None
) -> IssuedDocument:
    options = options or PrintOptions()
    sheet = rd.plan_sheet_data(session=session, actor=actor, plan_id=plan_id)
    g = sheet.gantt
    return _issue(
        session,
        actor,
        options,
        title=f"{g.rm_name}{L.month_cn(g.month)}目标客户月度工作计划",
        doc_type="plan.sheet",
        branch_id=actor.branch_id,
        out=out,
        build=lambda ctx, buf: build_plan_sheet(sheet, ctx, buf, font_finder=options.font_finder),
    )


def print_complaint_register(
    *,
    session: Session,
    actor: Actor,
    date_from: date,
    date_to: date,
    out: Output,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    options = options or PrintOptions()
    doc = rd.complaint_register_data(
        session=session, actor=actor, date_from=date_from, date_to=date_to, now=_now(options)
    )
    return _issue(
        session,
        actor,
        options,
        title=f"客户投诉登记簿（{_period(date_from, date_to)}）",
        doc_type="complaint.register",
        branch_id=actor.branch_id,
        out=out,
        build=lambda ctx, buf: build_complaint_register(doc, ctx, buf, font_finder=options.font_finder),
    )


def print_survey_form(
    *,
    session: Session,
    actor: Actor,
    out: Output,
    client_id: str | None = None,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    options = options or PrintOptions()
    form = rd.survey_form_data(session=session, actor=actor, client_id=client_id)
    title = f"客户满意度调查表（{form.client_name}）" if form.client_name else "客户满意度调查表"
    return _issue(
        session,
        actor,
        options,
        title=title,
        doc_type="survey.form",
        branch_id=actor.branch_id,
        out=out,
        client_id=client_id,
        build=lambda ctx, buf: build_survey_form(form, ctx, buf, font_finder=options.font_finder),
    )


def print_client_prep(
    *,
    session: Session,
    actor: Actor,
    client_id: str,
    out: Output,
    unmasked: bool = False,
    options: PrintOptions | None = None,
) -> IssuedDocument:
    options = options or PrintOptions()
    prep = rd.visit_prep_data(
        session=session, actor=actor, client_id=client_id, unmasked=unmasked, today=_today(options)
    )
    return _issue(
        session,
        actor,
        options,
        title=f"客户拜访前准备表（{prep.client.legal_name}）",
        doc_type="client.prep",
        branch_id=actor.branch_id,
        out=out,
        client_id=client_id,
        unmasked=unmasked,
        build=lambda ctx, buf: build_visit_prep(prep, ctx, buf, font_finder=options.font_finder),
    )


def verify_document(
    *, session: Session, actor: Actor, source: str | os.PathLike[str] | bytes
) -> VerifyResult:
    """issued_unchanged / modified / unknown, against the IssuedDocumentRecord table."""

    def lookup(doc_id: str) -> IssuedDocument | None:
        record = rd.find_issued(session=session, actor=actor, doc_id=doc_id)
        if record is None:
            return None
        return IssuedDocument(
            doc_id=record.doc_id,
            doc_type=record.doc_type,
            file_sha256=record.file_sha256,
            content_sha256=record.content_sha256,
            pages=record.pages,
            issued_at=record.issued_at,
            issued_by=rd.issued_by_name(session=session, record=record),
            title=record.title,
            draft=record.draft,
        )

    return verify_pdf(source, lookup)


__all__ = [
    "PrintOptions",
    "print_client_prep",
    "print_complaint_register",
    "print_ledger_book",
    "print_plan",
    "print_proposal",
    "print_survey_form",
    "print_visit_register",
    "verify_document",
    "workspace_options",
]
