"""Checkpoints of the audit chain's head, kept outside the database.

Whoever holds the data key can rewrite the database, chain head included, so the head must
also live somewhere else: a checkpoint says "the log had N entries, and entry N's MAC was H",
signed with the key of the person who wrote it. One is written beside ``keyslots.json`` at
every lock; ``survivorapp audit-checkpoint --out FILE`` writes one for a manager to keep
elsewhere (the outside witness); the same JSON object can go into any manifest. ``check``
compares the log against every checkpoint it is given: fewer entries than a checkpoint names
means the tail was cut, a different MAC at entry N means the log was rewritten. Format:
docs/vault-format.md, section 19.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import stat
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.audit import AuditLog
from survivorapp.vault.audit_keys import registered_keys

FILE_NAME = "audit-checkpoint.json"
FORMAT = "survivorapp-audit-checkpoint"
VERSION = 1
LABEL = b"survivorapp/v1/audit-checkpoint|"
MAX_BYTES = 1024 * 1024  # a checkpoint, or a manifest that holds one
_FIELDS = ("format", "version", "vault_id", "entries", "head", "written", "principal", "signer")


class CheckpointUnreadable(ValueError):
    """The file is not a checkpoint this program can read (missing, too big, not JSON...)."""


@dataclass(frozen=True)
class Checkpoint:
    vault_id: str
    entries: int
    head: str
    written: str
    principal: str
    signer: str  # key id of the signing key
    signing_public: bytes
    signature: bytes

    def signed_part(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "entries": self.entries,
            "head": self.head,
            "written": self.written,
            "principal": self.principal,
            "signer": self.signer,
            "signing_public": base64.b64encode(self.signing_public).decode("ascii"),
        }

    def to_json(self) -> dict[str, Any]:
        """The checkpoint as a JSON object (the file's content, or a manifest's member)."""
        return {**self.signed_part(), "signature": base64.b64encode(self.signature).decode()}

    def signature_valid(self) -> bool:
        try:
            key = Ed25519PublicKey.from_public_bytes(self.signing_public)
            key.verify(self.signature, _message(self.signed_part()))
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_json(cls, data: object) -> Checkpoint:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CheckpointUnreadable("not an audit checkpoint")
        if data.get("version") != VERSION or any(k not in data for k in _FIELDS):
            raise CheckpointUnreadable("not a checkpoint version this program reads")
        entries = data["entries"]
        if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
            raise CheckpointUnreadable("bad entry count")
        texts = [data[k] for k in ("vault_id", "head", "written", "principal", "signer")]
        if not all(isinstance(t, str) for t in texts):
            raise CheckpointUnreadable("bad field")
        try:
            public = base64.b64decode(str(data["signing_public"]), validate=True)
            signature = base64.b64decode(str(data["signature"]), validate=True)
        except (KeyError, ValueError, binascii.Error):
            raise CheckpointUnreadable("bad base64") from None
        vault_id, head, written, principal, signer = (str(t) for t in texts)
        return cls(vault_id, entries, head, written, principal, signer, public, signature)


def _message(signed_part: dict[str, Any]) -> bytes:
    return LABEL + json.dumps(signed_part, sort_keys=True, separators=(",", ":")).encode()


def make_checkpoint(log: AuditLog, principal: str) -> Checkpoint:
    """A checkpoint of the log as it is now, signed by the person acting."""
    entries, head = log.head()
    keys = log.signing_keys()
    unsigned = Checkpoint(
        vault_id=log.vault_id,
        entries=entries,
        head=head,
        written=datetime.now(UTC).replace(microsecond=0).isoformat(),
        principal=principal,
        signer=keys.public.key_id,
        signing_public=keys.public.signing,
        signature=b"",
    )
    signature = keys.sign(_message(unsigned.signed_part()))
    return replace(unsigned, signature=signature)


def to_bytes(checkpoint: Checkpoint) -> bytes:
    return (json.dumps(checkpoint.to_json(), indent=2) + "\n").encode()


def write_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Owner-only and atomic (a crash leaves the old checkpoint or the new one)."""
    atomic_write_bytes(path, to_bytes(checkpoint))


def read_checkpoint(path: Path) -> Checkpoint:
    """A regular file of at most 1 MiB holding one checkpoint, or a manifest (a return's, a
    backup's) with one as its ``audit_checkpoint`` member; else CheckpointUnreadable."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise CheckpointUnreadable(f"cannot open: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise CheckpointUnreadable("not a small regular file")
        raw = os.read(fd, MAX_BYTES + 1)
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise CheckpointUnreadable("not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("audit_checkpoint"), dict):
        data = data["audit_checkpoint"]
    return Checkpoint.from_json(data)


def compare(log: AuditLog, checkpoint: Checkpoint) -> str | None:
    """Why the log does not agree with ``checkpoint``, or None when it does."""
    if checkpoint.vault_id != log.vault_id:
        return "the checkpoint belongs to another vault"
    if not checkpoint.signature_valid():
        return "the checkpoint's signature does not match (it was forged or altered)"
    key = registered_keys(log.connection).get(checkpoint.signer)
    if key is None or key.public.signing != checkpoint.signing_public:
        return (
            "the key that signed the checkpoint is not registered in the log "
            "(the log was rewritten, or the checkpoint is forged)"
        )
    if key.principal != checkpoint.principal:
        return "the checkpoint names someone other than its key's owner"
    entries, _head = log.head()
    count = log.entry_count()
    if checkpoint.entries > min(entries, count):
        return (
            f"the log has {count} entries, but the checkpoint of {checkpoint.written} recorded "
            f"{checkpoint.entries}: entries were removed from the end"
        )
    if log.mac_at(checkpoint.entries) != checkpoint.head:
        return (
            f"entry {checkpoint.entries} is not the one the checkpoint of "
            f"{checkpoint.written} recorded: the log was rewritten"
        )
    return None


def update_at_lock(folder: Path, log: AuditLog, principal: str) -> bool:
    """Write the lock-time checkpoint beside the key slots, unless the one there disagrees
    with the log: that one is evidence for ``check`` and is never overwritten. True when
    written."""
    path = folder / FILE_NAME
    if path.exists() or path.is_symlink():
        try:
            if compare(log, read_checkpoint(path)) is not None:
                return False
        except CheckpointUnreadable:
            return False
    write_checkpoint(path, make_checkpoint(log, principal))
    return True
