"""Mask sensitive values for screen and print; total functions that never raise and never leak the middle."""

from __future__ import annotations

import re
import unicodedata

from crm.domain.errors import ValidationError
from crm.domain.rules.phone import MOBILE_RE, normalise_phone

MASK = "*"
_BLANKS_RE = re.compile(r"[\s\-‐‑‒–—―−﹣－]+")


def _clean(value: object) -> str:
    # Masking must never raise, whatever a legacy import or a corrupt row hands us.
    if value is None:
        return ""
    try:
        text = value if isinstance(value, str) else str(value)
        return unicodedata.normalize("NFKC", text).strip()
    except Exception:  # a broken __str__ must not crash a print run
        return ""


def _keep(text: str, head: int, tail: int) -> str:
    """Show ``head`` and ``tail`` characters of a value whose format is known to allow it."""
    return text[:head] + MASK * (len(text) - head - tail) + (text[len(text) - tail :] if tail else "")


def _mask_middle(text: str, head: int, tail: int) -> str:
    """Like _keep, but on input too short for the window show at most a quarter at each end."""
    length = len(text)
    if length - head - tail < (length + 1) // 2:
        # An unrecognised value must never show more than half of itself.
        head = tail = length // 4
    return _keep(text, head, tail)


def mask_id_number(value: str | None) -> str:
    """'110105194912310021' → '110105********0021' (region code and last four visible)."""
    text = _BLANKS_RE.sub("", _clean(value)).upper()
    if len(text) == 18:
        return _keep(text, 6, 4)
    if len(text) == 15:
        # First-generation IDs: region, YYMMDD, 3-digit sequence; the last four would show the day.
        return _keep(text, 6, 3)
    return _mask_middle(text, 6, 4)


def mask_uscc(value: str | None) -> str:
    """'91350100M000100Y43' → '9135**********0Y43'."""
    text = _BLANKS_RE.sub("", _clean(value)).upper()
    return _mask_middle(text, 4, 4) if text else ""


def mask_phone(value: str | None) -> str:
    """Mobile '138****5678'; landline '010-******89' (area code and last two); extension masked."""
    text = _clean(value)
    if not text:
        return ""
    try:
        normalised = normalise_phone(text)
    except ValidationError:
        return _mask_middle(_BLANKS_RE.sub("", text), 3, 2)
    if MOBILE_RE.fullmatch(normalised):
        return normalised[:3] + MASK * 4 + normalised[7:]
    prefix, number, *extension = normalised.split("-", 2)
    if prefix in ("400", "800"):
        # A service number is 400-XXX-XXXX: number and extension are the two later groups.
        return f"{prefix}-{MASK * len(number)}-{MASK * 2}{extension[0][2:]}"
    masked = f"{prefix}-{MASK * (len(number) - 2)}{number[-2:]}"
    return masked + "".join(f"-{MASK * len(part)}" for part in extension)


def mask_account(value: str | None) -> str:
    """'6222 0212 3456 7890 123' → '**** **** **** 0123': only the last four, length hidden."""
    text = _BLANKS_RE.sub("", _clean(value))
    if not text:
        return ""
    # Short "accounts" (sub-account suffixes, typos) must not show half of themselves.
    keep = 4 if len(text) >= 8 else len(text) // 4
    tail = text[len(text) - keep :] if keep else ""
    return "**** **** ****" + (f" {tail}" if tail else "")


def mask_name(value: str | None) -> str:
    """Person names: '张三' → '张*', '张三丰' → '张*丰', '欧阳娜娜' → '欧**娜'."""
    text = _clean(value)
    if len(text) <= 1:
        return MASK if text else ""
    if len(text) == 2:
        return text[0] + MASK
    return text[0] + MASK * (len(text) - 2) + text[-1]


def mask_email(value: str | None) -> str:
    """'zhangsan@example.com' → 'z***n@example.com'; the local part's length is hidden."""
    text = _clean(value)
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at or not local:
        # Not an address: mask it like any other identifier.
        return _mask_middle(text, 1, 1)
    if len(local) == 1:
        masked_local = MASK * 3
    elif len(local) < 4:
        masked_local = local[0] + MASK * 3
    else:
        masked_local = local[0] + MASK * 3 + local[-1]
    return f"{masked_local}@{domain}"
