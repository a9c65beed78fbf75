"""The side panel of the Justice journey tab: what is coming up, court preparation, and the
case-level records (Victims' Code, family court).

Court preparation is where an ISVA spends the weeks before a trial: special measures, the
Victim Personal Statement, the court visit and the Witness Service. The panel shows where each
stands and opens the dialog that records the next step; what a dialog produces is passed on as
a signal for the case view to save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from survivorapp.domain.justice.deadlines import deadlines
from survivorapp.domain.justice.diary import MatterRecord, preparation_to_do
from survivorapp.domain.justice.support import current_special_measures
from survivorapp.ui.justice.dialog_slot import DialogSlot
from survivorapp.ui.justice.dialogs.court_support import CourtSupportDialog
from survivorapp.ui.justice.dialogs.special_measures import SpecialMeasuresDialog
from survivorapp.ui.justice.dialogs.vps import VpsDialog
from survivorapp.ui.justice.tab_parts import MatterPart, value_label
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.theme import heading_font

PANEL_CHARS = 46
"""The panel's width in average characters: wide enough for its buttons' words."""


class SupportPanel(QScrollArea, MatterPart):
    """In a scroll area: on a short screen the panel scrolls instead of squeezing its buttons
    into unreadable strips (seen at 1280x800)."""

    special_measures_requested = Signal(list)
    """New special-measure ledger records (changed measures only)."""
    vps_requested = Signal(object)
    court_support_requested = Signal(object)

    def __init__(self, labels: Labels, slot: DialogSlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._join_tab(labels, slot)
        self.deadlines_value = value_label()
        self.deadlines_value.setAccessibleName(self.tr("Deadlines for this matter"))
        self.support_value = value_label()
        self.support_value.setAccessibleName(self.tr("Special measures and court support"))
        self.measures_button = action_button(self.tr("Special measures…"))
        self.vps_button = action_button(self.tr("Victim Personal Statement…"))
        self.court_support_button = action_button(self.tr("Court support…"))
        self.measures_button.clicked.connect(self.on_measures_clicked)
        self.vps_button.clicked.connect(self.on_vps_clicked)
        self.court_support_button.clicked.connect(self.on_court_support_clicked)
        self.case_value = value_label()
        self.case_value.setAccessibleName(self.tr("Victims' Code and family court"))
        self.setWidget(self._card())
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedWidth(self.fontMetrics().averageCharWidth() * PANEL_CHARS)
        self.setAccessibleName(self.tr("Coming up and court preparation"))

    def _card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        side = QVBoxLayout(card)
        side.setContentsMargins(12, 8, 12, 8)
        for widget in (
            self._heading(self.tr("Coming up")),
            self.deadlines_value,
            self._heading(self.tr("Court preparation")),
            self.support_value,
        ):
            side.addWidget(widget)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for button in (self.measures_button, self.vps_button, self.court_support_button):
            buttons.addWidget(button)
        side.addLayout(buttons)
        side.addSpacing(8)
        side.addWidget(self._heading(self.tr("This case")))
        side.addWidget(self.case_value)
        side.addStretch(1)
        return card

    def _heading(self, text: str) -> QLabel:
        heading = QLabel(text)
        heading.setFont(heading_font(self, 1.1))
        return heading

    # -- input ----------------------------------------------------------------------------

    def show_record(self, record: MatterRecord | None, today: date) -> None:
        self._showing(record, today)
        for button in (self.measures_button, self.vps_button, self.court_support_button):
            button.setEnabled(record is not None)
        if record is None:
            return
        due = deadlines(record.events, record.matter, today)
        self.deadlines_value.setText(
            "\n".join(f"{format_date(d.due)}: {d.description}" for d in due)
            or self.tr("No deadlines for this matter.")
        )
        self.support_value.setText(self.support_text(record))

    def show_case_text(self, text: str) -> None:
        """What the Victims' Code and family court records say (case_summary.py)."""
        self.case_value.setText(text)

    def support_text(self, record: MatterRecord) -> str:
        lab = self._labels
        measures = current_special_measures(record.special_measures)
        asked = "; ".join(
            lab.code("special_measure", m)
            + " "
            + lab.code("special_measure_status", r.status).lower()
            for m, r in measures.items()
        )
        lines = [self.tr("Special measures: ") + (asked or self.tr("none asked for yet"))]
        vps = record.vps
        vps_text = lab.code("vps_status", vps.status if vps else "not_offered")
        if vps and vps.reading_preference:
            vps_text += f" ({lab.code('vps_reading_preference', vps.reading_preference).lower()})"
        lines.append(self.tr("Victim Personal Statement: ") + vps_text)
        support = record.court_support
        visit = support.pre_trial_visit_on if support else None
        referred = support.witness_service_referred_on if support else None
        lines.append(
            self.tr("Pre-trial visit: ") + (format_date(visit) if visit else self.tr("not yet"))
        )
        lines.append(
            self.tr("Witness Service referral: ")
            + (format_date(referred) if referred else self.tr("not yet"))
        )
        to_do = preparation_to_do(record)
        if to_do:
            lines.append(self.tr("Still to do: ") + "; ".join(to_do) + ".")
        return "\n".join(lines)

    # -- actions --------------------------------------------------------------------------

    def on_measures_clicked(self) -> None:
        record = self._record
        if record is None:
            return
        dialog = SpecialMeasuresDialog(
            self._labels, record.matter.id, record.special_measures, self._today, self
        )
        dialog.measures_ready.connect(self.special_measures_requested.emit)
        self._slot.open(dialog)

    def on_vps_clicked(self) -> None:
        record = self._record
        if record is None:
            return
        dialog = VpsDialog(self._labels, record.matter.id, record.vps, self._today, self)
        dialog.vps_ready.connect(self.vps_requested.emit)
        self._slot.open(dialog)

    def on_court_support_clicked(self) -> None:
        record = self._record
        if record is None:
            return
        dialog = CourtSupportDialog(
            self._labels, record.matter.id, record.court_support, self._today, self
        )
        dialog.court_support_ready.connect(self.court_support_requested.emit)
        self._slot.open(dialog)
