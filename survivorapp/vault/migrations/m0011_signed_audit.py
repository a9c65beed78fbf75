"""Signed audit entries and key slot commitments (issue 17).

- ``audit_log.signer`` and ``audit_log.signature``: the key id of the acting person's Ed25519
  key and the signature over the entry (docs/vault-format.md, section 18). Entries written
  before this step have neither; from the first signed entry on, every entry must be signed.
- ``audit_keys``: the public keys the log's signatures are checked with, one row per key,
  each brought in by a ``register_key`` entry in the log itself.
- ``slot_commitments``: a digest of every key slot as stored in ``keyslots.json`` (the recovery
  slot too), kept under the data key, so ``check`` notices a slot replaced or damaged outside
  survivorapp even when its plain checksum was recomputed.
"""

VERSION = 11
STATEMENTS = [
    "ALTER TABLE audit_log ADD COLUMN signer TEXT",
    "ALTER TABLE audit_log ADD COLUMN signature TEXT",
    """CREATE TABLE audit_keys (
        key_id          TEXT PRIMARY KEY,
        principal       TEXT NOT NULL,
        signing_public  TEXT NOT NULL,
        exchange_public TEXT NOT NULL,
        registered_seq  INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE slot_commitments (
        slot_id   TEXT PRIMARY KEY,
        digest    TEXT NOT NULL
    ) WITHOUT ROWID""",
]
