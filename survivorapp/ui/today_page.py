"""Today: what is coming up for me, so the day starts with what matters.

The court dates and deadlines come from the court diary. Tasks and referrals arrive with the
referrals work; until then their panels say what they will hold, never an empty frame.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListView, QVBoxLayout, QWidget

from survivorapp.domain.justice_diary import DiaryEntry
from survivorapp.ui.labels import format_date
from survivorapp.ui.theme import heading_font


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 10)
    heading = QLabel(title)
    heading.setFont(heading_font(card, 1.15))
    layout.addWidget(heading)
    return card, layout


def entry_text(entry: DiaryEntry) -> str:
    kind = "Hearing" if entry.kind == "hearing" else "Deadline"
    name = f" ({entry.known_as})" if entry.known_as else ""
    text = f"{format_date(entry.day)}  ·  {entry.case_reference}{name}  ·  {kind}: {entry.title}"
    if entry.to_do:
        text += f"  ·  still to do: {'; '.join(entry.to_do)}"
    return text


class TodayPage(QWidget):
    case_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Today"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        heading = QLabel(self.tr("Today"))
        heading.setFont(heading_font(self, 1.4))
        layout.addWidget(heading)
        card, inner = _card(self.tr("Coming up in the next 7 days"))
        self.model = QStandardItemModel(self)
        self.coming_up = QListView()
        self.coming_up.setModel(self.model)
        self.coming_up.setSpacing(3)
        self.coming_up.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coming_up.setAccessibleName(self.tr("Hearings and deadlines in the next 7 days"))
        self.coming_up.activated.connect(self.on_coming_up_activated)
        self.coming_up.doubleClicked.connect(self.on_coming_up_activated)
        self.nothing = QLabel(
            self.tr("No hearings or deadlines in the next 7 days for your cases."),
            wordWrap=True,
        )
        self.nothing.setProperty("role", "muted")
        hint = QLabel(self.tr("Double-click or press Enter to open the case."))
        hint.setProperty("role", "muted")
        inner.addWidget(self.coming_up)
        inner.addWidget(self.nothing)
        inner.addWidget(hint)
        layout.addWidget(card, 1)
        for title, purpose in (
            (
                self.tr("Tasks due"),
                self.tr(
                    "Tasks and follow-up reminders that are due will appear here once tasks "
                    "and referrals are added to the app."
                ),
            ),
            (
                self.tr("Referrals awaiting a response"),
                self.tr(
                    "Well-being referrals you have made that are still waiting for a reply "
                    "will appear here, with how long each has been waiting."
                ),
            ),
        ):
            planned, planned_layout = _card(title)
            text = QLabel(purpose, wordWrap=True)
            text.setProperty("role", "muted")
            text.setAccessibleName(title)
            planned_layout.addWidget(text)
            layout.addWidget(planned)
        self.set_entries([])

    def set_entries(self, entries: list[DiaryEntry]) -> None:
        self.model.clear()
        for entry in entries:
            item = QStandardItem(entry_text(entry))
            item.setData(entry.case_reference, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
        self.coming_up.setVisible(bool(entries))
        self.nothing.setVisible(not entries)

    def on_coming_up_activated(self, index: QModelIndex) -> None:
        reference = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(reference, str):
            self.case_requested.emit(reference)
