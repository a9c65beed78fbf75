"""The organisation's signing key and commissioners' public keys for returns (issue 8).

``organisation_keys`` holds the Ed25519 private key every return's manifest is signed with:
made when the vault is created (or, for a vault made before this version, the first time it
is needed) and never written anywhere else; only signatures and the public key leave the
vault. One row is current (the latest); older rows stay, so a key can be replaced without
losing what earlier returns were signed with. ``commissioner_keys`` are the X25519 public
keys of commissioners this organisation seals exact returns to, imported from their files.
"""

VERSION = 9
STATEMENTS = [
    """CREATE TABLE organisation_keys (
        id          INTEGER PRIMARY KEY,
        private_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        label       TEXT,
        created_on  TEXT NOT NULL
    )""",
    """CREATE TABLE commissioner_keys (
        id             INTEGER PRIMARY KEY,
        label          TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        fingerprint    TEXT NOT NULL UNIQUE,
        added_on       TEXT NOT NULL,
        added_by       TEXT NOT NULL COLLATE NOCASE
    )""",
]
