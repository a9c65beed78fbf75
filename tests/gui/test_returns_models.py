"""The Returns page's preview table model as a plain object, without a window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from survivorapp.services.return_views import SUPPRESSED, PublishedTable
from survivorapp.ui.returns.table_view import SUPPRESSED_TIP, PublishedTableModel

ROLE = Qt.ItemDataRole


def table(total: tuple[str, ...] | None = ("15", "100")) -> PublishedTable:
    return PublishedTable(
        id="demand_by_source",
        title="Referrals by source",
        section="demand",
        kind="count",
        unit="cases",
        notes="",
        additive=True,
        row_codes=("self", "police"),
        row_labels=("Self-referral", "Police"),
        column_codes=("count", "percent"),
        column_labels=("Count", "Percent"),
        cells=((SUPPRESSED, SUPPRESSED), ("15", "100")),
        total_cells=total,
    )


def test_rows_are_the_categories_then_the_total() -> None:
    model = PublishedTableModel(table())
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "",
        "Count",
        "Percent",
    ]
    assert [model.text(r, 0) for r in range(3)] == ["Self-referral", "Police", "Total"]
    assert model.text(1, 1) == "15" and model.index(1, 2).data() == "100"
    assert [model.is_total(r) for r in range(3)] == [False, False, True]
    assert model.text(5, 0) == "" and not model.is_total(5)
    assert PublishedTableModel(table(total=None)).rowCount() == 2  # a table without a total


def test_a_hidden_cell_says_why_calmly() -> None:
    model = PublishedTableModel(table())
    hidden = model.index(0, 1)
    assert hidden.data() == SUPPRESSED
    assert hidden.data(ROLE.AccessibleTextRole) == "hidden to protect privacy"
    assert hidden.data(ROLE.ToolTipRole) == SUPPRESSED_TIP
    font = hidden.data(ROLE.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert hidden.data(ROLE.BackgroundRole) is not None
    shown = model.index(1, 1)
    assert shown.data(ROLE.AccessibleTextRole) == "15"
    assert shown.data(ROLE.ToolTipRole) is None and shown.data(ROLE.FontRole) is None
    assert model.index(0, 0).data(ROLE.ToolTipRole) is None  # a label is never "hidden"


def test_numbers_align_right_and_the_total_stands_out() -> None:
    model = PublishedTableModel(table())
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(1, 1).data(ROLE.TextAlignmentRole) == right
    assert model.index(1, 0).data(ROLE.TextAlignmentRole) is None
    total = model.index(2, 0).data(ROLE.FontRole)
    assert isinstance(total, QFont) and total.weight() == QFont.Weight.DemiBold


def test_a_new_preview_never_leaves_the_old_tables_drawn(qtbot) -> None:
    """The old tables leave the layout at once; until Qt deletes them they must not be drawn
    loose over the new ones."""
    from types import SimpleNamespace

    from survivorapp.ui.returns.table_view import PublishedTableView, ReturnTablesWidget

    widget = ReturnTablesWidget()
    qtbot.addWidget(widget)
    widget.show()
    preview = SimpleNamespace(tables=(table(),), section_title=lambda _section: "Demand")
    widget.show_return(preview)  # type: ignore[arg-type]
    first = widget.views["demand_by_source"]
    widget.show_return(preview)  # type: ignore[arg-type]
    assert first.isHidden()  # at once, before Qt gets round to deleting it
    qtbot.waitUntil(lambda: widget.views["demand_by_source"].isVisible())
    shown = [v for v in widget.findChildren(PublishedTableView) if v.isVisible()]
    assert shown == [widget.views["demand_by_source"]]


def test_number_columns_are_wide_enough_for_their_headings(qtbot) -> None:
    from survivorapp.ui.returns.table_view import PublishedTableView

    long = table()
    long = PublishedTable(**{**long.__dict__, "column_labels": ("Prefer not to say", "Percent")})
    view = PublishedTableView(long)
    qtbot.addWidget(view)
    header = view.view.horizontalHeader()
    assert view.view.columnWidth(1) > header.fontMetrics().horizontalAdvance("Prefer not to say")
