"""Family or civil court proceedings: kind, court, hearing dates, orders and protections.

Kept apart from the criminal journey (REFERENCE 1.10): a survivor may be in the family court
with no police report at all. Hearing dates and orders are short lists a person builds up
with "Add" and "Remove"; hearing and expiry dates may be in the future.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.justice.support import SHORT_LIMIT, FamilyOrder, FamilyProceeding
from survivorapp.ui.widgets.fields import DateField, action_button, blank_to_none
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted


def _tr(text: str) -> str:
    return QCoreApplication.translate("FamilyProceedingDialog", text)


def _remove_button(name: str, on_click: Callable[[], None]) -> QPushButton:
    button = QPushButton(_tr("Remove"))
    button.setAccessibleName(name)
    button.clicked.connect(on_click)
    return button


class HearingRow(QWidget):
    def __init__(self, number: int, day: date, on_remove: Callable[[HearingRow], None]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.day = DateField("", day)
        self.remove = _remove_button("", lambda: on_remove(self))
        self.set_number(number)
        layout.addWidget(self.day)
        layout.addStretch(1)
        layout.addWidget(self.remove)

    def set_number(self, number: int) -> None:
        self.day.setAccessibleName(_tr("Hearing date {n}").replace("{n}", str(number)))
        self.remove.setAccessibleName(_tr("Remove hearing date {n}").replace("{n}", str(number)))


class OrderRow(QWidget):
    def __init__(self, number: int, on_remove: Callable[[OrderRow], None]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.order = QLineEdit()
        self.order.setPlaceholderText(_tr("Which order"))
        self.order.setMaxLength(SHORT_LIMIT)
        self.expiry = DateField("", None, optional=True)
        self.expiry.setToolTip(_tr("Leave as “Not set” if the order has no end date."))
        self.remove = _remove_button("", lambda: on_remove(self))
        self.set_number(number)
        self.order.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        layout.addWidget(self.order, 1)
        layout.addWidget(muted(_tr("ends")))
        layout.addWidget(self.expiry)
        layout.addWidget(self.remove)

    def set_number(self, number: int) -> None:
        n = str(number)
        self.order.setAccessibleName(_tr("Order {n}").replace("{n}", n))
        self.expiry.setAccessibleName(_tr("Order {n} ends").replace("{n}", n))
        self.remove.setAccessibleName(_tr("Remove order {n}").replace("{n}", n))

    def value(self) -> FamilyOrder:
        return FamilyOrder(self.order.text().strip(), self.expiry.value())


class FamilyProceedingDialog(SmallDialog):
    """Emits :attr:`proceeding_ready` with a valid new :class:`FamilyProceeding`."""

    proceeding_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Family or civil court proceedings"),
            _tr(
                "Proceedings the survivor is part of outside the criminal case. Hearing dates "
                "appear in the court diary and an order's end date becomes a reminder."
            ),
            _tr("Save proceedings"),
            parent,
        )
        self._labels = labels
        self._case_reference = case_reference
        self._today = today
        self._hearings: list[HearingRow] = []
        self._orders: list[OrderRow] = []
        self.proceeding_type = QComboBox()
        self.proceeding_type.setAccessibleName(_tr("Kind of proceedings"))
        self.proceeding_type.addItem(_tr("Choose…"), None)
        for label, code in labels.options("family_proceeding_type"):
            self.proceeding_type.addItem(label, code)
        self.court = QLineEdit()
        self.court.setAccessibleName(_tr("Court"))
        self.court.setMaxLength(SHORT_LIMIT)
        self.court.setPlaceholderText(_tr("For example, East London Family Court"))

        self.hearing_list = QVBoxLayout()
        self.hearing_list.setContentsMargins(0, 0, 0, 0)
        self.no_hearings = muted(_tr("None listed yet."))
        self.add_hearing_button = action_button(_tr("Add a hearing date"))
        self.add_hearing_button.clicked.connect(self.on_add_hearing_clicked)
        self.order_list = QVBoxLayout()
        self.order_list.setContentsMargins(0, 0, 0, 0)
        self.no_orders = muted(_tr("No orders made yet."))
        self.add_order_button = action_button(_tr("Add an order"))
        self.add_order_button.clicked.connect(self.on_add_order_clicked)
        self.protections = self.text_box(_tr("Special measures and protections"))
        self.protections.setPlaceholderText(
            _tr("For example: screens; no cross-examination in person (QLR appointed)")
        )

        self.form.addRow(_tr("Kind"), self.proceeding_type)
        self.form.addRow(_tr("Court"), self.court)
        self.form.addRow(
            _tr("Hearing dates"),
            _list_block(self.hearing_list, self.no_hearings, self.add_hearing_button),
        )
        self.form.addRow(
            _tr("Orders made"), _list_block(self.order_list, self.no_orders, self.add_order_button)
        )
        self.form.addRow(_tr("Protections"), self.protections)
        self.submitted.connect(self.on_dialog_submitted)

    # -- the two lists --------------------------------------------------------------------

    def on_add_hearing_clicked(self) -> None:
        row = HearingRow(len(self._hearings) + 1, self._today, self._remove_hearing)
        self._hearings.append(row)
        self.hearing_list.addWidget(row)
        row.show()
        self.no_hearings.setVisible(False)
        row.day.setFocus()

    def _remove_hearing(self, row: HearingRow) -> None:
        self._hearings.remove(row)
        row.hide()
        row.deleteLater()
        for number, other in enumerate(self._hearings, start=1):
            other.set_number(number)
        self.no_hearings.setVisible(not self._hearings)

    def on_add_order_clicked(self) -> None:
        row = OrderRow(len(self._orders) + 1, self._remove_order)
        self._orders.append(row)
        self.order_list.addWidget(row)
        row.show()
        self.no_orders.setVisible(False)
        row.order.setFocus()

    def _remove_order(self, row: OrderRow) -> None:
        self._orders.remove(row)
        row.hide()
        row.deleteLater()
        for number, other in enumerate(self._orders, start=1):
            other.set_number(number)
        self.no_orders.setVisible(not self._orders)

    @property
    def hearing_rows(self) -> list[HearingRow]:
        return list(self._hearings)

    @property
    def order_rows(self) -> list[OrderRow]:
        return list(self._orders)

    # -- saving ---------------------------------------------------------------------------

    def build(self) -> FamilyProceeding | None:
        kind = self.proceeding_type.currentData()
        if not isinstance(kind, str):
            return None
        days = [d for d in (row.day.value() for row in self._hearings) if d is not None]
        return FamilyProceeding(
            self._case_reference,
            kind,
            court=blank_to_none(self.court.text()),
            hearing_dates=tuple(sorted(days)),
            orders=tuple(row.value() for row in self._orders),
            protections=blank_to_none(self.protections.toPlainText()),
        )

    def on_dialog_submitted(self) -> None:
        proceeding = self.build()
        if proceeding is None:
            self.show_problems(_tr("Please choose the kind of proceedings."))
            return
        problems = proceeding.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.proceeding_ready, proceeding)


def _list_block(rows: QVBoxLayout, empty: QWidget, add: QPushButton) -> QWidget:
    block = QWidget()
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(empty)
    layout.addLayout(rows)
    footer = QHBoxLayout()
    footer.addWidget(add)
    footer.addStretch(1)
    layout.addLayout(footer)
    return block
