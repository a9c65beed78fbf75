"""Backups of a vault: consistent encrypted snapshots, their manifests, verifying and restoring.

A backup is a folder ``survivorapp-backup-<vault>-<time>-g<generation>`` holding a snapshot of
``cases.db`` (still encrypted under the data key), a copy of ``keyslots.json`` (so every
passphrase valid at the time, and the recovery key, open it) and ``manifest.json``,
authenticated with a key derived from the data key. Format: docs/vault-format.md, section 16.
"""
