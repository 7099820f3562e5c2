"""Validate and build unified social credit codes (GB 32100-2015) and resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from crm.domain.errors import ValidationError

# --- Unified social credit code (统一社会信用代码) -------------------------------------------------

# GB 32100-2015 drops I, O, Z, S and V because they are easily confused with 1, 0, 2, 5 and U.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
_USCC_VALUES = {char: value for value, char in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(USCC_LENGTH - 1))

# Registration authorities (登记管理部门码) known from the standard and its amendments; informative only,
# because the standard reserves the rest of the charset for authorities added later.
USCC_AUTHORITIES: dict[str, str] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def _normalise(raw: str) -> str:
    # NFKC folds full-width characters typed with Chinese IMEs; inner blanks come from copy-paste of
    # licences that print the code in groups.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()


def _check_uscc_body(body: str, field: str) -> None:
    for position, char in enumerate(body, start=1):
        if char not in _USCC_VALUES:
            raise ValidationError("uscc.charset", field, {"position": position, "char": char})
    # Characters 3-8 are the administrative division code of the registering authority (GB/T 2260).
    if not body[2:8].isdigit():
        raise ValidationError("uscc.region", field, {"region": body[2:8]})


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a code."""
    body = _normalise(first17)
    if len(body) != USCC_LENGTH - 1:
        raise ValidationError("uscc.length", "uscc", {"length": len(body), "expected": USCC_LENGTH - 1})
    for position, char in enumerate(body, start=1):
        if char not in _USCC_VALUES:
            raise ValidationError("uscc.charset", "uscc", {"position": position, "char": char})
    total = sum(_USCC_VALUES[char] * weight for char, weight in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(code: str, field: str = "uscc") -> str:
    """Return the normalised code, or raise ValidationError (uscc.required/length/charset/region/checksum)."""
    normalised = _normalise(code or "")
    if not normalised:
        raise ValidationError("uscc.required", field)
    if len(normalised) != USCC_LENGTH:
        raise ValidationError("uscc.length", field, {"length": len(normalised), "expected": USCC_LENGTH})
    _check_uscc_body(normalised, field)
    if uscc_check_char(normalised[:17]) != normalised[17]:
        raise ValidationError("uscc.checksum", field)
    return normalised


def is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except ValidationError:
        return False
    return True


def make_uscc(first17: str) -> str:
    """Append the check character to 17 valid characters (for demo data and tests)."""
    body = _normalise(first17)
    if len(body) != USCC_LENGTH - 1:
        raise ValidationError("uscc.length", "uscc", {"length": len(body), "expected": USCC_LENGTH - 1})
    _check_uscc_body(body, "uscc")
    return body + uscc_check_char(body)


# --- Resident identity card number (居民身份证号码) ------------------------------------------------

RESIDENT_ID_LENGTH = 18
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(RESIDENT_ID_LENGTH - 1))
_ID_CHECK_CHARS = "10X98765432"
_MIN_BIRTH_YEAR = 1900


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643 check character ('0'-'9' or 'X') for 17 digits."""
    body = _normalise(first17)
    if len(body) != RESIDENT_ID_LENGTH - 1:
        raise ValidationError(
            "resident_id.length", "id_number", {"length": len(body), "expected": RESIDENT_ID_LENGTH - 1}
        )
    if not (body.isascii() and body.isdigit()):
        raise ValidationError("resident_id.charset", "id_number")
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _birth_date(body: str, field: str, today: date) -> date:
    try:
        born = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise ValidationError("resident_id.birth_date", field, {"value": body[6:14]}) from None
    if born.year < _MIN_BIRTH_YEAR or born > today:
        raise ValidationError("resident_id.birth_date", field, {"value": body[6:14]})
    return born


def validate_resident_id(id_number: str, field: str = "id_number", *, today: date | None = None) -> str:
    """Return the normalised 18-character ID (upper-case X), or raise ValidationError.

    Codes: resident_id.required/length/charset/birth_date/checksum. ``today`` bounds the birth date
    and defaults to the system date.
    """
    normalised = _normalise(id_number or "")
    if not normalised:
        raise ValidationError("resident_id.required", field)
    if len(normalised) != RESIDENT_ID_LENGTH:
        raise ValidationError(
            "resident_id.length", field, {"length": len(normalised), "expected": RESIDENT_ID_LENGTH}
        )
    body, check = normalised[:17], normalised[17]
    # isdigit() alone accepts other scripts' digits such as '٣'; the standard allows ASCII only.
    if not (body.isascii() and body.isdigit()) or check not in "0123456789X":
        raise ValidationError("resident_id.charset", field)
    _birth_date(body, field, today or date.today())
    if resident_id_check_char(body) != check:
        raise ValidationError("resident_id.checksum", field)
    return normalised


def is_valid_resident_id(id_number: str, *, today: date | None = None) -> bool:
    try:
        validate_resident_id(id_number, today=today)
    except ValidationError:
        return False
    return True


def make_resident_id(first17: str) -> str:
    """Append the check character to 17 digits (for demo data and tests); the date is not checked."""
    body = _normalise(first17)
    return body + resident_id_check_char(body)


def birth_date_from_id(id_number: str, *, today: date | None = None) -> date:
    """Return the birth date encoded in a valid resident ID; raise ValidationError if it is not valid."""
    normalised = validate_resident_id(id_number, today=today)
    return date(int(normalised[6:10]), int(normalised[10:12]), int(normalised[12:14]))
