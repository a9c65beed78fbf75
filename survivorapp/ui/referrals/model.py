"""Table models for referrals and the directory: one case's referrals, open referrals across
cases, and the directory's entries. Plain models over lists the services return (the table
kit's :class:`ListTableModel`), so they can be tested without a window; the waits are the
domain's, only worded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.waits import ReferralRecord, ReferralSummary
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.table_kit import ListTableModel


def days_text(days: int | None) -> str:
    if days is None:
        return "—"
    return "1 day" if days == 1 else f"{days:,} days"


def date_text(day: date | None) -> str:
    return "—" if day is None else format_date(day)


class CaseReferralsTableModel(ListTableModel[ReferralRecord]):
    """One case's referrals, newest first, with the waits worked out from each history."""

    COLUMNS = (
        "Referred to",
        "Organisation",
        "Status",
        "Since",
        "Referred on",
        "Waiting so far",
        "To acceptance",
        "To first appointment",
    )

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._today = date.today()

    def set_records(self, records: Sequence[ReferralRecord], today: date) -> None:
        """Show ``records`` newest first; "waiting so far" counts to ``today``."""
        self._today = today
        self.set_items(
            sorted(records, key=lambda r: (r.referral.started_on, r.referral.id or 0))[::-1]
        )

    def row_of(self, referral_id: int) -> int | None:
        return self.row_where(lambda record: record.referral.id == referral_id)

    def cells(self, item: ReferralRecord) -> tuple[str, ...]:
        dates = item.dates
        return (
            self._labels.code("referral_destination", item.referral.destination_type),
            item.referral.organisation_name or "—",
            self._labels.code("referral_status", dates.status),
            format_date(dates.status_on),
            date_text(dates.referred_on),
            days_text(dates.days_waiting(self._today)),
            days_text(dates.days_to_acceptance),
            days_text(dates.days_to_first_appointment),
        )


class OpenReferralsTableModel(ListTableModel[ReferralSummary]):
    """Open referrals across cases, as the service sorts them (longest waiting first)."""

    COLUMNS = (
        "Case",
        "Known as",
        "Referred to",
        "Organisation",
        "Status",
        "Referred on",
        "Waiting so far",
        "Follow up",
    )

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels

    def cells(self, item: ReferralSummary) -> tuple[str, ...]:
        return (
            item.case_reference,
            item.known_as or "",
            self._labels.code("referral_destination", item.destination_type),
            item.organisation_name or "—",
            self._labels.code("referral_status", item.status),
            date_text(item.referred_on)
            if item.referred_on
            else "Offered " + date_text(item.started_on),
            days_text(item.days_waiting),
            "No reply yet: follow up" if item.needs_follow_up else "",
        )


class DirectoryTableModel(ListTableModel[DirectoryOrganisation]):
    """The directory's entries in the service's order (by name)."""

    COLUMNS = ("Name", "Kind of service", "Borough", "Phone", "Email", "Notes")

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels

    def cells(self, item: DirectoryOrganisation) -> tuple[str, ...]:
        return (
            item.name,
            self._labels.code("referral_destination", item.destination_type),
            self._labels.code("borough", item.borough) if item.borough else "—",
            item.phone or "—",
            item.email or "—",
            " ".join(item.notes.split()),
        )
