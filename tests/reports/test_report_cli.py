"""`crm report …` through crm.cli.main: every document, verification, and clear errors with non-zero exits."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

import crm.cli
from crm import report_cli
from crm.db.crypto import KdfParams
from crm.db.workspace import Workspace
from crm.domain.enums import ProposalStatus
from crm.domain.models import AuditEvent, Client, IssuedDocumentRecord, Plan, Proposal, User
from crm.reports.fonts import FontNotFound, install_hint, register_cjk_fonts

TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "test-password-42"  # noqa: S105 - a throwaway test workspace
TODAY = date(2026, 11, 23)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _need(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI must not skip the report tests)", pytrace=False)
    pytest.skip(reason)


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        _need("pdftotext not found: install poppler-utils")
    assert tool is not None
    out = subprocess.run([tool, "-raw", str(path), "-"], check=True, capture_output=True, text=True)  # noqa: S603
    return re.sub(r"\s+", "", out.stdout)


@pytest.fixture(scope="module", autouse=True)
def cjk_font() -> None:
    try:
        register_cjk_fonts()
    except FontNotFound as exc:
        _need(f"no CJK TrueType font: {exc.params['install_hint']}")


@dataclass
class Setup:
    path: Path
    approved_id: str
    draft_id: str
    plan_id: str
    client_id: str
    out: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    from crm.services.demo_data import fill_workspace

    root = tmp_path_factory.mktemp("cli")
    path = root / "ws"
    ws = Workspace.create(path, password=PASSWORD, keystore=None, kdf=TEST_KDF)
    fill_workspace(ws, seed=7, clients=150, visits=500, today=TODAY)
    with Session(ws.engine) as session:
        head = session.exec(select(User).where(col(User.username) == "zhangwei")).one()
        approved = session.exec(
            select(Proposal)
            .where(col(Proposal.status) == ProposalStatus.APPROVED.value)
            .order_by(col(Proposal.id))
        ).first()
        draft = session.exec(
            select(Proposal)
            .where(col(Proposal.status) == ProposalStatus.DRAFT.value)
            .order_by(col(Proposal.id))
        ).first()
        plan = session.exec(
            select(Plan).where(col(Plan.branch_id) == head.branch_id).order_by(col(Plan.month).desc())
        ).first()
        client = session.exec(
            select(Client)
            .where(col(Client.branch_id) == head.branch_id, col(Client.uscc).is_not(None))
            .order_by(col(Client.id))
        ).first()
        assert approved and draft and plan and client
        ids = (approved.id, draft.id, plan.id, client.id)
    ws.close()
    out = root / "out"
    out.mkdir()
    yield Setup(path, *ids, out)


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """CRM_PASSWORD instead of a prompt, no OS key store, and `crm report` wired in even before the lead
    adds ``report_cli.add_commands`` to crm.cli.build_parser (a no-op once it is there)."""
    monkeypatch.setenv("CRM_PASSWORD", PASSWORD)
    monkeypatch.setenv("CRM_LANG", "zh_CN")
    monkeypatch.setattr(crm.cli, "_keystore", lambda: None)
    # crm.cli._log_to swaps the log handler without closing the previous one (ResourceWarning per command).
    monkeypatch.setattr(crm.cli, "_log_to", lambda _log_dir: None)
    build = crm.cli.build_parser

    def build_with_report() -> argparse.ArgumentParser:
        parser = build()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "report" not in sub.choices:
            report_cli.add_commands(sub)
        return parser

    monkeypatch.setattr(crm.cli, "build_parser", build_with_report)


def crm_main(*args: str | Path) -> int:
    return crm.cli.main([str(a) for a in args])


def _records(setup: Setup) -> list[IssuedDocumentRecord]:
    ws = Workspace.open(setup.path, password=PASSWORD, keystore=None)
    try:
        with Session(ws.engine) as session:
            return list(session.exec(select(IssuedDocumentRecord)))
    finally:
        ws.close()


def test_every_document_prints_from_the_command_line(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", setup.path]
    jobs = {
        "proposal.pdf": ["report", "proposal", *ws, "--proposal", setup.approved_id],
        "ledger.pdf": [
            "report",
            "ledger",
            *ws,
            "--rm",
            "wangfang",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-23",
        ],
        "visits.pdf": ["report", "visits", *ws, "--from", "2026-11-01", "--to", "2026-11-23"],
        "plan.pdf": ["report", "plan", *ws, "--plan", setup.plan_id],
        "complaints.pdf": ["report", "complaints", *ws, "--from", "2025-11-24", "--to", "2026-11-23"],
        "survey.pdf": ["report", "survey-form", *ws, "--client", setup.client_id],
        "blank.pdf": ["report", "survey-form", *ws],
        "prep.pdf": ["report", "prep", *ws, "--client", setup.client_id],
    }
    before = len(_records(setup))
    for name, args in jobs.items():
        target = setup.out / name
        assert crm_main(*args, "-o", target) == 0, name
        out = capsys.readouterr().out
        assert f"已生成 {target}" in out and "校验码" in out, name
        assert target.read_bytes().startswith(b"%PDF")
    assert len(_records(setup)) == before + len(jobs)
    titles = {
        "proposal.pdf": "服务方案",
        "ledger.pdf": "客户经理工作台账",
        "visits.pdf": "客户拜访登记簿",
        "plan.pdf": "目标客户月度工作计划",
        "complaints.pdf": "客户投诉登记簿",
        "survey.pdf": "客户满意度调查表",
        "prep.pdf": "客户拜访前准备表",
    }
    for name, title in titles.items():
        assert title in _pdftotext(setup.out / name), name


def test_unapproved_proposal_prints_as_a_draft_with_a_notice(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    target = setup.out / "draft.pdf"
    assert (
        crm_main("report", "proposal", "--workspace", setup.path, "--proposal", setup.draft_id, "-o", target)
        == 0
    )
    assert "草稿" in capsys.readouterr().err
    assert "DRAFT" in _pdftotext(target)


def test_verify_says_issued_unchanged_modified_or_unknown(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    target = setup.out / "to-verify.pdf"
    assert crm_main("report", "survey-form", "--workspace", setup.path, "-o", target) == 0
    capsys.readouterr()
    assert crm_main("report", "verify", "--workspace", setup.path, target) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "issued_unchanged" and "核验通过" in out

    modified = setup.out / "modified.pdf"
    modified.write_bytes(target.read_bytes() + b"\n%% edited\n")
    assert crm_main("report", "verify", "--workspace", setup.path, modified) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "modified" and "已被改动" in captured.err

    stranger = setup.out / "stranger.pdf"
    stranger.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    assert crm_main("report", "verify", "--workspace", setup.path, stranger) == 1
    assert capsys.readouterr().out.splitlines()[0] == "unknown"

    assert crm_main("report", "verify", "--workspace", setup.path, "--json", target) == 0
    assert '"status": "issued_unchanged"' in capsys.readouterr().out


def test_a_bad_date_is_refused_with_a_clear_message(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    target = setup.out / "never.pdf"
    code = crm_main(
        "report",
        "ledger",
        "--workspace",
        setup.path,
        "--from",
        "2026-13-01",
        "--to",
        "2026-11-23",
        "-o",
        target,
    )
    assert code != 0 and not target.exists()
    assert "日期无效：2026-13-01" in capsys.readouterr().err
    code = crm_main(
        "report",
        "visits",
        "--workspace",
        setup.path,
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-01",
        "-o",
        target,
    )
    assert code != 0 and "晚于截止日期" in capsys.readouterr().err


def test_unknown_ids_and_names_give_a_clear_message_in_either_language(
    setup: Setup, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = setup.out / "never.pdf"
    ws = ("--workspace", setup.path)
    assert crm_main("report", "proposal", *ws, "--proposal", "no-such-id", "-o", target) != 0
    assert "找不到服务方案或无权查看：no-such-id" in capsys.readouterr().err
    assert crm_main("report", "plan", *ws, "--plan", "no-such-plan", "-o", target) != 0
    assert "找不到工作计划" in capsys.readouterr().err
    assert crm_main("report", "prep", *ws, "--client", "no-such-client", "-o", target) != 0
    assert "找不到客户" in capsys.readouterr().err
    monkeypatch.setenv("CRM_LANG", "en")
    assert (
        crm_main(
            "report",
            "ledger",
            *ws,
            "--rm",
            "nobody",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-23",
            "-o",
            target,
        )
        != 0
    )
    assert "No RM nobody" in capsys.readouterr().err
    assert not target.exists()


def test_unmasked_needs_the_password_again_and_is_audited(
    setup: Setup, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace.open(setup.path, password=PASSWORD, keystore=None)
    with Session(ws.engine) as session:
        proposal = session.get(Proposal, setup.approved_id)
        assert proposal is not None
        client = session.get(Client, proposal.client_id)
        assert client is not None
        clear = client.uscc or client.id_number or ""
    ws.close()
    target = setup.out / "unmasked.pdf"
    assert (
        crm_main(
            "report",
            "proposal",
            "--workspace",
            setup.path,
            "--proposal",
            setup.approved_id,
            "--unmasked",
            "-o",
            target,
        )
        == 0
    )
    assert clear and clear in _pdftotext(target)
    masked = setup.out / "masked.pdf"
    assert (
        crm_main(
            "report", "proposal", "--workspace", setup.path, "--proposal", setup.approved_id, "-o", masked
        )
        == 0
    )
    assert clear not in _pdftotext(masked)
    ws = Workspace.open(setup.path, password=PASSWORD, keystore=None)
    with Session(ws.engine) as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "report.print")).all()
        assert any(e.detail.get("unmasked") is True for e in events)
        assert all(clear not in str(e.detail) for e in events)
    ws.close()

    # A wrong password on re-entry stops the print.
    answers = iter([PASSWORD, "wrong-password-1"])
    monkeypatch.setattr(crm.cli, "read_password", lambda **_kw: next(answers))
    wrong = setup.out / "wrong.pdf"
    assert (
        crm_main(
            "report",
            "proposal",
            "--workspace",
            setup.path,
            "--proposal",
            setup.approved_id,
            "--unmasked",
            "-o",
            wrong,
        )
        != 0
    )
    assert "密码不正确" in capsys.readouterr().err and not wrong.exists()


def test_a_missing_chinese_font_names_what_to_install(
    setup: Setup, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import crm.reports.render as render

    def no_font(_finder: object = None) -> None:
        raise FontNotFound(install_hint("linux"))

    monkeypatch.setattr(render, "register_cjk_fonts", no_font)
    target = setup.out / "nofont.pdf"
    before = len(_records(setup))
    assert (
        crm_main("report", "survey-form", "--workspace", setup.path, "-o", target)
        == report_cli.EXIT_FONT_MISSING
    )
    err = capsys.readouterr().err
    assert "找不到中文字体" in err and "fonts-wqy-microhei" in err
    assert not target.exists() and len(_records(setup)) == before


def test_crm_report_without_a_document_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert crm_main("report") == 2
    assert "proposal" in capsys.readouterr().out
