"""The vault: the only code that speaks SQL or touches key material on disk.

A vault is a folder holding ``cases.db`` (SQLCipher 4, raw 256-bit data key) and
``keyslots.json`` (the data key wrapped once per user and once under a recovery key).
See docs/vault-format.md.
"""
