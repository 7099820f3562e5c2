"""The Qt binding itself: a release that corrupts the interpreter is refused here, not found by users."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel


def test_methods_returning_nothing_keep_none_alive(qapp: Any) -> None:
    # PySide6 6.12.0 (abi3) on CPython 3.11 dropped a reference to None on each such call: the desktop
    # died ("deallocating None") after about 3,000 search keystrokes. On 3.12+ None is immortal.
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        QApplication.processEvents()
    assert sys.getrefcount(None) > before - 100
