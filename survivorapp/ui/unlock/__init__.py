"""Unlocking the vault, the forgotten-passphrase path and the first-run set-up wizard."""
