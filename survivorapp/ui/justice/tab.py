"""The case's Justice journey tab: each matter's header, timeline, events and preparation.

The tab only shows data and asks for changes: each dialog validates with the domain and the
tab re-emits what it produced as a signal for the case view to save through the service. The
case view then calls :meth:`JusticeTab.saved` (closes the dialog) or
:meth:`JusticeTab.show_problems` (keeps it open with the problems shown, nothing lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.justice import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice_deadlines import deadlines
from survivorapp.domain.justice_derive import JourneyState, derive
from survivorapp.domain.justice_diary import CaseJourney, MatterRecord, preparation_to_do
from survivorapp.domain.justice_support import (
    CourtSupport,
    VictimPersonalStatement,
    current_special_measures,
)
from survivorapp.domain.problems import Problem
from survivorapp.ui.justice.bail_dialog import BailUpdateDialog
from survivorapp.ui.justice.case_summary import case_summary_text
from survivorapp.ui.justice.court_support_dialog import CourtSupportDialog
from survivorapp.ui.justice.event_dialog import JusticeEventDialog
from survivorapp.ui.justice.event_table import JusticeEventTableModel
from survivorapp.ui.justice.family_proceeding_dialog import FamilyProceedingDialog
from survivorapp.ui.justice.journey_timeline import (
    JourneyTimelineWidget,
    describe_journey,
)
from survivorapp.ui.justice.matter_dialog import JusticeMatterDialog
from survivorapp.ui.justice.special_measures_dialog import SpecialMeasuresDialog
from survivorapp.ui.justice.survivor_position_dialog import SurvivorPositionDialog
from survivorapp.ui.justice.victims_code_dialog import VictimsCodeDialog
from survivorapp.ui.justice.vps_dialog import VpsDialog
from survivorapp.ui.widgets.fields import problems_text
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.theme import heading_font

TRIAL_CHANGE_TYPES = ("trial_relisted", "trial_adjourned", "trial_vacated")
"""The order the quick action offers them: a relisting (new date) is the common one."""


def mask_reference(reference: str | None) -> str:
    """'••••1234': enough to match a letter from police, not enough to identify anyone."""
    if not reference:
        return "—"
    return "••••" + reference[-4:] if len(reference) > 4 else "••••"


def _button(text: str, name: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name or text.rstrip("…"))
    return button


def _value(text: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setAccessibleName(text)
    return label


class JusticeTab(QWidget):
    event_requested = Signal(object)
    correction_requested = Signal(int, object)
    matter_requested = Signal(object)
    matter_update_requested = Signal(object)
    position_requested = Signal(object)
    crime_reference_revealed = Signal(object)
    """The matter id whose crime reference the person chose to see (for the audit log)."""
    special_measures_requested = Signal(list)
    """New special-measure ledger records (changed measures only)."""
    vps_requested = Signal(object)
    court_support_requested = Signal(object)
    victims_code_requested = Signal(list)
    """Victims' Code rights whose answer or date changed."""
    family_proceeding_requested = Signal(object)

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels
        self._journey: CaseJourney | None = None
        self._today = date.today()
        self._record: MatterRecord | None = None
        self._reference_shown = False
        self.dialog: SmallDialog | None = None
        self.setAccessibleName(self.tr("Justice journey"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.matter_combo = QComboBox()
        self.matter_combo.setAccessibleName(self.tr("Justice matter"))
        self.matter_combo.currentIndexChanged.connect(self.on_matter_combo_changed)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Journey summary"))
        self.edit_matter_button = _button(self.tr("Matter details…"))
        self.new_matter_button = _button(self.tr("New justice matter…"))
        self.edit_matter_button.clicked.connect(self.on_edit_matter_clicked)
        self.new_matter_button.clicked.connect(self.on_new_matter_clicked)
        self.victims_code_button = _button(self.tr("Victims' Code rights…"))
        self.family_button = _button(self.tr("Family court…"))
        self.victims_code_button.clicked.connect(self.on_victims_code_clicked)
        self.family_button.clicked.connect(self.on_family_clicked)
        top.addWidget(self.matter_combo)
        top.addWidget(self.summary, 1)
        top.addWidget(self.victims_code_button)
        top.addWidget(self.family_button)
        top.addWidget(self.edit_matter_button)
        top.addWidget(self.new_matter_button)
        layout.addLayout(top)

        self.empty = QLabel(
            self.tr(
                "No justice matters are recorded for this case. If the survivor reports to "
                "the police, add a matter to follow their journey here: the timeline, court "
                "dates and review deadlines. Support never depends on reporting."
            ),
            wordWrap=True,
        )
        self.empty.setProperty("role", "muted")
        layout.addWidget(self.empty)
        self.case_note = _value()
        self.case_note.setAccessibleName(self.tr("Victims' Code and family court"))
        layout.addWidget(self.case_note)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addWidget(self._build_header())
        self.timeline = JourneyTimelineWidget()
        body.addWidget(self.timeline)
        body.addLayout(self._build_actions())
        lower = QHBoxLayout()
        self.model = JusticeEventTableModel(labels)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Events, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setAccessibleName(self.tr("Column headings"))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        chars = self.fontMetrics().averageCharWidth()
        for column, width in ((1, 40), (2, 34), (3, 16)):
            self.table.setColumnWidth(column, chars * width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.activated.connect(lambda _: self.on_correct_clicked())
        lower.addWidget(self.table, 1)
        side = self._build_side()
        # In a scroll area: on a short screen the panel scrolls instead of squeezing its
        # buttons into unreadable strips (seen at 1280x800).
        side_scroll = QScrollArea()
        side_scroll.setWidget(side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setFixedWidth(self.fontMetrics().averageCharWidth() * 46)
        side_scroll.setAccessibleName(self.tr("Coming up and court preparation"))
        lower.addWidget(side_scroll)
        body.addLayout(lower, 1)
        layout.addWidget(self.body, 1)
        self.problems = QLabel(wordWrap=True)
        self.problems.setProperty("role", "message")
        self.problems.setAccessibleName(self.tr("Problems to fix"))
        self.problems.setVisible(False)
        layout.addWidget(self.problems)
        self._show_empty(True)

    # -- construction ---------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        grid = QGridLayout(card)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(16)
        self.force_value = _value()
        self.reference_value = _value()
        self.show_reference_button = _button(self.tr("Show"), self.tr("Show the crime reference"))
        self.show_reference_button.clicked.connect(self.on_show_reference_clicked)
        self.bail_value = _value()
        self.position_value = _value()
        self.position_button = _button(self.tr("Record the survivor's wishes…"))
        self.position_button.clicked.connect(self.on_position_clicked)
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
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return card

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.trial_button = _button(self.tr("Trial date changed…"))
        self.charging_button = _button(self.tr("Charging decision…"))
        self.bail_button = _button(self.tr("Bail conditions updated…"))
        self.add_event_button = _button(self.tr("Add event…"))
        self.correct_button = _button(self.tr("Correct this event…"))
        self.add_event_button.setProperty("primary", True)
        self.trial_button.clicked.connect(self.on_trial_clicked)
        self.charging_button.clicked.connect(self.on_charging_clicked)
        self.bail_button.clicked.connect(self.on_bail_clicked)
        self.add_event_button.clicked.connect(self.on_add_event_clicked)
        self.correct_button.clicked.connect(self.on_correct_clicked)
        for button in (self.trial_button, self.charging_button, self.bail_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.add_event_button)
        return row

    def _build_side(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        side = QVBoxLayout(card)
        side.setContentsMargins(12, 8, 12, 8)
        heading = QLabel(self.tr("Coming up"))
        heading.setFont(heading_font(self, 1.1))
        self.deadlines_value = _value()
        self.deadlines_value.setAccessibleName(self.tr("Deadlines for this matter"))
        court = QLabel(self.tr("Court preparation"))
        court.setFont(heading_font(self, 1.1))
        self.support_value = _value()
        self.support_value.setAccessibleName(self.tr("Special measures and court support"))
        self.measures_button = _button(self.tr("Special measures…"))
        self.vps_button = _button(self.tr("Victim Personal Statement…"))
        self.court_support_button = _button(self.tr("Court support…"))
        self.measures_button.clicked.connect(self.on_measures_clicked)
        self.vps_button.clicked.connect(self.on_vps_clicked)
        self.court_support_button.clicked.connect(self.on_court_support_clicked)
        case = QLabel(self.tr("This case"))
        case.setFont(heading_font(self, 1.1))
        self.case_value = _value()
        self.case_value.setAccessibleName(self.tr("Victims' Code and family court"))
        for widget in (heading, self.deadlines_value, court, self.support_value):
            side.addWidget(widget)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for button in (self.measures_button, self.vps_button, self.court_support_button):
            buttons.addWidget(button)
        side.addLayout(buttons)
        side.addSpacing(8)
        side.addWidget(case)
        side.addWidget(self.case_value)
        side.addStretch(1)
        return card

    # -- input ----------------------------------------------------------------------------

    def set_journey(self, case_journey: CaseJourney, today: date) -> None:
        previous = self._record.matter.id if self._record else None
        self._journey, self._today = case_journey, today
        self.matter_combo.blockSignals(True)
        self.matter_combo.clear()
        for number, record in enumerate(case_journey.matters, start=1):
            name = record.matter.label or self.tr("Matter {n}").replace("{n}", str(number))
            self.matter_combo.addItem(name, record.matter.id)
        index = self.matter_combo.findData(previous) if previous is not None else 0
        self.matter_combo.setCurrentIndex(max(index, 0))
        self.matter_combo.blockSignals(False)
        self.matter_combo.setVisible(len(case_journey.matters) > 1)
        self._show_empty(not case_journey.matters)
        case_text = case_summary_text(self._labels, case_journey, today)
        self.case_value.setText(case_text)
        self.case_note.setText(case_text)
        self.on_matter_combo_changed(self.matter_combo.currentIndex())

    def current_record(self) -> MatterRecord | None:
        return self._record

    def on_matter_combo_changed(self, index: int) -> None:
        journey = self._journey
        if journey is None or not (0 <= index < len(journey.matters)):
            self._record = None
            self._update_actions()
            return
        self._record = journey.matters[index]
        self._reference_shown = False
        self._show_record(self._record)

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self.case_note.setVisible(empty)
        self.body.setVisible(not empty)
        self.edit_matter_button.setVisible(not empty)
        self.summary.setVisible(not empty)
        if empty:
            self.matter_combo.setVisible(False)
        self.new_matter_button.setProperty("primary", empty)
        self.new_matter_button.style().polish(self.new_matter_button)

    def _show_record(self, record: MatterRecord) -> None:
        lab, matter, today = self._labels, record.matter, self._today
        state = derive(record.events, record.positions, today, reported_on=matter.date_reported)
        self.timeline.set_journey(record.events, state, lab, record.positions)
        self.summary.setText(self._summary_text(matter, state))
        self.summary.setToolTip(describe_journey(record.events, state, lab, record.positions))
        self.model.set_events(list(record.events))
        self.force_value.setText(matter.police_force or "—")
        self._show_reference()
        bail = lab.code("bail_status", matter.bail_status)
        if matter.bail_expiry:
            bail += self.tr(", until {date}").replace("{date}", format_date(matter.bail_expiry))
        if matter.bail_conditions:
            bail += f"\n{matter.bail_conditions}"
        self.bail_value.setText(bail)
        latest = max(record.positions, key=lambda p: p.recorded_on, default=None)
        self.position_value.setText(
            f"{lab.code('survivor_position', latest.position)} ({format_date(latest.recorded_on)})"
            if latest
            else self.tr("Not recorded yet")
        )
        for label in (self.force_value, self.bail_value, self.position_value):
            label.setAccessibleName(label.text())
        due = deadlines(record.events, matter, today)
        self.deadlines_value.setText(
            "\n".join(f"{format_date(d.due)}: {d.description}" for d in due)
            or self.tr("No deadlines for this matter.")
        )
        self.support_value.setText(self._support_text(record))
        self._update_actions()

    def _summary_text(self, matter: JusticeMatter, state: JourneyState) -> str:
        """What the timeline does not already say: when reported, and what is next."""
        parts = []
        if state.reported_on is not None:
            parts.append(
                self.tr("Reported {date}").replace("{date}", format_date(state.reported_on))
            )
        if not state.ended and state.next_trial_date is not None:
            parts.append(
                self.tr("trial listed for {date}").replace(
                    "{date}", format_date(state.next_trial_date)
                )
            )
        if not state.ended and state.outcome_group == "convicted":
            parts.append(self.tr("convicted, sentence to come"))
        if state.ended and state.reviewable_by and not state.review_requested:
            parts.append(self.tr("the decision can be reviewed (VRR): see the deadlines"))
        return " · ".join(parts)

    def _support_text(self, record: MatterRecord) -> str:
        lab = self._labels
        measures = current_special_measures(record.special_measures)
        lines = [
            self.tr("Special measures: ")
            + (
                "; ".join(
                    lab.code("special_measure", m)
                    + " "
                    + lab.code("special_measure_status", r.status).lower()
                    for m, r in measures.items()
                )
                or self.tr("none asked for yet")
            )
        ]
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

    def _update_actions(self) -> None:
        has = self._record is not None
        for button in (
            self.trial_button,
            self.charging_button,
            self.bail_button,
            self.add_event_button,
            self.position_button,
            self.edit_matter_button,
            self.measures_button,
            self.vps_button,
            self.court_support_button,
        ):
            button.setEnabled(has)
        for button in (self.victims_code_button, self.family_button):
            button.setEnabled(self._journey is not None)
        self.correct_button.setEnabled(has and self.selected_event() is not None)

    def selected_event(self) -> JusticeEvent | None:
        rows = self.table.selectionModel().selectedRows()
        event = self.model.event_at(rows[0].row()) if rows else None
        if event is None or event.id is None or self.model.is_superseded(event):
            return None
        return event

    # -- actions --------------------------------------------------------------------------

    def _open(self, dialog: SmallDialog) -> None:
        self.problems.setVisible(False)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: SmallDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _event_dialog(
        self, types: Sequence[str] | None, title: str, intro: str = ""
    ) -> JusticeEventDialog:
        matter_id = self._record.matter.id if self._record else None
        dialog = JusticeEventDialog(
            self._labels,
            matter_id,
            self._today,
            event_types=types,
            title=title,
            intro=intro,
            parent=self,
        )
        dialog.event_ready.connect(self.event_requested.emit)
        self._open(dialog)
        return dialog

    def on_trial_clicked(self) -> None:
        dialog = self._event_dialog(
            TRIAL_CHANGE_TYPES,
            self.tr("Trial date changed"),
            self.tr("Record each change with its reason: it shows how long the survivor waited."),
        )
        dialog.hearing_date.setFocus()

    def on_charging_clicked(self) -> None:
        self._event_dialog(("charging_decision",), self.tr("Charging decision"))

    def on_add_event_clicked(self) -> None:
        self._event_dialog(None, self.tr("Add an event"))

    def on_correct_clicked(self) -> None:
        event = self.selected_event()
        if event is None or event.id is None:
            return
        matter_id = self._record.matter.id if self._record else None
        dialog = JusticeEventDialog(
            self._labels,
            matter_id,
            self._today,
            title=self.tr("Correct this event"),
            intro=self.tr(
                "The original stays in the record, marked as corrected; the journey uses "
                "the correction from now on."
            ),
            corrects=event,
            parent=self,
        )
        event_id = event.id
        dialog.event_ready.connect(lambda e: self.correction_requested.emit(event_id, e))
        self._open(dialog)

    def on_bail_clicked(self) -> None:
        if self._record is None:
            return
        dialog = BailUpdateDialog(self._labels, self._record.matter, self._today, self)
        dialog.bail_ready.connect(self.on_bail_ready)
        self._open(dialog)

    def on_bail_ready(self, matter: JusticeMatter, event: JusticeEvent) -> None:
        self.matter_update_requested.emit(matter)
        self.event_requested.emit(event)

    def on_position_clicked(self) -> None:
        if self._record is None:
            return
        latest = max(self._record.positions, key=lambda p: p.recorded_on, default=None)
        dialog = SurvivorPositionDialog(
            self._labels,
            self._record.matter.id,
            self._today,
            latest.position if latest else None,
            self,
        )
        dialog.position_ready.connect(self.on_position_ready)
        self._open(dialog)

    def on_position_ready(self, position: SurvivorPosition) -> None:
        self.position_requested.emit(position)

    def on_new_matter_clicked(self) -> None:
        reference = self._journey.case_reference if self._journey else ""
        dialog = JusticeMatterDialog(self._labels, reference, self._today, parent=self)
        dialog.matter_ready.connect(self.matter_requested.emit)
        self._open(dialog)

    def on_edit_matter_clicked(self) -> None:
        if self._record is None:
            return
        matter = self._record.matter
        dialog = JusticeMatterDialog(
            self._labels, matter.case_reference, self._today, matter, parent=self
        )
        dialog.matter_ready.connect(self.matter_update_requested.emit)
        self._open(dialog)

    def on_measures_clicked(self) -> None:
        if self._record is None:
            return
        record = self._record
        dialog = SpecialMeasuresDialog(
            self._labels, record.matter.id, record.special_measures, self._today, self
        )
        dialog.measures_ready.connect(self.special_measures_requested.emit)
        self._open(dialog)

    def on_vps_clicked(self) -> None:
        if self._record is None:
            return
        record = self._record
        dialog = VpsDialog(self._labels, record.matter.id, record.vps, self._today, self)
        dialog.vps_ready.connect(self.on_vps_ready)
        self._open(dialog)

    def on_vps_ready(self, vps: VictimPersonalStatement) -> None:
        self.vps_requested.emit(vps)

    def on_court_support_clicked(self) -> None:
        if self._record is None:
            return
        record = self._record
        dialog = CourtSupportDialog(
            self._labels, record.matter.id, record.court_support, self._today, self
        )
        dialog.court_support_ready.connect(self.on_court_support_ready)
        self._open(dialog)

    def on_court_support_ready(self, support: CourtSupport) -> None:
        self.court_support_requested.emit(support)

    def on_victims_code_clicked(self) -> None:
        if self._journey is None:
            return
        journey = self._journey
        dialog = VictimsCodeDialog(
            self._labels, journey.case_reference, journey.victims_code, self._today, self
        )
        dialog.rights_ready.connect(self.victims_code_requested.emit)
        self._open(dialog)

    def on_family_clicked(self) -> None:
        if self._journey is None:
            return
        dialog = FamilyProceedingDialog(
            self._labels, self._journey.case_reference, self._today, self
        )
        dialog.proceeding_ready.connect(self.family_proceeding_requested.emit)
        self._open(dialog)

    def on_show_reference_clicked(self) -> None:
        self._reference_shown = not self._reference_shown
        if self._reference_shown and self._record is not None:
            self.crime_reference_revealed.emit(self._record.matter.id)
        self._show_reference()

    # -- results from the service ----------------------------------------------------------

    def saved(self) -> None:
        """The last request was stored: close its dialog."""
        if self.dialog is not None:
            self.dialog.accept()

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        """The service refused the last request: show why, in its dialog if one is open."""
        dialog = self.dialog
        if dialog is not None and hasattr(dialog, "show_problems"):
            dialog.show_problems(problems)
            return
        self.problems.setText(problems_text(problems))
        self.problems.setVisible(True)
