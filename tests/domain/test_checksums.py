"""Tests for the USCC (GB 32100) and resident ID (GB 11643) checksum rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.domain.errors import ValidationError
from crm.domain.rules.checksums import (
    USCC_CHARSET,
    birth_date_from_id,
    is_valid_resident_id,
    is_valid_uscc,
    make_resident_id,
    make_uscc,
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)

TODAY = date(2024, 6, 1)

# Independent reference implementations, written from the standards' tables rather than the module's
# formulas, and checked below against published codes before being trusted to generate cases.
_REF_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_REF_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _ref_uscc_check(body: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    remainder = sum(alphabet.index(c) * w for c, w in zip(body, _REF_USCC_WEIGHTS, strict=True)) % 31
    value = 31 - remainder
    return alphabet[0 if value == 31 else value]


def _ref_id_check(body: str) -> str:
    remainder = sum(int(c) * w for c, w in zip(body, _REF_ID_WEIGHTS, strict=True)) % 11
    value = (12 - remainder) % 11
    return "X" if value == 10 else str(value)


# Codes printed on real business licences (published company registration data).
REAL_USCC = [
    "91350100M000100Y43",
    "91110000600037341L",
    "91110000710925462X",  # PetroChina
    "91440300708461136T",  # Tencent (Shenzhen)
    "914403001922038216",  # Huawei Technologies
    "91100000100003962T",  # ICBC
]
# GB 11643-1999's own examples: a woman born 1949-12-31 and a man born 1880-01-01.
STANDARD_ID_1949 = "11010519491231002X"
STANDARD_ID_1880 = "440524188001010014"


@pytest.mark.parametrize("code", REAL_USCC)
def test_reference_uscc_agrees_with_published_codes(code: str) -> None:
    assert _ref_uscc_check(code[:17]) == code[17]


@pytest.mark.parametrize("id_number", [STANDARD_ID_1949, STANDARD_ID_1880])
def test_reference_id_agrees_with_standard_examples(id_number: str) -> None:
    assert _ref_id_check(id_number[:17]) == id_number[17]


# --- USCC ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_is_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert is_valid_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  91350100m000100y43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width IME input
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        ("\u300091110000600037341l\t", "91110000600037341L"),
    ],
)
def test_uscc_is_normalised(raw: str, expected: str) -> None:
    assert validate_uscc(raw) == expected


@pytest.mark.parametrize("code", REAL_USCC)
def test_uscc_every_wrong_check_char_is_refused(code: str) -> None:
    for char in USCC_CHARSET.replace(code[17], ""):
        with pytest.raises(ValidationError) as caught:
            validate_uscc(code[:17] + char)
        assert caught.value.code == "uscc.checksum"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "uscc.required"),
        ("   ", "uscc.required"),
        ("91350100M000100Y4", "uscc.length"),
        ("91350100M000100Y433", "uscc.length"),
        ("91350100I000100Y43", "uscc.charset"),  # I is excluded by the standard
        ("91350100O000100Y43", "uscc.charset"),
        ("91350100Z000100Y43", "uscc.charset"),
        ("91350100S000100Y43", "uscc.charset"),
        ("91350100V000100Y43", "uscc.charset"),
        ("91350100M0001-0Y43", "uscc.charset"),
        ("913501A0M000100Y43", "uscc.region"),  # characters 3-8 are a numeric division code
        ("91350100M000100Y44", "uscc.checksum"),
        ("91350100M000010Y43", "uscc.checksum"),  # transposed digits
    ],
)
def test_invalid_uscc_is_refused_with_code(code: str, error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code, field="client.uscc")
    assert caught.value.code == error
    assert caught.value.field == "client.uscc"
    assert not is_valid_uscc(code)


def test_uscc_charset_error_names_the_position() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_uscc("91350100M000I00Y43")
    assert caught.value.params == {"position": 13, "char": "I"}


def test_uscc_check_char_may_be_zero() -> None:
    # Remainder 0 maps to '0', not to the 32nd character that does not exist.
    body = next(f"91110000{n:09d}" for n in range(10_000) if _ref_uscc_check(f"91110000{n:09d}") == "0")
    assert uscc_check_char(body) == "0"
    assert validate_uscc(body + "0") == body + "0"


@pytest.mark.parametrize("first17", ["91350100M000100Y", "91350100M000100Y4Z", "9135010AM000100Y4"])
def test_make_uscc_refuses_bad_bodies(first17: str) -> None:
    with pytest.raises(ValidationError):
        make_uscc(first17)


uscc_bodies = st.tuples(
    st.sampled_from(USCC_CHARSET),
    st.sampled_from(USCC_CHARSET),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_CHARSET, min_size=9, max_size=9),
).map("".join)


@settings(database=None)
@given(uscc_bodies)
def test_make_uscc_matches_reference_and_validates(body: str) -> None:
    code = make_uscc(body)
    assert code == body + _ref_uscc_check(body)
    assert validate_uscc(code) == code


@settings(database=None)
@given(uscc_bodies, st.integers(min_value=0, max_value=16), st.sampled_from(USCC_CHARSET))
def test_any_single_substitution_is_detected(body: str, position: int, char: str) -> None:
    code = make_uscc(body)
    altered = code[:position] + char + code[position + 1 :]
    # Weights 3^i mod 31 are non-zero modulo a prime, so one changed character always shows.
    assert is_valid_uscc(altered) == (altered == code)


# --- Resident ID ----------------------------------------------------------------------------------------


def test_standard_example_is_valid() -> None:
    assert validate_resident_id(STANDARD_ID_1949, today=TODAY) == STANDARD_ID_1949
    assert birth_date_from_id(STANDARD_ID_1949, today=TODAY) == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", STANDARD_ID_1949),  # lower-case x is normalised
        (" 11010519491231002X ", STANDARD_ID_1949),
        ("１１０１０５１９４９１２３１００２ｘ", STANDARD_ID_1949),
    ],
)
def test_resident_id_is_normalised(raw: str, expected: str) -> None:
    assert validate_resident_id(raw, today=TODAY) == expected


def test_standard_1880_example_has_valid_checksum_but_too_old_birth_year() -> None:
    assert resident_id_check_char(STANDARD_ID_1880[:17]) == STANDARD_ID_1880[17]
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(STANDARD_ID_1880, today=TODAY)
    assert caught.value.code == "resident_id.birth_date"


def test_every_wrong_check_char_is_refused() -> None:
    for char in "0123456789":
        with pytest.raises(ValidationError) as caught:
            validate_resident_id(STANDARD_ID_1949[:17] + char, today=TODAY)
        assert caught.value.code == "resident_id.checksum"


@pytest.mark.parametrize(
    ("first17", "error"),
    [
        ("11010520230229001", "resident_id.birth_date"),  # 2023 is not a leap year
        ("11010519491301002", "resident_id.birth_date"),  # month 13
        ("11010519490431002", "resident_id.birth_date"),  # 31 April
        ("11010519490000002", "resident_id.birth_date"),
        ("11010518991231002", "resident_id.birth_date"),  # before 1900
        ("11010520240602001", "resident_id.birth_date"),  # the day after TODAY
    ],
)
def test_impossible_birth_dates_are_refused_even_with_valid_checksum(first17: str, error: str) -> None:
    id_number = first17 + _ref_id_check(first17)
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(id_number, field="person.id", today=TODAY)
    assert caught.value.code == error
    assert caught.value.field == "person.id"
    assert not is_valid_resident_id(id_number, today=TODAY)


@pytest.mark.parametrize(
    "first17", ["11010520240229001", "11010520240601001", "11010519000101001", "81000019800101001"]
)
def test_edge_birth_dates_are_accepted(first17: str) -> None:
    id_number = first17 + _ref_id_check(first17)
    assert is_valid_resident_id(id_number, today=TODAY)
    assert birth_date_from_id(id_number, today=TODAY).isoformat().replace("-", "") == first17[6:14]


@pytest.mark.parametrize(
    ("id_number", "error"),
    [
        ("", "resident_id.required"),
        ("110105491231002", "resident_id.length"),  # first-generation 15-digit IDs are not accepted
        ("11010519491231002XX", "resident_id.length"),
        ("1101051949123100XX", "resident_id.charset"),  # X only in last place
        ("11010519491231002Y", "resident_id.charset"),
        ("A1010519491231002X", "resident_id.charset"),
        ("11010519491231002٣", "resident_id.charset"),  # Arabic-Indic digit survives NFKC
    ],
)
def test_malformed_ids_are_refused(id_number: str, error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(id_number, today=TODAY)
    assert caught.value.code == error


def test_birth_date_from_invalid_id_raises() -> None:
    with pytest.raises(ValidationError):
        birth_date_from_id(STANDARD_ID_1949[:17] + "1", today=TODAY)


def test_default_today_refuses_future_birth() -> None:
    future = f"110105{date.today().year + 1}0101001"
    assert not is_valid_resident_id(future + _ref_id_check(future))


born = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@settings(database=None)
@given(st.text("0123456789", min_size=6, max_size=6), born, st.text("0123456789", min_size=3, max_size=3))
def test_make_resident_id_matches_reference(region: str, birth: date, sequence: str) -> None:
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    id_number = make_resident_id(first17)
    assert id_number == first17 + _ref_id_check(first17)
    assert validate_resident_id(id_number, today=TODAY) == id_number
    assert birth_date_from_id(id_number, today=TODAY) == birth
