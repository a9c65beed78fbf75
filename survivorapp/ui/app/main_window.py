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
    QLineEdit,
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
    #: Text typed in the global search box (Ctrl+F / Ctrl+K).
    search_changed = Signal(str)
    #: A page came to the front (pages load what they show only when they are shown).
    page_shown = Signal(object)

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
        side = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(200)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 10, 0, 0)
        self.search_edit = QLineEdit(placeholderText=self.tr("Search  (Ctrl+K)"))
        self.search_edit.setAccessibleName(self.tr("Search all cases"))
        self.search_edit.setAccessibleDescription(
            self.tr("Finds names, references and session notes in the cases you can see")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search_changed.emit)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Sections"))
        side_layout.addWidget(self.search_edit)
        side_layout.addWidget(self.navigation, 1)
        self.pages = QStackedWidget()
        self.pages.currentChanged.connect(
            lambda _index: self.page_shown.emit(self.pages.currentWidget())
        )
        row.addWidget(side)
        row.addWidget(self.pages, 1)
        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)
        self._entries: list[NavEntry] = []

        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save status"))
        self.statusBar().addPermanentWidget(self.saved_label)
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        self.statusBar().addWidget(self.user_label)
        self.set_saved(True)

        self.curtain = PrivacyCurtain(self)
        for keys in ("Ctrl+F", "Ctrl+K"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.focus_search)
        # Application-wide: locking and the curtain must work while a dialog is open too.
        for sequence, action in (
            (QKeySequence("Ctrl+L"), self.lock_requested.emit),
            (QKeySequence(CURTAIN_KEY), self.toggle_curtain),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(action)

    # --- pages -------------------------------------------------------------------------------

    def _on_navigation_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._entries):
            self.pages.setCurrentWidget(self._entries[row].page)

    def set_unlock_page(self, page: QWidget) -> None:
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
        self.stack.addWidget(page)
        self.stack.addWidget(self.workspace)
        self.show_unlock()

    def add_page(self, key: str, label: str, page: QWidget) -> None:
        self._entries.append(NavEntry(key, label, page))
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        self.navigation.addItem(item)
        self.pages.addWidget(page)

    def clear_pages(self) -> None:
        self.navigation.clear()
        # The shown page goes last: removing it first would make each remaining page the
        # shown one in turn, and a page starts loading when it is shown (a return, a diary)
        # just as the vault closes.
        current = self.pages.currentWidget()
        for index in reversed(range(self.pages.count())):
            widget = self.pages.widget(index)
            if widget is not None and widget is not current:
                self.pages.removeWidget(widget)
                widget.deleteLater()
        if current is not None:
            self.pages.removeWidget(current)
            current.deleteLater()
        self._entries.clear()

    def show_page(self, key: str) -> None:
        for index, entry in enumerate(self._entries):
            if entry.key == key:
                self.navigation.setCurrentRow(index)
                self.pages.setCurrentWidget(entry.page)
                return

    def show_widget(self, widget: QWidget) -> None:
        """Show a page that has no navigation entry of its own (e.g. one case)."""
        if self.pages.indexOf(widget) < 0:
            self.pages.addWidget(widget)
        self.pages.setCurrentWidget(widget)

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def page(self, key: str) -> QWidget | None:
        return next((e.page for e in self._entries if e.key == key), None)

    def show_workspace(self, user: str) -> None:
        self.user_label.setText(self.tr("Signed in as {user}").replace("{user}", user))
        self.statusBar().show()
        self.stack.setCurrentIndex(1)
        if self.navigation.currentRow() < 0 and self._entries:
            self.navigation.setCurrentRow(0)

    def show_unlock(self) -> None:
        self.statusBar().hide()  # "saved" means nothing while no vault is open
        self.stack.setCurrentIndex(0)
        self.user_label.clear()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)

    def focus_search(self) -> None:
        if self.workspace_visible:
            self.search_edit.setFocus()
            self.search_edit.selectAll()

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
