"""The bank's identity printed on every document (names, contacts, colours, logo), read from JSON."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor

from crm.reports.fonts import ReportError, resources_dir

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_REQUIRED = ("bank_name", "bank_name_en", "branch_name", "address", "phone")


def default_branding_path() -> Path:
    return resources_dir() / "branding.json"


@dataclass(frozen=True)
class Branding:
    """Who issues the documents. Use ``dataclasses.replace`` to print for another branch."""

    bank_name: str
    bank_name_en: str
    branch_name: str
    address: str
    phone: str
    primary_color: str = "#1F3A5F"
    accent_color: str = "#B8862B"
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        for name in ("primary_color", "accent_color"):
            value = getattr(self, name)
            if not _HEX.match(value):
                raise ReportError("report.branding_invalid", field=name, params={"value": value})

    @property
    def primary(self) -> Color:
        return HexColor(self.primary_color)

    @property
    def accent(self) -> Color:
        return HexColor(self.accent_color)

    @property
    def logo(self) -> Path | None:
        """The logo file if configured and present; a missing logo must not stop printing."""
        return self.logo_path if self.logo_path is not None and self.logo_path.is_file() else None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base_dir: Path | None = None) -> Branding:
        """Build from parsed JSON; a relative ``logo_path`` is taken relative to ``base_dir``."""
        missing = [key for key in _REQUIRED if not isinstance(data.get(key), str) or not data[key].strip()]
        if missing:
            raise ReportError("report.branding_invalid", field=missing[0], params={"missing": missing})
        logo = data.get("logo_path")
        logo_path = None
        if logo:
            logo_path = Path(logo)
            if not logo_path.is_absolute() and base_dir is not None:
                logo_path = base_dir / logo_path
        return cls(
            bank_name=data["bank_name"].strip(),
            bank_name_en=data["bank_name_en"].strip(),
            branch_name=data["branch_name"].strip(),
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            primary_color=data.get("primary_color") or cls.primary_color,
            accent_color=data.get("accent_color") or cls.accent_color,
            logo_path=logo_path,
        )


def load_branding(path: str | os.PathLike[str] | None = None) -> Branding:
    """Read ``path`` or, by default, ``resources/branding.json``; raises ReportError when unusable."""
    file = Path(path) if path is not None else default_branding_path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReportError("report.branding_missing", params={"path": str(file)}) from exc
    except (OSError, ValueError) as exc:
        raise ReportError("report.branding_invalid", params={"path": str(file)}, detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise ReportError("report.branding_invalid", params={"path": str(file)}, detail="not a JSON object")
    return Branding.from_mapping(data, base_dir=file.parent)
