"""The Admin page's lists: staff accounts, questionnaires, commissioners' keys.

Each is a handful of rows a service hands over whole, so each is a :class:`ListTableModel`
that only says what its cells read; they are tested as plain objects, without a window.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from survivorapp.domain.questionnaires.instruments import IMPORTED, OUTCOME_MEASURE, Instrument
from survivorapp.services.permissions import Role
from survivorapp.services.returns import CommissionerKey
from survivorapp.ui.widgets.table_kit import ListTableModel

Index = QModelIndex | QPersistentModelIndex


# --- staff accounts -----------------------------------------------------------------------------


class UserRowLike(Protocol):
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def roles(self) -> tuple[str, ...]: ...
    @property
    def active(self) -> bool: ...


def role_labels(roles: Sequence[str]) -> str:
    known = {r.value: r.label for r in Role}
    return ", ".join(known.get(code, code) for code in roles)


class UsersTableModel(ListTableModel[UserRowLike]):
    """Everyone who has an account, active or not."""

    COLUMNS = ("User name", "Display name", "Roles", "Status")

    def cells(self, item: UserRowLike) -> tuple[str, ...]:
        status = self.tr("Active") if item.active else self.tr("Deactivated")
        return (item.username, item.display_name, role_labels(item.roles), status)

    def row_of(self, username: str) -> int:
        """The row of ``username`` (user names are not case-sensitive), or -1."""
        wanted = username.casefold()
        row = self.row_where(lambda item: item.username.casefold() == wanted)
        return -1 if row is None else row


# --- questionnaires -----------------------------------------------------------------------------

LICENCE_COLUMN = 5
SHORT_LICENCE = 60


@dataclass(frozen=True)
class QuestionnaireRow:
    """What the list shows for one questionnaire (its latest version)."""

    id: str
    version: int
    title: str
    outcome_measure: bool
    imported: bool
    licence: str
    visible: bool

    @classmethod
    def of(cls, instrument: Instrument, visible: bool) -> QuestionnaireRow:
        licence = instrument.licence
        line = " — ".join(
            part.strip() for part in (licence.name, str(licence.attribution)) if part.strip()
        )
        if licence.url:
            line = f"{line} {licence.url}"
        return cls(
            id=instrument.id,
            version=instrument.version,
            title=str(instrument.title),
            outcome_measure=instrument.kind == OUTCOME_MEASURE,
            imported=instrument.origin == IMPORTED,
            licence=line,
            visible=visible,
        )

    @property
    def visible_by_default(self) -> bool:
        return self.outcome_measure


def short(text: str, limit: int = SHORT_LICENCE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionnairesTableModel(ListTableModel[QuestionnaireRow]):
    """Every questionnaire, shipped and imported, with who sees its answers on a case.

    A licence line can be long: the cell shows its start, a screen reader and the tooltip the
    whole of it.
    """

    COLUMNS = ("Questionnaire", "Id and version", "Kind", "From", "Answers on the case", "Licence")

    def cells(self, item: QuestionnaireRow) -> tuple[str, ...]:
        return (
            item.title,
            f"{item.id} v{item.version}",
            "Outcome measure" if item.outcome_measure else "Service feedback",
            "Imported" if item.imported else "Shipped with the app",
            "Workers see them" if item.visible else "Only in totals",
            short(item.licence),
        )

    def tooltip(self, item: QuestionnaireRow, column: int) -> str | None:
        if column not in (0, LICENCE_COLUMN):
            return None
        text = item.title if column == 0 else item.licence
        return f"<p>{html.escape(text)}</p>"  # the view may elide even short ones

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == LICENCE_COLUMN:
            item = self.item_at(index.row())
            return item.licence if item is not None else None
        return super().data(index, role)

    def row_of(self, instrument_id: str) -> int:
        row = self.row_where(lambda item: item.id == instrument_id)
        return -1 if row is None else row

    def set_visible(self, instrument_id: str, visible: bool) -> None:
        """Show a saved change of who sees the answers, without reloading the list."""
        row = self.row_of(instrument_id)
        if row >= 0:
            self._items[row] = replace(self._items[row], visible=visible)
            changed = self.index(row, 4)
            self.dataChanged.emit(changed, changed)


# --- commissioners' keys ------------------------------------------------------------------------


class CommissionerKeysTableModel(ListTableModel[CommissionerKey]):
    """Commissioners' public keys, with the fingerprints people read aloud to check them."""

    COLUMNS = ("Commissioner", "Fingerprint", "Added", "Added by")

    def cells(self, item: CommissionerKey) -> tuple[str, ...]:
        return (item.label, item.fingerprint, item.added_on.strftime("%d %b %Y"), item.added_by)

    def sort_key(self, item: CommissionerKey, column: int) -> Any:
        return item.added_on if column == 2 else super().sort_key(item, column)
