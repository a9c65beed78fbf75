"""Vaults made straight through ``survivorapp.vault`` (no services, no audit rows)."""

from __future__ import annotations

from pathlib import Path

from survivorapp.vault.create import create_vault
from survivorapp.vault.kdf import KdfParams
from survivorapp.vault.secret_store import SecretStore
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def new_vault(
    folder: Path, *, device_binding: bool = False, secret_store: SecretStore | None = None
) -> str:
    """A floor-cost vault at ``folder`` (admin / ADMIN_PASSPHRASE); returns the recovery key."""
    created = create_vault(
        folder,
        ADMIN,
        ADMIN_PASSPHRASE,
        device_binding=device_binding,
        secret_store=secret_store,
        kdf_params=KdfParams(),
    )
    created.vault.lock()
    return created.recovery_key
