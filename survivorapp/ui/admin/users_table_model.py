"""Staff accounts as a table: a handful of rows, so the model holds them all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from survivorapp.services.permissions import Role


class UserRowLike(Protocol):
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def roles(self) -> tuple[str, ...]: ...
    @property
    def active(self) -> bool: ...


COLUMNS = ("User name", "Display name", "Roles", "Status")
AnyIndex = QModelIndex | QPersistentModelIndex


def role_labels(roles: Sequence[str]) -> str:
    known = {r.value: r.label for r in Role}
    return ", ".join(known.get(code, code) for code in roles)


class UsersTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[UserRowLike] = []

    def set_rows(self, rows: Sequence[UserRowLike]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> UserRowLike | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, username: str) -> int:
        wanted = username.casefold()
        return next((i for i, r in enumerate(self._rows) if r.username.casefold() == wanted), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row())
        if row is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        column = index.column()
        if column == 0:
            return row.username
        if column == 1:
            return row.display_name
        if column == 2:
            return role_labels(row.roles)
        return self.tr("Active") if row.active else self.tr("Deactivated")
