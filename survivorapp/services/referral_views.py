"""What the referral service hands to the referral screens: frozen views read in one transaction.

A screen that showed the result of several separate calls could show a mixture of two moments
(a referral saved between them, its consent from before). Each view here is gathered in one
transaction, so what the worker sees is one consistent reading, and the widget only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.waits import ReferralRecord, ReferralSummary


@dataclass(frozen=True)
class CaseReferrals:
    """A case's Referrals tab: its referrals and what the tab's dialogs need to make more."""

    reference: str
    records: tuple[ReferralRecord, ...]
    """Oldest first, each with its whole history."""
    consents: tuple[ConsentRecord, ...]
    """The case's consent ledger, so a dialog can say whether consent is in place."""
    directory: tuple[DirectoryOrganisation, ...]
    """The directory of local organisations, to choose from when making a referral."""


@dataclass(frozen=True)
class OpenReferrals:
    """The Referrals page's list: open referrals, longest waiting first, and the follow-up
    setting that decided which of them need following up."""

    summaries: tuple[ReferralSummary, ...]
    follow_up_days: int
    limit: int | None
    """The most the list holds; reaching it means narrower filters would show more."""

    @property
    def follow_up_due(self) -> int:
        return sum(1 for s in self.summaries if s.needs_follow_up)

    @property
    def at_limit(self) -> bool:
        return self.limit is not None and len(self.summaries) >= self.limit
