"""Print actions on the screens build real PDFs in the workspace's exports folder and open them."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from crm.domain.models import AuditEvent, Client, IssuedDocumentRecord
from crm.ui import printing
from crm.ui.main_window import MainWindow
from crm.ui.screens.client_detail import ClientDetail
from crm.ui.screens.visits import VisitsScreen
from crm.ui.widgets import pickers


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    files: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda path: files.append(Path(path)) or True)
    return files


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _issued(ctx: Any, doc_type: str) -> list[IssuedDocumentRecord]:
    with ctx.session() as session:
        return list(session.exec(select(IssuedDocumentRecord).where(IssuedDocumentRecord.doc_type == doc_type)))


def test_client_detail_prints_the_preparation_sheet(qtbot: Any, rm_ctx: Any, opened: list[Path]) -> None:
    detail = ClientDetail(rm_ctx)
    qtbot.addWidget(detail)
    with rm_ctx.session() as session:
        client = session.exec(select(Client).where(Client.owner_id == rm_ctx.actor.user_id)).first()
    detail.show_client(client.id)
    detail.prep_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert opened[0].parent == rm_ctx.workspace.path / "exports"
    assert client.legal_name[:6] in _text(opened[0]).replace(" ", "")
    with rm_ctx.session() as session:
        printed = session.exec(select(AuditEvent).where(AuditEvent.action == "report.print")).all()
    assert printed and printed[-1].detail.get("client_id") == client.id


def test_visits_screen_prints_the_register_of_the_period(qtbot: Any, head_ctx: Any, opened: list[Path]) -> None:
    screen = VisitsScreen(head_ctx, clock=lambda: date(2026, 11, 23))
    qtbot.addWidget(screen)
    screen.period.setCurrentIndex(screen.period.findData("month"))
    screen.print_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert "拜访登记簿" in _text(opened[0]).replace(" ", "")
    assert len(_issued(head_ctx, "visit.register")) == 1


def test_main_window_prints_the_ledger_book(qtbot: Any, monkeypatch: pytest.MonkeyPatch, rm_ctx: Any,
                                            opened: list[Path]) -> None:
    window = MainWindow(rm_ctx)
    qtbot.addWidget(window)
    monkeypatch.setattr(pickers, "ask_period", lambda *a, **k: (date(2026, 10, 1), date(2026, 10, 31)))
    window.ledger_action.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=60000)
    text = _text(opened[0]).replace(" ", "")
    assert "台账" in text and "目录" in text
    assert len(_issued(rm_ctx, "ledger.book")) == 1


def test_the_period_prompt_refuses_an_inverted_period(qtbot: Any) -> None:
    dialog = pickers.PeriodPromptDialog("打印台账", date(2026, 11, 23))
    qtbot.addWidget(dialog)
    assert dialog.value() == (date(2026, 10, 1), date(2026, 10, 31))
    dialog.date_to.setDate(dialog.date_from.date().addDays(-1))
    dialog.on_accept()
    assert dialog.result() == 0 and dialog.message.text()
