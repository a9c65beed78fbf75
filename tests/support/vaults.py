"""Building vaults for tests: the KDF is slow on purpose, so build once and copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from survivorapp.services.access import VaultAccess

ADMIN = "admin"
ADMIN_PASSPHRASE = "correct horse battery staple"


def make_vault(folder: Path, access: VaultAccess, **kwargs: object) -> str:
    """Create a floor-cost vault at ``folder``; return its recovery key."""
    created = access.create(folder, ADMIN, ADMIN_PASSPHRASE, kdf_target_seconds=0, **kwargs)  # type: ignore[arg-type]
    created.session.lock()
    return created.recovery_key


def copy_vault(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "vault.lock").unlink(missing_ok=True)
    return target
