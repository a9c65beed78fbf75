"""The frame pages share: a heading at the top, and a body that scrolls when it outgrows the window.

Written once so every page looks alike (one heading size, no frame round a scrolling body) and a
change to either lands everywhere. The texts are the caller's, already translated.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from survivorapp.ui.widgets.theme import heading_font

Margins = tuple[int, int, int, int]
"""Left, top, right, bottom, as ``QLayout.setContentsMargins`` takes them."""

PAGE_HEADING_SCALE = 1.4


def page_heading(owner: QWidget, text: str) -> QLabel:
    """The page's one large heading."""
    heading = QLabel(text)
    heading.setFont(heading_font(owner, PAGE_HEADING_SCALE))
    return heading


def heading_row(owner: QWidget, text: str, *beside: QWidget) -> QHBoxLayout:
    """The heading on the left and, pushed to the right, what goes beside it (a status line,
    a button). The caller may add more to the row."""
    row = QHBoxLayout()
    row.addWidget(page_heading(owner, text))
    row.addStretch(1)
    for widget in beside:
        row.addWidget(widget)
    return row


def scroll_area(content: QWidget, name: str = "") -> QScrollArea:
    """A frameless scroll area that widens ``content`` to its own width and scrolls it up and
    down."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if name:
        scroll.setAccessibleName(name)
    scroll.setWidget(content)
    return scroll


def scrolling_column(
    margins: Margins, spacing: int, name: str = ""
) -> tuple[QScrollArea, QVBoxLayout]:
    """A column inside a scroll area, for the caller to place: (the scroll area, the column)."""
    body = QWidget()
    column = QVBoxLayout(body)
    column.setContentsMargins(*margins)
    column.setSpacing(spacing)
    return scroll_area(body, name), column


def scrolling_body(
    owner: QWidget, margins: Margins, spacing: int
) -> tuple[QScrollArea, QVBoxLayout]:
    """Make the whole of ``owner`` scroll: it gets a layout with no margins holding a
    :func:`scrolling_column`. Returns (the scroll area, the column to fill)."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll, column = scrolling_column(margins, spacing)
    outer.addWidget(scroll)
    return scroll, column
