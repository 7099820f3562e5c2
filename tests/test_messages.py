"""Every error code the product raises has Chinese and English text with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import crm
from crm.domain.errors import DomainError
from crm.domain.rules import suitability, workflow
from crm.messages import MESSAGES, render

SOURCE = Path(crm.__file__).parent
# A code is the first string argument of an error constructor: ValidationError("visit.not_found", …).
RAISED = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Denied|NotFound|Transition|Conflict|Refused|Unavailable|Failed|"
                    r"Revoked|Limited|Gap|Changed|Enrolled|Busy|Wiped|Unrecoverable)\(\s*\"([a-z_]+(?:\.[a-z_]+)+)\"")


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        codes.update(RAISED.findall(path.read_text(encoding="utf-8")))
    for machine in (workflow.PLAN_MACHINE, workflow.PROPOSAL_MACHINE, workflow.PITCH_MACHINE,
                    workflow.COMPLAINT_MACHINE, workflow.CLAIM_MACHINE):
        codes.update({f"{machine.name}.role_forbidden", f"{machine.name}.transition_invalid"})
    codes.update(v for k, v in vars(suitability).items() if k.isupper() and isinstance(v, str) and "." in v)
    return codes


def test_the_scan_finds_the_codes_it_should() -> None:
    codes = raised_codes()
    assert {"uscc.checksum", "plan.transition_invalid", "suitability.risk_above_tolerance"} <= codes
    assert len(codes) > 150


def test_every_raised_code_has_text() -> None:
    missing = sorted(raised_codes() - MESSAGES.keys())
    assert missing == []


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_use_the_same_placeholders(code: str) -> None:
    zh, en = MESSAGES[code]
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]
    assert zh and en and zh != en


def test_render_fills_params_and_names_the_field() -> None:
    error = DomainError("password.too_short", field="password", params={"min": 10})
    assert render(error, "zh_CN") == "密码至少需要 10 个字符 [password]"
    assert render(error, "en") == "The password needs at least 10 characters [password]"


def test_an_unknown_code_still_says_what_happened() -> None:
    assert render(DomainError("brand.new_code", field="x"), "zh_CN") == "brand.new_code (x)"
