"""One running program per vault, and a crash never leaves a vault stuck."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.errors import VaultInUse
from tests.conftest import TemplateVault
from tests.support.processes import start_vault_process, wait_ready
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def test_second_unlock_in_the_same_process_is_refused(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE):
        with pytest.raises(VaultInUse) as caught:
            vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
        assert "already open" in caught.value.user_message
        with pytest.raises(VaultInUse):
            vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.is_open


def test_another_process_holding_the_vault_blocks_until_killed(
    vault_dir: Path, tmp_path: Path
) -> None:
    holder = start_vault_process(vault_dir, "hold", tmp_path)
    try:
        wait_ready(holder)
        with pytest.raises(VaultInUse) as caught:
            vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
        assert f"process {holder.pid}" in caught.value.user_message
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=10)
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert check_vault(session).ok
