#!/usr/bin/env python3
"""Regenerate the sample page images in docs/samples/ from demo data.

    .venv/bin/python scripts/make_samples.py [--out docs/samples] [--keep DIR]

Builds a throwaway demo workspace (150 clients, 500 visits, seed 7, "today" 2026-11-23), prints the
client proposal pack of an approved proposal with a wealth product, an RM's ledger book, a monthly plan
sheet and a visit preparation sheet, and renders chosen pages with ``pdftoppm -png -r 70``:

    proposal_cover_letter.png   proposal_products.png   proposal_disclosures.png
    ledger_cover.png            ledger_toc.png          ledger_client_sheet.png
    ledger_follow_up_sheet.png  plan_sheet.png          visit_prep.png
"""

# Fixed commands (pdftoppm, pdftotext) with paths from shutil.which.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, col, select  # noqa: E402

from crm.db.crypto import KdfParams  # noqa: E402
from crm.db.engine import session_scope  # noqa: E402
from crm.db.workspace import Workspace  # noqa: E402
from crm.domain.enums import ProposalStatus  # noqa: E402
from crm.domain.models import Client, Plan, Proposal, User  # noqa: E402
from crm.reports.documents import issue  # noqa: E402
from crm.reports.documents.labels import CHINA_TZ  # noqa: E402
from crm.services import report_data as rd  # noqa: E402
from crm.services.context import Actor  # noqa: E402
from crm.services.demo_data import fill_workspace  # noqa: E402

TODAY = date(2026, 11, 23)
OPTIONS = issue.PrintOptions(now=datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ), today=TODAY)
RESOLUTION = "70"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} not found: install poppler-utils")
    return path


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(
        [_tool("pdftotext"), "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def find_page(pdf: Path, *needles: str) -> int:
    """The first page (1-based) whose text holds every needle."""
    for number, text in enumerate(page_texts(pdf), start=1):
        flat = "".join(text.split())
        if all(n in flat for n in needles):
            return number
    raise SystemExit(f"{pdf.name}: no page with {needles}")


def render(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-png",
            "-r",
            RESOLUTION,
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    print(
        f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  (page {page} of {pdf.name})"
    )


def _actor(session: Session, username: str) -> Actor:
    return Actor.of(session.exec(select(User).where(col(User.username) == username)).one())


def build(work: Path, out: Path) -> None:
    ws = Workspace.create(
        work / "ws",
        password="samples-only-42",  # noqa: S106 - a throwaway workspace for the images
        keystore=None,
        kdf=KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1),
    )
    try:
        fill_workspace(ws, seed=7, clients=150, visits=500, today=TODAY)
        pdfs = work / "pdf"
        pdfs.mkdir()
        with session_scope(ws.engine) as session:
            head = _actor(session, "zhangwei")
            approved = session.exec(
                select(Proposal)
                .where(
                    col(Proposal.status).in_([ProposalStatus.APPROVED.value, ProposalStatus.DELIVERED.value])
                )
                .order_by(col(Proposal.id))
            ).all()
            chosen = None
            for proposal in approved:
                pack = rd.proposal_pack_data(
                    session=session, actor=head, proposal_id=proposal.id, today=TODAY
                )
                if pack.has_wealth and len(pack.lines) >= 3:
                    chosen = proposal
                    break
            assert chosen is not None, "no approved proposal with a wealth product in the demo data"
            rm = Actor.of(session.get(User, chosen.rm_id))  # type: ignore[arg-type]
            issue.print_proposal(
                session=session, actor=rm, proposal_id=chosen.id, out=pdfs / "proposal.pdf", options=OPTIONS
            )
            ledger_rm = _actor(session, "wangfang")
            issue.print_ledger_book(
                session=session,
                actor=ledger_rm,
                date_from=date(2026, 10, 1),
                date_to=TODAY,
                out=pdfs / "ledger.pdf",
                options=OPTIONS,
            )
            # The plan whose Gantt shows the most kinds of marks (planned, done, delayed, delayed-to).
            plans = session.exec(select(Plan).where(col(Plan.branch_id) == head.branch_id)).all()

            def variety(plan: Plan) -> tuple[int, int, str]:
                view = rd.plan_sheet_data(session=session, actor=head, plan_id=plan.id).gantt
                kinds = {mark for row in view.rows for mark in row.cells if mark}
                return len(kinds), len(view.rows), plan.month

            plan = max(plans, key=variety)
            plan_rm = Actor.of(session.get(User, plan.rm_id))  # type: ignore[arg-type]
            issue.print_plan(
                session=session, actor=plan_rm, plan_id=plan.id, out=pdfs / "plan.pdf", options=OPTIONS
            )
            client = session.exec(
                select(Client)
                .where(col(Client.owner_id) == ledger_rm.user_id)
                .order_by(col(Client.deposit_balance_fen).desc())
            ).first()
            assert client is not None
            issue.print_client_prep(
                session=session, actor=ledger_rm, client_id=client.id, out=pdfs / "prep.pdf", options=OPTIONS
            )
    finally:
        ws.close()

    out.mkdir(parents=True, exist_ok=True)
    proposal, ledger = pdfs / "proposal.pdf", pdfs / "ledger.pdf"
    render(proposal, 1, out / "proposal_cover_letter.png")
    render(proposal, find_page(proposal, "推荐方案", "合计"), out / "proposal_products.png")
    render(proposal, find_page(proposal, "理财产品风险提示", "市场风险："), out / "proposal_disclosures.png")
    render(ledger, 1, out / "ledger_cover.png")
    render(ledger, 2, out / "ledger_toc.png")
    render(ledger, find_page(ledger, "客户基础信息表", "台账编号：0002"), out / "ledger_client_sheet.png")
    render(ledger, find_page(ledger, "客户跟进记录表", "台账编号：0002"), out / "ledger_follow_up_sheet.png")
    render(pdfs / "plan.pdf", 1, out / "plan_sheet.png")
    render(pdfs / "prep.pdf", 1, out / "visit_prep.png")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the PDFs")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        build(args.keep, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="crm-samples-") as work:
        build(Path(work), args.out)


if __name__ == "__main__":
    main()
