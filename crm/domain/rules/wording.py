"""Find promise wording that misleads wealth-product buyers (禁止误导销售), ignoring negated mentions."""

from __future__ import annotations

import re
import unicodedata

# Promises a wealth product can never make under the asset-management rules (资管新规: 打破刚性兑付).
# Longer phrases first, so the reported phrase is the most specific one.
MISLEADING_PHRASES: tuple[str, ...] = (
    "稳赚不赔",
    "保本保息",
    "保证本金",
    "保证收益",
    "承诺收益",
    "刚性兑付",
    "保本",
    "保收益",
    "保息",
    "稳赚",
    "零风险",
    "无风险",
    "刚兑",
)

# A mention right after one of these is a denial, as in the mandatory "非保本浮动收益" or "不保证收益".
_NEGATIONS: tuple[str, ...] = (
    "并非", "不是", "不承诺", "不保证", "不存在", "没有", "打破", "杜绝", "禁止", "严禁",
    "非", "不", "无", "未",
)

_PATTERN = re.compile("|".join(re.escape(p) for p in MISLEADING_PHRASES))
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    # Full-width forms and spaces inside a phrase ("保 本") must not slip past the check.
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def misleading_phrases(text: str | None) -> list[str]:
    """The promise phrases found in ``text`` that are not negated, in order of appearance, unique."""
    if not text:
        return []
    clean = _normalise(text)
    found: dict[str, None] = {}
    for match in _PATTERN.finditer(clean):
        before = clean[: match.start()]
        if any(before.endswith(neg) for neg in _NEGATIONS):
            continue
        found[match.group(0)] = None
    return list(found)
