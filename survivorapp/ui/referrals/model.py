"""Table models for referrals and the directory: one case's referrals, open referrals across
cases, and the directory's entries. Plain models over lists the services return, so they can be
tested without a window; the waits are the domain's, only worded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from survivorapp.domain.directory import DirectoryOrganisation
from survivorapp.domain.referral_waits import ReferralRecord, ReferralSummary
from survivorapp.ui.widgets.labels import Labels, format_date

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


def days_text(days: int | None) -> str:
    if days is None:
        return "—"
    return "1 day" if days == 1 else f"{days:,} days"


def date_text(day: date | None) -> str:
    return "—" if day is None else format_date(day)


class _ListModel(QAbstractTableModel, Generic[T]):
    """Rows are items of one kind; subclasses say the columns and each cell's text."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._items: list[T] = []

    def _set(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[T]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or role not in _SHOWN:
            return None
        return self.cells(item)[index.column()]

    def cells(self, item: T) -> tuple[str, ...]:
        raise NotImplementedError


class CaseReferralsTableModel(_ListModel[ReferralRecord]):
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
        super().__init__(labels)
        self._today = date.today()

    def set_records(self, records: Sequence[ReferralRecord], today: date) -> None:
        self._today = today
        self._set(sorted(records, key=lambda r: (r.referral.started_on, r.referral.id or 0))[::-1])

    def row_of(self, referral_id: int) -> int | None:
        for row, record in enumerate(self._items):
            if record.referral.id == referral_id:
                return row
        return None

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


class OpenReferralsTableModel(_ListModel[ReferralSummary]):
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

    def set_summaries(self, summaries: Sequence[ReferralSummary]) -> None:
        self._set(summaries)

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


class DirectoryTableModel(_ListModel[DirectoryOrganisation]):
    COLUMNS = ("Name", "Kind of service", "Borough", "Phone", "Email", "Notes")

    def set_organisations(self, organisations: Sequence[DirectoryOrganisation]) -> None:
        self._set(organisations)

    def cells(self, item: DirectoryOrganisation) -> tuple[str, ...]:
        return (
            item.name,
            self._labels.code("referral_destination", item.destination_type),
            self._labels.code("borough", item.borough) if item.borough else "—",
            item.phone or "—",
            item.email or "—",
            " ".join(item.notes.split()),
        )
