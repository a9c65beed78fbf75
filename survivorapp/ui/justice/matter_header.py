"""The header card of one justice matter: police force, crime reference, bail, and the
survivor's own wishes, with the way to record them.

The crime reference is a restricted field: it is masked until the person asks to see it, and
each time they do the tab says so (the case view writes it to the audit log).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.justice.records import SurvivorPosition
from survivorapp.ui.justice.dialog_slot import DialogSlot
from survivorapp.ui.justice.dialogs.survivor_position import SurvivorPositionDialog
from survivorapp.ui.justice.tab_parts import MatterPart, value_label
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.labels import Labels, format_date


def mask_reference(reference: str | None) -> str:
    """'••••1234': enough to match a letter from police, not enough to identify anyone."""
    if not reference:
        return "—"
    return "••••" + reference[-4:] if len(reference) > 4 else "••••"


def latest_position(record: MatterRecord) -> SurvivorPosition | None:
    return max(record.positions, key=lambda p: p.recorded_on, default=None)


class MatterHeaderCard(QFrame, MatterPart):
    crime_reference_revealed = Signal(object)
    """The matter id whose crime reference the person chose to see (for the audit log)."""
    position_requested = Signal(object)

    def __init__(self, labels: Labels, slot: DialogSlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._join_tab(labels, slot)
        self._reference_shown = False
        self.setObjectName("card")
        self.force_value = value_label()
        self.reference_value = value_label()
        self.show_reference_button = action_button(
            self.tr("Show"), self.tr("Show the crime reference")
        )
        self.show_reference_button.clicked.connect(self.on_show_reference_clicked)
        self.bail_value = value_label()
        self.position_value = value_label()
        self.position_button = action_button(self.tr("Record the survivor's wishes…"))
        self.position_button.clicked.connect(self.on_position_clicked)
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(16)
        rows = (
            (self.tr("Police force"), self.force_value, None),
            (self.tr("Crime reference"), self.reference_value, self.show_reference_button),
            (self.tr("Bail"), self.bail_value, None),
            (self.tr("Survivor's wishes"), self.position_value, self.position_button),
        )
        for row, (title, value, button) in enumerate(rows):
            name = QLabel(title)
            name.setProperty("role", "muted")
            cell = QHBoxLayout()
            cell.addWidget(value, 1)
            if button is not None:
                cell.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row // 2, (row % 2) * 2)
            grid.addLayout(cell, row // 2, (row % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    # -- input ----------------------------------------------------------------------------

    def show_record(self, record: MatterRecord | None, today: date) -> None:
        """Show a matter (its crime reference masked again), or none."""
        self._showing(record, today)
        self._reference_shown = False
        self.position_button.setEnabled(record is not None)
        if record is None:
            return
        lab, matter = self._labels, record.matter
        self.force_value.setText(matter.police_force or "—")
        self._show_reference()
        bail = lab.code("bail_status", matter.bail_status)
        if matter.bail_expiry:
            bail += self.tr(", until {date}").replace("{date}", format_date(matter.bail_expiry))
        if matter.bail_conditions:
            bail += f"\n{matter.bail_conditions}"
        self.bail_value.setText(bail)
        latest = latest_position(record)
        self.position_value.setText(
            f"{lab.code('survivor_position', latest.position)} ({format_date(latest.recorded_on)})"
            if latest
            else self.tr("Not recorded yet")
        )
        for label in (self.force_value, self.bail_value, self.position_value):
            label.setAccessibleName(label.text())

    def _show_reference(self) -> None:
        record = self._record
        reference = record.matter.crime_reference if record else None
        shown = self._reference_shown and reference
        self.reference_value.setText(
            reference if shown and reference else mask_reference(reference)
        )
        self.reference_value.setAccessibleName(
            self.tr("Crime reference shown") if shown else self.tr("Crime reference hidden")
        )
        self.show_reference_button.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.show_reference_button.setEnabled(bool(reference))

    # -- actions --------------------------------------------------------------------------

    def on_show_reference_clicked(self) -> None:
        self._reference_shown = not self._reference_shown
        if self._reference_shown and self._record is not None:
            self.crime_reference_revealed.emit(self._record.matter.id)
        self._show_reference()

    def on_position_clicked(self) -> None:
        if self._record is None:
            return
        latest = latest_position(self._record)
        dialog = SurvivorPositionDialog(
            self._labels,
            self._record.matter.id,
            self._today,
            latest.position if latest else None,
            self,
        )
        dialog.position_ready.connect(self.position_requested.emit)
        self._slot.open(dialog)
