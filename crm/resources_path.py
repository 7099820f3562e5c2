"""Locate the top-level ``resources/`` data files from a source checkout, an editable install or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """``sys._MEIPASS/resources`` when frozen by PyInstaller, else ``<repo>/resources``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        # The bundle spec copies the repo's resources/ folder to "resources" inside the bundle.
        return Path(frozen_root) / "resources"
    # An editable install runs the package from the checkout, so the repo root is the package's parent.
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a data file under the resources folder, e.g. ``resource_path("catalogue.json")``."""
    return resources_root().joinpath(*parts)
