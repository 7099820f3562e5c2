"""Tests for masking of identifiers, phones, accounts, names and e-mail addresses."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.domain.rules.checksums import make_resident_id, make_uscc
from crm.domain.rules.masking import (
    mask_account,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_uscc,
)

MASKERS: list[Callable[[str | None], str]] = [
    mask_id_number,
    mask_uscc,
    mask_phone,
    mask_account,
    mask_name,
    mask_email,
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
        (" 110105 19491231 002X ", "110105********002X"),
        ("110105491231002", "110105******002"),  # 15-digit: the day of birth stays hidden
        ("G12345678", "G1*****78"),  # passport-like: at most a quarter at each end
        ("1", "*"),
    ],
)
def test_mask_id_number(raw: str, expected: str) -> None:
    assert mask_id_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350100M000100Y43", "9135**********0Y43"),
        ("91110000600037341l", "9111**********341L"),
        ("MA2X1234", "MA****34"),
    ],
)
def test_mask_uscc(raw: str, expected: str) -> None:
    assert mask_uscc(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("010-23456789", "010-******89"),
        ("0755 2345678", "0755-*****78"),
        ("021-62345678 转 8001", "021-******78-****"),
        ("400-820-8820", "400-***-**20"),
        ("23456789", "23****89"),  # unparseable: no more than a quarter at each end
        ("138****5678", "138******78"),  # already masked input does not raise
    ],
)
def test_mask_phone(raw: str, expected: str) -> None:
    assert mask_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6222021234567890123", "**** **** **** 0123"),
        ("6222 0212 3456 7890 123", "**** **** **** 0123"),
        ("1234-5678-9012", "**** **** **** 9012"),
        ("12345678", "**** **** **** 5678"),
        ("1234567", "**** **** **** 7"),
        ("123", "**** **** ****"),
    ],
)
def test_mask_account(raw: str, expected: str) -> None:
    assert mask_account(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张", "*"),
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("买买提·艾力", "买****力"),
        (" 李四 ", "李*"),
    ],
)
def test_mask_name(raw: str, expected: str) -> None:
    assert mask_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zhangsan@example.com", "z***n@example.com"),
        ("abcd@x.cn", "a***d@x.cn"),
        ("ab@x.cn", "a***@x.cn"),
        ("a@x.cn", "***@x.cn"),
        ("not-an-address", "n************s"),
    ],
)
def test_mask_email(raw: str, expected: str) -> None:
    assert mask_email(raw) == expected


@pytest.mark.parametrize("mask", MASKERS)
@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_blank_gives_empty(mask: Callable[[str | None], str], raw: str | None) -> None:
    assert mask(raw) == ""


class _Broken:
    def __str__(self) -> str:
        raise RuntimeError("corrupt row")


@pytest.mark.parametrize("mask", MASKERS)
def test_odd_objects_do_not_raise(mask: Callable[[object], str]) -> None:
    assert mask(_Broken()) == ""
    assert "4567" not in mask(1234567890123)


@settings(database=None)
@given(st.text())
def test_maskers_are_total(raw: str) -> None:
    for mask in MASKERS:
        assert isinstance(mask(raw), str)


@settings(database=None, max_examples=500)
@given(st.text().filter(lambda raw: "*" not in unicodedata.normalize("NFKC", raw)))
def test_maskers_never_echo_the_input(raw: str) -> None:
    # Input that already contains the mask character may legitimately come back unchanged ('张*').
    for mask in MASKERS:
        if any(char.isalnum() for char in raw):
            assert mask(raw) != raw.strip()


born = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 1, 1))


@settings(database=None)
@given(st.text("123456789", min_size=6, max_size=6), born, st.text("0123456789", min_size=3, max_size=3))
def test_masked_id_hides_birth_date_and_sequence(region: str, birth: date, sequence: str) -> None:
    id_number = make_resident_id(f"{region}{birth:%Y%m%d}{sequence}")
    masked = mask_id_number(id_number)
    assert masked == id_number[:6] + "*" * 8 + id_number[14:]
    assert f"{birth:%Y%m%d}" not in masked


@settings(database=None)
@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_masked_mobile_hides_middle_four(second: str, rest: str) -> None:
    mobile = f"1{second}{rest}"
    masked = mask_phone(mobile)
    assert masked == mobile[:3] + "****" + mobile[7:]
    assert sum(char.isdigit() for char in masked) == 7


@settings(database=None)
@given(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9))
def test_masked_uscc_hides_the_middle_ten(org: str) -> None:
    code = make_uscc(f"91110108{org}")
    masked = mask_uscc(code)
    assert masked == code[:4] + "*" * 10 + code[14:]


@settings(database=None)
@given(st.text("0123456789", min_size=8, max_size=30))
def test_masked_account_shows_only_last_four(account: str) -> None:
    masked = mask_account(account)
    assert masked == "**** **** **** " + account[-4:]
    assert sum(char.isdigit() for char in masked) == 4
