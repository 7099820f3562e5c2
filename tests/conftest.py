"""Root test configuration; keep it small and put feature fixtures in sub-directory conftests."""

from __future__ import annotations

import os

# Before anything imports Qt: widgets render offscreen, with no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

UI_DIR = Path(__file__).resolve().parent / "ui"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """SQLAlchemy URL of the throwaway PostgreSQL that `scripts/bootstrap.py test` starts."""
    url = os.environ.get("CRM_TEST_PG_URL")
    if url:
        return url
    msg = "CRM_TEST_PG_URL is not set: run the suite with `python3 scripts/bootstrap.py test`"
    if _in_ci():
        pytest.fail(msg + " (CI must never skip the PostgreSQL tests)", pytrace=False)
    pytest.skip(msg)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UI_DIR):
            item.add_marker(pytest.mark.gui)
