"""The building blocks of survivor mode's screens: big buttons, a centred reading column that
scrolls rather than squashes, and button rows that stack when large text needs the room.

Every button has an accessible name, takes keyboard focus with Tab, and is pressed by Enter as
well as Space.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from survivorapp.ui.survivor_mode.style import BUTTON_MIN_HEIGHT

COLUMN_WIDTH = 980
_PADDING_X = 28  # the style sheet's padding plus a focus border, each side
_PADDING_Y = 16


class BigButton(QPushButton):
    """A large button that Enter presses as well as Space (plain widgets only do Space)."""

    def __init__(self, text: str, *, role: str = "", primary: bool = False, name: str = ""):
        super().__init__(text)
        # Fixed to its own size hint, so large text is never squeezed into a short button.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(name or text.replace("&", ""))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        if role:
            self.setProperty("role", role)
        if primary:
            self.setProperty("primary", True)

    def sizeHint(self) -> QSize:
        # Qt caches a button's size hint across style-sheet font changes (A+ / A−), so the
        # room the text needs now is worked out here as well.
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self.text()) + 2 * _PADDING_X
        height = metrics.height() + 2 * _PADDING_Y
        return QSize(max(hint.width(), width), max(hint.height(), height, BUTTON_MIN_HEIGHT))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.animateClick()
            return
        super().keyPressEvent(event)


def label(text: str, role: str = "", *, name: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if role:
        widget.setProperty("role", role)
    widget.setAccessibleName(name or text)
    return widget


def _centred(holder: QWidget, top: int, bottom: int) -> QWidget:
    """Lay ``holder`` out as a row with one centred, width-limited column; return the column."""
    row = QHBoxLayout(holder)
    row.setContentsMargins(48, top, 48, bottom)
    row.addStretch(1)
    column = QWidget()
    column.setMaximumWidth(COLUMN_WIDTH)
    column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    row.addWidget(column, 100)
    row.addStretch(1)
    return column


class ColumnScreen(QWidget):
    """A centred column, not too wide to read comfortably, with room around everything.

    The column scrolls when large text needs more height than the screen has, so nothing is
    cut off or squashed; :attr:`footer` stays put below it (for Back and Skip).
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setAutoFillBackground(False)
        body = QWidget()
        body.setAutoFillBackground(False)
        self.column = QVBoxLayout(_centred(body, 24, 16))
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(24)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        self.footer_area = QWidget()
        self.footer = QHBoxLayout(_centred(self.footer_area, 8, 24))
        self.footer.setContentsMargins(0, 0, 0, 0)
        self.footer.setSpacing(20)
        self.footer_area.setVisible(False)
        outer.addWidget(self.footer_area)
        self._kept_in_view: ButtonRow | None = None

    def add_buttons(self, *buttons: QPushButton, keep_in_view: bool = False) -> ButtonRow:
        """A row of buttons under the text. With ``keep_in_view`` the row moves below the
        scrolling column whenever the text is too long to fit, so the way on is never
        scrolled out of sight; it sits under the text again when there is room."""
        row = ButtonRow(buttons)
        self.column.addWidget(row)
        if keep_in_view:
            self._kept_in_view = row
        return row

    @property
    def buttons_pinned(self) -> bool:
        row = self._kept_in_view
        return row is not None and self.footer.indexOf(row) >= 0

    def _place_buttons(self) -> None:
        row = self._kept_in_view
        body = self.scroll_area.widget()
        if row is None or body is None or not self.isVisible():
            return
        pinned = self.buttons_pinned
        needed = body.heightForWidth(self.scroll_area.viewport().width())
        if needed < 0:
            needed = body.sizeHint().height()
        if pinned:
            needed += row.sizeHint().height() + self.column.spacing()
        fits = needed <= self.height()
        focused = QApplication.focusWidget()
        had_focus = focused is not None and row.isAncestorOf(focused)
        if fits and pinned:
            self.footer.removeWidget(row)
            self.column.insertWidget(self._button_index(), row)
            self.footer_area.setVisible(False)
        elif not fits and not pinned:
            self.column.removeWidget(row)
            self.footer.addWidget(row)
            self.footer_area.setVisible(True)
        row.setVisible(True)
        if had_focus and focused is not None:
            focused.setFocus()  # moving the row must not move the keyboard focus

    def _button_index(self) -> int:
        """Under the last piece of text (before the trailing stretch)."""
        return self.column.count() - 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place_buttons()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self._place_buttons)  # once the new sizes are known
        return handled


class ButtonRow(QWidget):
    """Buttons side by side while they fit, one under the other when large text needs it."""

    def __init__(self, buttons: tuple[QPushButton, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = buttons
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(20)
        for button in buttons:
            self._box.addWidget(button)
        self._box.addStretch(1)

    @property
    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def _needed_width(self) -> int:
        hints = [b.sizeHint().width() for b in self.buttons if not b.isHidden()]
        return sum(hints) + self._box.spacing() * max(0, len(hints) - 1)

    def _arrange(self) -> None:
        side_by_side = self._needed_width() <= self.width()
        direction = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if self._box.direction() != direction:
            self._box.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._arrange()
        return super().event(event)

    def minimumSizeHint(self) -> QSize:
        # Never ask for the side-by-side width: stacking is always possible.
        hint = super().minimumSizeHint()
        widest = max((b.sizeHint().width() for b in self.buttons), default=0)
        return QSize(min(hint.width(), widest), hint.height())
