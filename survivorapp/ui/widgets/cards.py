"""The pieces Today is built from: a calm card, and a short list whose lines open their case.

A line that names a case opens it with one click or with Enter (a dashboard is read, then
followed); a line that names no case is just text. Lists are short (the services send at most
a couple of dozen lines) and show a handful at a time, so no card crowds the others.

Also the small labels other pages share: a muted line, and a message line that appears only
when it has something to say (Admin's cards, Returns, the first-run wizard).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QElapsedTimer, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListView, QVBoxLayout, QWidget

from survivorapp.ui.widgets.theme import heading_font

VISIBLE_LINES = 6
REPEAT_MS = 600  # a double-click is one request to open the case, not two


def muted_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    if name:
        label.setAccessibleName(name)
    return label


def message_label(accessible_name: str) -> QLabel:
    """A calm line for what just happened or went wrong; hidden while it is empty."""
    label = QLabel(wordWrap=True)
    label.setProperty("role", "message")
    label.setAccessibleName(accessible_name)
    label.setVisible(False)
    return label


def say(label: QLabel, text: str) -> None:
    """Show ``text`` on a :func:`message_label` (an empty text hides it again)."""
    label.setText(text)
    label.setVisible(bool(text))


class Card(QFrame):
    """A titled frame with a count line, a body and an empty-state sentence."""

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        self.title = QLabel(title, wordWrap=True)
        self.title.setFont(heading_font(self, 1.15))
        layout.addWidget(self.title)
        self.count = muted_label(name=self.tr("{title}: how many").replace("{title}", title))
        self.count.setVisible(False)
        layout.addWidget(self.count)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)
        layout.addLayout(self.body)
        self.empty = muted_label(empty, title)
        layout.addWidget(self.empty)
        layout.addStretch(1)

    def set_count(self, text: str) -> None:
        self.count.setText(text)
        self.count.setVisible(bool(text))


class CaseListView(QListView):
    """Lines of text; those carrying a case reference open it (click or Enter)."""

    case_requested = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.lines = QStandardItemModel(self)
        self.setModel(self.lines)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSpacing(2)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clicked.connect(self.on_line_chosen)
        self.activated.connect(self.on_line_chosen)
        self._since = QElapsedTimer()
        self._last: str | None = None
        self.set_lines([])

    def set_lines(self, lines: Sequence[tuple[str, str | None]]) -> None:
        """(text, case reference or None) per line."""
        self.lines.clear()
        for text, reference in lines:
            item = QStandardItem(text)
            item.setToolTip(text)
            item.setData(reference, Qt.ItemDataRole.UserRole)
            if reference is None:
                item.setSelectable(False)
            self.lines.appendRow(item)
        shown = min(len(lines), VISIBLE_LINES)
        if shown:
            # Qt pads the spacing round each line; the theme draws a border round lists.
            line = max(self.sizeHintForRow(0), self.fontMetrics().height()) + 2 * self.spacing()
            self.setFixedHeight(shown * line + 2 * self.frameWidth() + 6)
        self.setVisible(bool(lines))

    def texts(self) -> list[str]:
        return [self.lines.item(r).text() for r in range(self.lines.rowCount())]

    def on_line_chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        reference = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(reference, str):
            return
        if reference == self._last and self._since.isValid() and self._since.elapsed() < REPEAT_MS:
            return
        self._last = reference
        self._since.start()
        self.case_requested.emit(reference)
