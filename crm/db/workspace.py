"""A workspace folder: the encrypted database, its wrapped key, typed settings and logs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from pydantic import BaseModel, Field

from crm.db import crypto, migrate
from crm.db.engine import WalCheckpointer, encrypted_engine
from crm.db.keystore import KeyStore
from crm.domain.errors import DomainError
from crm.domain.ids import new_id

APP_NAME = "bank-rm-crm"
DB_FILE = "crm.db"
KEY_FILE = "key.json"
SETTINGS_FILE = "settings.json"


class WorkspaceSettings(BaseModel):
    """Non-secret settings of one workspace, declared once and typed. No client data here."""

    workspace_id: str
    language: str = "zh_CN"
    server_url: str | None = None
    idle_lock_minutes: int = Field(default=10, ge=1, le=240)
    sync_interval_minutes: int = Field(default=5, ge=1, le=120)
    cjk_font: str | None = None
    branding_file: str | None = None
    reminder_lead_days: dict[str, int] = Field(default_factory=dict)


def default_workspace_dir() -> Path:
    env = os.environ.get("CRM_WORKSPACE")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Workspace:
    """An opened (unlocked) workspace. Create with `create()` or `open()`; `close()` drops the engine."""

    def __init__(self, path: Path, engine: sa.Engine, settings: WorkspaceSettings) -> None:
        self.path = path
        self.engine = engine
        self.settings = settings

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, *, password: str, keystore: KeyStore | None,
               kdf: crypto.KdfParams = crypto.DEFAULT_KDF) -> Workspace:
        path = Path(path)
        if (path / KEY_FILE).exists() or (path / DB_FILE).exists():
            raise DomainError("workspace.exists", params={"path": str(path)})
        path.mkdir(parents=True, exist_ok=True)
        _restrict(path)
        settings = WorkspaceSettings(workspace_id=new_id())
        key = crypto.create_key_file(path / KEY_FILE, workspace_id=settings.workspace_id, password=password,
                                     keystore=keystore, kdf=kdf)
        _save_settings(path, settings)
        (path / "logs").mkdir(exist_ok=True)
        engine = encrypted_engine(path / DB_FILE, key)
        migrate.upgrade(engine)
        return cls(path, engine, settings)

    @classmethod
    def open(cls, path: Path, *, password: str, keystore: KeyStore | None) -> Workspace:
        path = Path(path)
        if not (path / KEY_FILE).exists():
            raise DomainError("workspace.missing", params={"path": str(path)})
        key = crypto.unwrap_key(path / KEY_FILE, password=password, keystore=keystore)
        settings = load_settings(path)
        engine = encrypted_engine(path / DB_FILE, key)
        try:
            migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, settings)

    @staticmethod
    def exists(path: Path) -> bool:
        return (Path(path) / KEY_FILE).exists()

    def close(self) -> None:
        checkpointer = WalCheckpointer.of(self.engine)
        if checkpointer is not None:
            checkpointer.stop()  # before the pool goes: the checkpoint's connection returns to it
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- settings and secrets --------------------------------------------------------------------

    def save_settings(self) -> None:
        _save_settings(self.path, self.settings)

    def change_password(self, *, old_password: str, new_password: str, keystore: KeyStore | None) -> None:
        crypto.rewrap_key(self.path / KEY_FILE, old_password=old_password, new_password=new_password,
                          keystore=keystore)

    def verify_password(self, password: str, keystore: KeyStore | None) -> None:
        """Raise workspace.bad_password unless `password` unlocks this workspace (used before unmasking)."""
        crypto.unwrap_key(self.path / KEY_FILE, password=password, keystore=keystore)

    @property
    def log_dir(self) -> Path:
        return self.path / "logs"


def load_settings(path: Path) -> WorkspaceSettings:
    try:
        return WorkspaceSettings.model_validate_json((path / SETTINGS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return WorkspaceSettings(workspace_id=crypto.workspace_id_of(path / KEY_FILE))


def _save_settings(path: Path, settings: WorkspaceSettings) -> None:
    tmp = path / (SETTINGS_FILE + ".tmp")
    tmp.write_text(json.dumps(settings.model_dump(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path / SETTINGS_FILE)


def _restrict(path: Path) -> None:
    # Owner-only on POSIX; on Windows the per-user profile folder already is.
    if os.name == "posix":
        os.chmod(path, 0o700)
