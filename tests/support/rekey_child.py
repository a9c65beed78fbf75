"""A child process that rotates a vault's data key and kills itself (SIGKILL) at a chosen step.

``python -m tests.support.rekey_child FOLDER rotate N`` unlocks as the test admin and rotates,
dying as step N begins (0: never; it then prints the new recovery key). ``... settle N`` finishes
an interrupted rotation the way the next unlock does, dying as its step N begins. Steps are
counted from 1 in the order they are reported.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from survivorapp.domain.progress import Progress, ProgressReport
from survivorapp.services.access import VaultAccess
from survivorapp.services.key_rotation import rotate_data_key
from survivorapp.vault import rekey_journal
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def main() -> None:
    folder, mode, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    seen = 0

    def step(name: str) -> None:
        nonlocal seen
        seen += 1
        print("step", seen, name, flush=True)
        if seen == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    if mode == "settle":
        rekey_journal.recover(folder, step)
        return
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    session = access.unlock(folder, ADMIN, ADMIN_PASSPHRASE)

    def report(progress: ProgressReport) -> None:
        step(progress.step)

    result = rotate_data_key(session, ADMIN_PASSPHRASE, Progress(report))
    print("recovery", result.recovery_key, flush=True)


if __name__ == "__main__":
    main()
