"""The errors callers of the services may need to tell apart, in one place.

The UI may not import the vault layer, so the vault's error classes are re-exported here along
with the services' own.
"""

from __future__ import annotations

from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    DeviceBindingUnavailable,
    DeviceSecretMissing,
    DiskFull,
    InvalidPassphrase,
    RecoveryKeyNotRecognised,
    RecoveryKeyTypo,
    UnlockDelayed,
    VaultAlreadyExists,
    VaultError,
    VaultInUse,
    VaultLocked,
    wait_text,
)

__all__ = [
    "CredentialsNotRecognised",
    "DeviceBindingUnavailable",
    "DeviceSecretMissing",
    "DiskFull",
    "InvalidPassphrase",
    "NotFound",
    "PermissionDenied",
    "RecoveryKeyNotRecognised",
    "RecoveryKeyTypo",
    "UnlockDelayed",
    "ValidationFailed",
    "VaultAlreadyExists",
    "VaultError",
    "VaultInUse",
    "VaultLocked",
    "wait_text",
]
