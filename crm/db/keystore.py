"""Where the workspace's device secret lives: the OS key store, or memory in tests; never a plain file."""

from __future__ import annotations

import base64
from typing import Protocol


class KeyStore(Protocol):
    def get(self, name: str) -> bytes | None: ...

    def set(self, name: str, secret: bytes) -> None: ...

    def delete(self, name: str) -> None: ...


SERVICE = "bank-rm-crm"


class MemoryKeyStore:
    """Process-local key store for tests and for throwaway demo workspaces."""

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}

    def get(self, name: str) -> bytes | None:
        return self._items.get(name)

    def set(self, name: str, secret: bytes) -> None:
        self._items[name] = bytes(secret)

    def delete(self, name: str) -> None:
        self._items.pop(name, None)


class OsKeyStore:
    """The platform key store (Windows Credential Manager, macOS Keychain, Secret Service) via keyring."""

    def __init__(self) -> None:
        import keyring

        self._keyring = keyring

    def get(self, name: str) -> bytes | None:
        value = self._keyring.get_password(SERVICE, name)
        return None if value is None else base64.b64decode(value)

    def set(self, name: str, secret: bytes) -> None:
        self._keyring.set_password(SERVICE, name, base64.b64encode(secret).decode("ascii"))

    def delete(self, name: str) -> None:
        import keyring.errors

        try:
            self._keyring.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            pass


def os_keystore_available() -> bool:
    """True when keyring has a real backend (not the 'fail' or 'null' ones of a headless Linux box)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    return getattr(backend, "priority", 0) > 0


def default_keystore() -> KeyStore | None:
    return OsKeyStore() if os_keystore_available() else None
