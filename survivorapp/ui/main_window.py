"""The main window: navigation on the left, one page at a time, a status line that says saved.

The window title never names a survivor. Ctrl+L locks at once; the privacy curtain key blanks
the window instantly without locking, and the same key lifts it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

CURTAIN_KEY = Qt.Key.Key_F12


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    page: QWidget


class PrivacyCurtain(QWidget):
    """Covers everything with a plain panel; no record text survives underneath in view."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("curtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        hint = QLabel(self.tr("Screen hidden. Press F12 to show it again."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        layout.addStretch(1)
        self.hide()


class MainWindow(QMainWindow):
    lock_requested = Signal()

    def __init__(self, organisation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"survivorapp · {organisation}")
        self.resize(1180, 760)
        self.setMinimumSize(880, 560)
        self.stack = QStackedWidget()  # 0: unlock screen; 1: the workspace
        self.setCentralWidget(self.stack)

        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.pages = QStackedWidget()
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self._entries: list[NavEntry] = []

        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save status"))
        self.statusBar().addPermanentWidget(self.saved_label)
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        self.statusBar().addWidget(self.user_label)
        self.set_saved(True)

        self.curtain = PrivacyCurtain(self)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.lock_requested.emit)
        QShortcut(QKeySequence(CURTAIN_KEY), self, activated=self.toggle_curtain)

    # --- pages -------------------------------------------------------------------------------

    def set_unlock_page(self, page: QWidget) -> None:
        while self.stack.count():
            self.stack.removeWidget(self.stack.widget(0))
        self.stack.addWidget(page)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentIndex(0)

    def add_page(self, key: str, label: str, page: QWidget) -> None:
        self._entries.append(NavEntry(key, label, page))
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        self.navigation.addItem(item)
        self.pages.addWidget(page)

    def clear_pages(self) -> None:
        self.navigation.clear()
        while self.pages.count():
            widget = self.pages.widget(0)
            self.pages.removeWidget(widget)
            widget.deleteLater()
        self._entries.clear()

    def show_page(self, key: str) -> None:
        for index, entry in enumerate(self._entries):
            if entry.key == key:
                self.navigation.setCurrentRow(index)
                return

    def page(self, key: str) -> QWidget | None:
        return next((e.page for e in self._entries if e.key == key), None)

    def show_workspace(self, user: str) -> None:
        self.user_label.setText(self.tr("Signed in as {user}").replace("{user}", user))
        self.stack.setCurrentIndex(1)
        if self.navigation.currentRow() < 0 and self._entries:
            self.navigation.setCurrentRow(0)

    def show_unlock(self) -> None:
        self.stack.setCurrentIndex(0)
        self.user_label.clear()

    @property
    def workspace_visible(self) -> bool:
        return self.stack.currentIndex() == 1

    # --- status and privacy ------------------------------------------------------------------

    def set_saved(self, saved: bool) -> None:
        self.saved_label.setText(self.tr("All changes saved") if saved else self.tr("Saving…"))

    def toggle_curtain(self) -> None:
        if self.curtain.isVisible():
            self.curtain.hide()
            self.stack.show()
        else:
            self.stack.hide()
            self.curtain.setGeometry(self.rect())
            self.curtain.show()
            self.curtain.raise_()

    @property
    def curtain_down(self) -> bool:
        return self.curtain.isVisible()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.curtain.isVisible():
            self.curtain.setGeometry(self.rect())
