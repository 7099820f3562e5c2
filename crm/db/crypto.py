"""The database key: a random 256-bit key wrapped by argon2id(password), peppered by the OS key store."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crm.db.keystore import KeyStore
from crm.domain.errors import DomainError

KEY_FILE_FORMAT = 1
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost; the default follows RFC 9106's second recommendation (64 MiB, t=3)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024  # KiB
    parallelism: int = 2


DEFAULT_KDF = KdfParams()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password.too_short", field="password", params={"min": MIN_PASSWORD_LENGTH})
    if password.isdigit() or password.isalpha():
        raise DomainError("password.too_simple", field="password")


def _kek(password: str, salt: bytes, params: KdfParams, pepper: bytes) -> bytes:
    stretched = hash_secret_raw(
        password.encode("utf-8"), salt, time_cost=params.time_cost, memory_cost=params.memory_cost,
        parallelism=params.parallelism, hash_len=32, type=Type.ID,
    )
    # The pepper lives in the OS key store: a copied disk image alone cannot be brute-forced offline.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=pepper or None, info=b"crm-kek-v1").derive(stretched)


def _aad(workspace_id: str) -> bytes:
    return b"crm-db-key-v1:" + workspace_id.encode("ascii")


def create_key_file(path: Path, *, workspace_id: str, password: str, keystore: KeyStore | None,
                    kdf: KdfParams = DEFAULT_KDF) -> bytes:
    """Make a fresh database key, write it wrapped to `path` and return it (kept only in memory)."""
    check_password_strength(password)
    db_key = os.urandom(32)
    pepper = b""
    if keystore is not None:
        pepper = os.urandom(32)
        keystore.set(f"workspace:{workspace_id}", pepper)
    _write(path, workspace_id, db_key, password, kdf, pepper, keystore is not None)
    return db_key


def _write(path: Path, workspace_id: str, db_key: bytes, password: str, kdf: KdfParams, pepper: bytes,
           uses_keystore: bool) -> None:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapped = AESGCM(_kek(password, salt, kdf, pepper)).encrypt(nonce, db_key, _aad(workspace_id))
    doc = {
        "format": KEY_FILE_FORMAT,
        "workspace_id": workspace_id,
        "kdf": {"name": "argon2id", "salt": _b64(salt), **asdict(kdf)},
        "keystore": "os" if uses_keystore else "none",
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError("workspace.key_file_unreadable", params={"path": str(path)}) from exc
    if doc.get("format") != KEY_FILE_FORMAT:
        raise DomainError("workspace.key_file_format", params={"format": doc.get("format")})
    return doc


def _pepper(doc: dict[str, Any], keystore: KeyStore | None) -> bytes:
    if doc["keystore"] == "none":
        return b""
    secret = keystore.get(f"workspace:{doc['workspace_id']}") if keystore is not None else None
    if secret is None:
        raise DomainError("workspace.keystore_missing")
    return secret


def unwrap_key(path: Path, *, password: str, keystore: KeyStore | None) -> bytes:
    doc = _read(path)
    kdf = doc["kdf"]
    params = KdfParams(kdf["time_cost"], kdf["memory_cost"], kdf["parallelism"])
    kek = _kek(password, _unb64(kdf["salt"]), params, _pepper(doc, keystore))
    try:
        return AESGCM(kek).decrypt(_unb64(doc["nonce"]), _unb64(doc["wrapped_key"]), _aad(doc["workspace_id"]))
    except InvalidTag:
        raise DomainError("workspace.bad_password", field="password") from None


def rewrap_key(path: Path, *, old_password: str, new_password: str, keystore: KeyStore | None,
               kdf: KdfParams = DEFAULT_KDF) -> None:
    """Change the password: same database key, new wrapping; the data is not re-encrypted."""
    check_password_strength(new_password)
    doc = _read(path)
    db_key = unwrap_key(path, password=old_password, keystore=keystore)
    pepper = _pepper(doc, keystore)
    _write(path, doc["workspace_id"], db_key, new_password, kdf, pepper, doc["keystore"] != "none")


def workspace_id_of(path: Path) -> str:
    return str(_read(path)["workspace_id"])
