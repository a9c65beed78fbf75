"""Reading and verifying the audit log, and checkpoints of it to keep elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survivorapp.services.context import ServiceContext
from survivorapp.services.permissions import Action
from survivorapp.vault import audit_checkpoint
from survivorapp.vault.audit import AuditEntry, ChainReport


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def verify(self) -> ChainReport:
        """Anyone unlocked may check the chain: the result names entries, not their content."""
        return self.ctx.audit.verify()

    def checkpoint(self) -> dict[str, Any]:
        """A signed checkpoint of the log as it is now, as a JSON object: the one function to
        put into any manifest (returns, backups). It holds a count and a MAC, no case data,
        so anyone unlocked may make one (docs/vault-format.md, section 17)."""
        return audit_checkpoint.make_checkpoint(self.ctx.audit, self.ctx.actor.username).to_json()

    def compare_checkpoint(self, checkpoint: object) -> str | None:
        """Why the log disagrees with a checkpoint object (from a manifest), or None."""
        try:
            parsed = audit_checkpoint.Checkpoint.from_json(checkpoint)
        except audit_checkpoint.CheckpointUnreadable as exc:
            return f"the checkpoint cannot be read ({exc})"
        return audit_checkpoint.compare(self.ctx.audit, parsed)

    def write_checkpoint(self, path: Path) -> int:
        """Write a checkpoint to ``path`` (owner-only, atomically); returns its entry count."""
        made = audit_checkpoint.make_checkpoint(self.ctx.audit, self.ctx.actor.username)
        audit_checkpoint.write_checkpoint(path, made)
        return made.entries

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        self.ctx.require(Action.VIEW_AUDIT_LOG)
        return self.ctx.audit.recent(limit)
