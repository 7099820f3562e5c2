"""Normalise mainland Chinese phone numbers (mobile, landline with extension, 400/800) or refuse them."""

from __future__ import annotations

import re
import unicodedata

from crm.domain.errors import ValidationError

MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# Local subscriber numbers never start with 0 (trunk prefix) or 1 (special services such as 110).
_LOCAL_RE = re.compile(r"[2-9][0-9]{6,7}")
_SERVICE_RE = re.compile(r"([48]00)([0-9]{3})([0-9]{4})")
# ASCII only: re's \d would also accept other scripts' digits that NFKC leaves alone.
_DIGITS_RE = re.compile(r"\+?[0-9]+")
_EXTENSION_RE = re.compile(r"[0-9]{1,6}")

# Textual extension markers users type: 转 / 分机 / ext / x / #; NFKC already folded full-width forms.
_EXTENSION_MARKER_RE = re.compile(
    r"^(?P<number>.*?)\s*(?:转|分机|ext\.?|x|#)\s*(?P<ext>[0-9]{1,6})$", re.IGNORECASE
)
# Hyphen-like characters Chinese IMEs and word processors produce; NFKC does not fold these.
_DASHES = "-‐‑‒–—―−﹣－"
_SEPARATORS_RE = re.compile(rf"[\s()\[\]{re.escape(_DASHES)}]")
_GROUP_SPLIT_RE = re.compile(rf"[{re.escape(_DASHES)}]+")


def _landline(digits: str) -> str | None:
    """Return 'AREA-NUMBER' for trunk-prefixed digits, or None."""
    if not digits.startswith("0") or len(digits) < 3:
        return None
    # China's numbering plan: 010 and 02X are the only three-digit area codes, all others (03XX-09XX)
    # have four; no other code starts 01.
    if digits[1] == "1" and not digits.startswith("010"):
        return None
    area_length = 3 if digits[1] in "12" else 4
    area, local = digits[:area_length], digits[area_length:]
    if not _LOCAL_RE.fullmatch(local):
        return None
    return f"{area}-{local}"


def _national(number: str) -> tuple[str, bool] | None:
    """Digits without +86 / 0086 / 86 and whether a country code was removed; None if not a number."""
    compact = _SEPARATORS_RE.sub("", number)
    if not _DIGITS_RE.fullmatch(compact):
        return None
    if compact.startswith("+86"):
        return compact[3:], True
    if compact.startswith("0086"):
        return compact[4:], True
    if compact.startswith("+"):
        return None  # another country: out of scope for a mainland CRM
    # A bare 86 is also how some area codes could start, so it is a country code only before a mobile.
    if compact.startswith("86") and MOBILE_RE.fullmatch(compact[2:]):
        return compact[2:], True
    return compact, False


def _as_landline(digits: str, international: bool) -> str | None:
    # International format drops the trunk 0 of the area code: +86 10 23456789.
    if international and not digits.startswith("0"):
        digits = "0" + digits
    return _landline(digits)


def _parse_landline_only(number: str) -> str | None:
    national = _national(number)
    return _as_landline(*national) if national else None


def _parse(number: str) -> str | None:
    """Parse a number without a textual extension marker; a trailing dash group may be one."""
    national = _national(number)
    if national:
        digits, international = national
        if MOBILE_RE.fullmatch(digits):
            return digits
        # Callers used to dial 0 before an out-of-town mobile, and old records keep it: 013812345678.
        if not international and digits.startswith("0") and MOBILE_RE.fullmatch(digits[1:]):
            return digits[1:]
        if service := _SERVICE_RE.fullmatch(digits):
            return "-".join(service.groups())
        if landline := _as_landline(digits, international):
            return landline
    # '010-23456789-123': a trailing dash group is an extension when the rest is a landline.
    groups = [group.strip() for group in _GROUP_SPLIT_RE.split(number) if group.strip()]
    if len(groups) >= 3 and _EXTENSION_RE.fullmatch(groups[-1]):
        head = _parse_landline_only("-".join(groups[:-1]))
        if head:
            return f"{head}-{groups[-1]}"
    return None


def normalise_phone(raw: str, field: str = "phone") -> str:
    """Return '13812345678', '010-23456789', '0755-2345678-123' or '400-820-8820'.

    Raises ValidationError "phone.required" for blank input and "phone.invalid" otherwise.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise ValidationError("phone.required", field)
    marked = _EXTENSION_MARKER_RE.fullmatch(text)
    if marked:
        # Only landlines have extensions; a mobile followed by '转123' is a typo, not a number.
        landline = _parse_landline_only(marked["number"])
        if landline:
            return f"{landline}-{marked['ext']}"
        raise ValidationError("phone.invalid", field)
    parsed = _parse(text)
    if parsed is None:
        raise ValidationError("phone.invalid", field)
    return parsed


def is_valid_phone(raw: str) -> bool:
    try:
        normalise_phone(raw)
    except ValidationError:
        return False
    return True


def is_mobile(normalised: str) -> bool:
    """True for a normalised mainland mobile number (SMS-capable)."""
    return MOBILE_RE.fullmatch(normalised) is not None
