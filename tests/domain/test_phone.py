"""Tests for phone number normalisation."""

from __future__ import annotations

import pytest

from crm.domain.errors import ValidationError
from crm.domain.rules.phone import is_mobile, is_valid_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # mobiles, with every accepted country-code form and separator
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("86-138-1234-5678", "13812345678"),
        ("(+86) 13812345678", "13812345678"),
        ("013812345678", "13812345678"),  # legacy long-distance 0 before a mobile
        # full-width digits and punctuation from Chinese IMEs
        ("１３８１２３４５６７８", "13812345678"),
        ("＋８６　１３８　１２３４　５６７８", "13812345678"),
        ("（０１０）２３４５６７８９", "010-23456789"),
        ("０７５５－２３４５６７８", "0755-2345678"),
        # landlines: three-digit (010, 02X) and four-digit area codes, 7 or 8 digit numbers
        ("010-23456789", "010-23456789"),
        ("01023456789", "010-23456789"),
        ("(010) 2345 6789", "010-23456789"),
        ("021-62345678", "021-62345678"),
        ("0571-87654321", "0571-87654321"),
        ("0571 8765432", "0571-8765432"),
        ("0898–6612345", "0898-6612345"),  # en dash
        ("010—23456789", "010-23456789"),  # em dash
        ("+86 10 23456789", "010-23456789"),  # international form drops the trunk 0
        ("0086-571-87654321", "0571-87654321"),
        ("+86 (0755) 2345678", "0755-2345678"),
        # extensions
        ("010-23456789-123", "010-23456789-123"),
        ("010-2345678-12", "010-2345678-12"),
        ("010-23456789 转 8001", "010-23456789-8001"),
        ("0755-2345678转12", "0755-2345678-12"),
        ("0755 2345678 分机 12", "0755-2345678-12"),
        ("021-62345678 ext. 9", "021-62345678-9"),
        ("021-62345678 EXT 9", "021-62345678-9"),
        ("021-62345678x9", "021-62345678-9"),
        ("021-62345678#9", "021-62345678-9"),
        # nationwide service numbers
        ("400-820-8820", "400-820-8820"),
        ("8008201234", "800-820-1234"),
    ],
)
def test_valid_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected
    assert is_valid_phone(raw)
    # Normal forms are fixed points, so storing them and re-validating is harmless.
    assert normalise_phone(expected) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # no 12x mobile block
        "10012345678",
        "23456789",  # landline without area code
        "010-12345678",  # local numbers never start with 1
        "010-02345678",  # nor with 0
        "010-234567",  # too short
        "010-234567890",  # too long, and 0 is no extension
        "013-82345678",  # 01X other than 010 is no area code
        "13812345678转12",  # mobiles have no extensions
        "010-23456789 转 1234567",  # extension too long
        "+85291234567",  # Hong Kong: outside the mainland plan
        "+1 415 555 0100",
        "86 10 23456789",  # bare 86 only counts before a mobile
        "138一二三四5678",
        "13812345678a",
        "1381234567８9",  # full-width but 12 digits
        "11010519491231002X",
        "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits are not folded by NFKC and are not accepted
        "+",
        "--",
        "()",
    ],
)
def test_invalid_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw, field="contact.phone")
    assert caught.value.code == "phone.invalid"
    assert caught.value.field == "contact.phone"
    assert not is_valid_phone(raw)


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_blank_is_required_error(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert caught.value.code == "phone.required"
    assert caught.value.field == "phone"


@pytest.mark.parametrize(
    ("normalised", "mobile"),
    [("13812345678", True), ("010-23456789", False), ("400-820-8820", False), ("1381234567", False)],
)
def test_is_mobile(normalised: str, mobile: bool) -> None:
    assert is_mobile(normalised) is mobile
