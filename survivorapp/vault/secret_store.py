"""The OS keyring behind a small interface that is honest about what it is.

Device binding keeps a per-vault secret in the system keyring (Secret Service, macOS Keychain,
Windows Credential Locker). Where ``keyring`` can only offer its "fail" or a plaintext file
backend, :attr:`SecretStore.is_system_store` is False and binding is refused: we never fall
back to storing the secret in a plain file.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors

SERVICE_NAME = "survivorapp"
_NOT_SYSTEM_STORES = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
    "keyrings.alt.file.Keyring",
}


class SecretStore(Protocol):
    """Where a vault's device secret lives."""

    @property
    def is_system_store(self) -> bool: ...

    @property
    def description(self) -> str: ...

    def get(self, vault_id: str) -> bytes | None: ...

    def put(self, vault_id: str, secret: bytes) -> None: ...

    def delete(self, vault_id: str) -> None: ...


def _qualified_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_real(backend: keyring.backend.KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: real if any backend behind it is
        return any(_is_real(child) for child in children)
    name = _qualified_name(backend)
    return name not in _NOT_SYSTEM_STORES and "Plaintext" not in name


class KeyringSecretStore:
    """The ``keyring`` package's active backend."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()

    @property
    def is_system_store(self) -> bool:
        return _is_real(self._backend)

    @property
    def description(self) -> str:
        if not self.is_system_store:
            return "no system keyring available"
        return getattr(self._backend, "name", _qualified_name(self._backend))

    def get(self, vault_id: str) -> bytes | None:
        try:
            value = self._backend.get_password(SERVICE_NAME, vault_id)
        except keyring.errors.KeyringError:
            return None
        if value is None:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None

    def put(self, vault_id: str, secret: bytes) -> None:
        try:
            self._backend.set_password(SERVICE_NAME, vault_id, base64.b64encode(secret).decode())
        except keyring.errors.KeyringError:
            from survivorapp.vault.errors import DeviceBindingUnavailable

            raise DeviceBindingUnavailable() from None

    def delete(self, vault_id: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE_NAME, vault_id)
