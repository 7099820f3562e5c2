"""Showing a domain error to the user in their language, never as a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from crm.domain.errors import DomainError
from crm.messages import render

log = logging.getLogger(__name__)


def error_text(exc: BaseException, language: str) -> str:
    if isinstance(exc, DomainError):
        return render(exc, "en" if language.startswith("en") else "zh_CN")
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    if language.startswith("en"):
        return f"Unexpected error ({type(exc).__name__}). Nothing was saved; details are in the log."
    return f"意外错误（{type(exc).__name__}），本次操作未保存，详情见日志。"


def show_error(parent: QWidget | None, exc: BaseException, language: str = "zh_CN") -> None:
    title = "Error" if language.startswith("en") else "错误"
    QMessageBox.warning(parent, title, error_text(exc, language))
