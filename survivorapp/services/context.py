"""What every service call carries: the open vault, who is acting, and the audit log.

Services write the audit record inside the same transaction as the change, so a change and its
audit entry are committed together or not at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from survivorapp.domain.errors import EXIT_PROBLEMS, EXIT_REFUSED, UserFacingError
from survivorapp.domain.problems import Problem
from survivorapp.domain.vocabularies import Vocabularies, load_vocabularies
from survivorapp.services.permissions import Action, Actor, CaseAccess, require
from survivorapp.vault.audit import AuditLog, chain_key
from survivorapp.vault.connection import Connection
from survivorapp.vault.vault import UnlockedVault

AUDIT_KEY_PURPOSE = "audit-chain"


def changed_fields(old: Any, new: Any) -> list[str]:
    """The fields a change's audit entry names: those whose stored value differs (never the
    values themselves)."""
    before, after = old.to_record(), new.to_record()
    return sorted(k for k in after if k != "id" and before.get(k) != after.get(k))


class ValidationFailed(UserFacingError):
    """A record did not pass validation; ``problems`` say what to fix, field by field."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        self.user_message = " ".join(p.message for p in self.problems) or "Please check the form."
        super().__init__(self.user_message)


class NotFound(UserFacingError):
    """The record asked for is not there, or the actor may not know it is (never confirmed)."""

    exit_code = EXIT_REFUSED

    def __init__(self, what: str) -> None:
        self.user_message = f"That {what} could not be found (it may have been removed)."
        super().__init__(self.user_message)


@dataclass
class ServiceContext:
    vault: UnlockedVault
    actor: Actor
    vocabularies: Vocabularies
    audit: AuditLog

    @classmethod
    def open(cls, vault: UnlockedVault, actor: Actor) -> ServiceContext:
        return cls(
            vault=vault,
            actor=actor,
            vocabularies=load_vocabularies(),
            audit=AuditLog(
                vault.connection,
                chain_key(vault.connection, vault.derive_subkey(AUDIT_KEY_PURPOSE)),
                vault.vault_id,
                lambda: vault.user_keys,  # the keys of whoever is signed in, read each time
            ),
        )

    @property
    def conn(self) -> Connection:
        return self.vault.connection

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction; a write inside another joins it, so a batch of changes commits
        together or not at all (and a failure part-way leaves nothing half-saved)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        with self.vault.transaction() as conn:
            yield conn

    def require(self, action: Action, case: CaseAccess | None = None) -> None:
        require(self.actor, action, case)

    def record(
        self,
        action: str,
        entity: str,
        entity_ref: str | None = None,
        case_ref: str | None = None,
        fields: Iterable[str] = (),
    ) -> None:
        self.audit.append(self.actor.username, action, entity, entity_ref, case_ref, fields)

    def validate(self, problems: list[Problem]) -> None:
        if problems:
            raise ValidationFailed(problems)

    @staticmethod
    def today() -> date:
        return date.today()
