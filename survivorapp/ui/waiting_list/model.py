"""The waiting list as a table: priority, who, how long they have waited, what we have tried.

Rows come already ordered by the service (A first, then the longest wait), so the table keeps
that order and offers no column sorting that could hide an urgent case at the bottom. The
list is the service's open waiting list (a few thousand rows at the largest), held whole.
"""

from __future__ import annotations

from survivorapp.domain.waiting_list import PRIORITY_VOCABULARY, WaitingListRow
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.table_kit import ListTableModel

FIELDS = (
    ("priority", "Priority"),
    ("case", "Case"),
    ("known_as", "Known as"),
    ("referred", "Referred"),
    ("waiting", "Waiting"),
    ("service_line", "Service"),
    ("attempts", "Attempts"),
    ("last_attempt", "Last attempt"),
)
KEYS = tuple(key for key, _ in FIELDS)


def short_priority(labels: Labels, code: str) -> str:
    """ "A", "B", "C" or "Not yet triaged": the label up to its colon."""
    return labels.code(PRIORITY_VOCABULARY, code).split(":", 1)[0]


class WaitingListTableModel(ListTableModel[WaitingListRow]):
    COLUMNS = tuple(title for _, title in FIELDS)

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels

    def row_of(self, case_reference: str) -> int:
        """The row showing ``case_reference``, or -1 when they are not (or no longer) waiting."""
        found = self.row_where(lambda row: row.case_reference == case_reference)
        return -1 if found is None else found

    def cells(self, item: WaitingListRow) -> tuple[str, ...]:
        return tuple(self._text(item, key) for key in KEYS)

    def tooltip(self, item: WaitingListRow, column: int) -> str | None:
        """The priority's full wording and what it means, on the short letter."""
        if KEYS[column] != "priority":
            return None
        vocabulary = self._labels.vocabularies[PRIORITY_VOCABULARY]
        code = next((c for c in vocabulary if c.code == item.priority), None)
        return None if code is None else f"{code.label}. {code.help or ''}".strip()

    def _text(self, row: WaitingListRow, key: str) -> str:
        labels = self._labels
        if key == "priority":
            return short_priority(labels, row.priority)
        if key == "case":
            return row.case_reference
        if key == "known_as":
            return row.known_as or ""
        if key == "referred":
            return format_date(row.referral_date)
        if key == "waiting":
            return f"{row.days_waiting:,} day{'' if row.days_waiting == 1 else 's'}"
        if key == "service_line":
            return labels.code("service_line", row.service_line).split(" (", 1)[0]
        if key == "attempts":
            return str(row.attempt_count) if row.attempt_count else "None yet"
        if key == "last_attempt" and row.last_attempt_on is not None:
            outcome = labels.code("contact_attempt_outcome", row.last_outcome)
            return f"{format_date(row.last_attempt_on)} · {outcome}"
        return ""
