"""Reading and verifying the audit log."""

from __future__ import annotations

from survivorapp.services.context import ServiceContext
from survivorapp.services.permissions import Action
from survivorapp.vault.audit import AuditEntry, ChainReport


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def verify(self) -> ChainReport:
        """Anyone unlocked may check the chain: the result names entries, not their content."""
        return self.ctx.audit.verify()

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        self.ctx.require(Action.VIEW_AUDIT_LOG)
        return self.ctx.audit.recent(limit)
