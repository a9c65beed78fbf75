"""The synthetic demo vault that `make run` opens when no real vault exists yet.

It lives in its own folder beside a README that says it is synthetic, and its unlock screen
shows the demo passphrase. It never holds real data, so its passphrase is no secret.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.synthetic.demo_defaults import (
    DEMO_CASES,
    DEMO_PASSPHRASE,
    DEMO_SEED,
    DEMO_USER,
)
from survivorapp.vault.atomic import atomic_write_bytes

__all__ = [
    "DEMO_CASES",
    "DEMO_PASSPHRASE",
    "DEMO_SEED",
    "DEMO_USER",
    "NOTICE",
    "NOTICE_NAME",
    "create_demo_vault",
    "ensure_demo_vault",
    "is_demo_folder",
    "populate_demo",
]

NOTICE_NAME = "DEMO-VAULT-README.txt"
NOTICE = """This is survivorapp's DEMO vault. Every person in it is invented (synthetic data).
Do not enter real case details here.

Demo user name: {user}
Demo passphrase: {passphrase}
"""


def is_demo_folder(folder: Path) -> bool:
    return (folder / NOTICE_NAME).exists()


def create_demo_vault(
    access: VaultAccess, folder: Path, *, cases: int = DEMO_CASES, seed: int = DEMO_SEED
) -> VaultSession:
    """Create, label and fill the demo vault; return it unlocked."""
    created = access.create(folder, DEMO_USER, DEMO_PASSPHRASE, kdf_target_seconds=0)
    notice = NOTICE.format(user=DEMO_USER, passphrase=DEMO_PASSPHRASE)
    atomic_write_bytes(folder / NOTICE_NAME, notice.encode("utf-8"))  # owner-only, as all files
    session = created.session
    populate_demo(session, cases=cases, seed=seed)
    return session


def ensure_demo_vault(access: VaultAccess, folder: Path) -> bool:
    """Create the demo vault (left locked) if it is missing; True when one was made."""
    if access.exists(folder):
        return False
    create_demo_vault(access, folder).lock()
    return True


def populate_demo(session: VaultSession, *, cases: int, seed: int) -> None:
    """Fill with synthetic records (the case-records generator)."""
    # Imported here so the desktop app's start-up does not load the generator it rarely runs.
    from survivorapp.services.synthetic import populate as synthetic

    # Anchored on today, not on the generator's fixed date, so the demo's court diary and
    # deadlines are current when someone first opens it (`survivorapp demo` stays fixed).
    synthetic.populate(session, cases=cases, seed=seed, anchor=date.today())
