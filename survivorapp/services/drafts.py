"""Drafts of text being typed (session notes), saved encrypted and offered back after a crash."""

from __future__ import annotations

from survivorapp.services.case_access import require_case
from survivorapp.services.context import ServiceContext
from survivorapp.services.permissions import Action
from survivorapp.vault.drafts import Draft, DraftRepository

MAX_DRAFT_CHARS = 20_000


class DraftService:
    """Drafts belong to the user who typed them; they are not audited (nothing is saved yet)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.repo = DraftRepository(ctx.conn)

    def _check_case(self, case_reference: str | None) -> None:
        if case_reference is not None:
            require_case(self.ctx, Action.EDIT_CASE, case_reference)

    def save(self, draft_key: str, case_reference: str | None, text: str) -> None:
        self._check_case(case_reference)
        with self.ctx.write():
            self.repo.save(
                self.ctx.actor.username, draft_key, case_reference, text[:MAX_DRAFT_CHARS]
            )

    def get(self, draft_key: str) -> Draft | None:
        return self.repo.get(self.ctx.actor.username, draft_key)

    def for_case(self, case_reference: str) -> list[Draft]:
        return self.repo.for_case(self.ctx.actor.username, case_reference)

    def discard(self, draft_key: str) -> None:
        with self.ctx.write():
            self.repo.discard(self.ctx.actor.username, draft_key)
