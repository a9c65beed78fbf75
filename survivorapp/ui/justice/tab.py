"""The case's Justice journey tab: each matter's header, timeline, events and preparation.

The tab only shows data and asks for changes. Its parts (the matter header, the event actions,
the court preparation panel) each open their own dialogs, one at a time through a shared
:class:`DialogSlot`; each dialog validates with the domain and what it produced is passed on as
one of the tab's signals for the case view to save through the service. The case view then
calls :meth:`JusticeTab.saved` (closes the dialog) or :meth:`JusticeTab.show_problems` (keeps
it open with the problems shown, nothing lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from survivorapp.domain.justice.derive import JourneyState, derive
from survivorapp.domain.justice.diary import CaseJourney, MatterRecord
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.problems import Problem
from survivorapp.ui.justice.case_summary import case_summary_text
from survivorapp.ui.justice.dialog_slot import DialogSlot
from survivorapp.ui.justice.dialogs.family_proceeding import FamilyProceedingDialog
from survivorapp.ui.justice.dialogs.matter import JusticeMatterDialog
from survivorapp.ui.justice.dialogs.victims_code import VictimsCodeDialog
from survivorapp.ui.justice.event_actions import EventActions
from survivorapp.ui.justice.event_table import JusticeEventTableModel
from survivorapp.ui.justice.journey_text import describe_journey
from survivorapp.ui.justice.journey_timeline import JourneyTimelineWidget
from survivorapp.ui.justice.matter_header import MatterHeaderCard
from survivorapp.ui.justice.support_panel import SupportPanel
from survivorapp.ui.justice.tab_parts import value_label
from survivorapp.ui.widgets.fields import action_button, problems_text
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.table_kit import make_table

EVENT_WIDTHS = (12, 40, 34, 16)
"""The event table's first columns, in average characters (the note takes the rest)."""


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
        self._slot = DialogSlot(on_open=lambda: self.problems.setVisible(False))
        self.setAccessibleName(self.tr("Justice journey"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self._build_top())
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
        self.case_note = value_label()
        self.case_note.setAccessibleName(self.tr("Victims' Code and family court"))
        layout.addWidget(self.case_note)
        self.body = self._build_body()
        layout.addWidget(self.body, 1)
        self.problems = QLabel(wordWrap=True)
        self.problems.setProperty("role", "message")
        self.problems.setAccessibleName(self.tr("Problems to fix"))
        self.problems.setVisible(False)
        layout.addWidget(self.problems)
        self._pass_on_requests()
        self._show_empty(True)
        self._update_actions()

    # -- construction ---------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        """The matter chooser, what the timeline does not say, and the matter and case
        buttons."""
        top = QHBoxLayout()
        self.matter_combo = QComboBox()
        self.matter_combo.setAccessibleName(self.tr("Justice matter"))
        self.matter_combo.currentIndexChanged.connect(self.on_matter_combo_changed)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Journey summary"))
        self.edit_matter_button = action_button(self.tr("Matter details…"))
        self.new_matter_button = action_button(self.tr("New justice matter…"))
        self.victims_code_button = action_button(self.tr("Victims' Code rights…"))
        self.family_button = action_button(self.tr("Family court…"))
        self.edit_matter_button.clicked.connect(self.on_edit_matter_clicked)
        self.new_matter_button.clicked.connect(self.on_new_matter_clicked)
        self.victims_code_button.clicked.connect(self.on_victims_code_clicked)
        self.family_button.clicked.connect(self.on_family_clicked)
        top.addWidget(self.matter_combo)
        top.addWidget(self.summary, 1)
        for button in (
            self.victims_code_button,
            self.family_button,
            self.edit_matter_button,
            self.new_matter_button,
        ):
            top.addWidget(button)
        return top

    def _build_body(self) -> QWidget:
        """One matter: its header, timeline, event actions, events and the side panel."""
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.header = MatterHeaderCard(self._labels, self._slot)
        self.timeline = JourneyTimelineWidget()
        self.event_actions = EventActions(self._labels, self._slot)
        self.model = JusticeEventTableModel(self._labels)
        chars = self.fontMetrics().averageCharWidth()
        self.table = make_table(
            self.model,
            self.tr("Events, newest first"),
            widths=tuple(chars * width for width in EVENT_WIDTHS),
        )
        self.table.horizontalHeader().setAccessibleName(self.tr("Column headings"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.activated.connect(lambda _: self.event_actions.on_correct_clicked())
        self.side = SupportPanel(self._labels, self._slot)
        lower = QHBoxLayout()
        lower.addWidget(self.table, 1)
        lower.addWidget(self.side)
        for part in (self.header, self.timeline, self.event_actions):
            box.addWidget(part)
        box.addLayout(lower, 1)
        self._name_the_parts()
        return body

    def _name_the_parts(self) -> None:
        """The parts' widgets under the names the tab has always had (tests and the case view
        reach them here)."""
        self.reference_value = self.header.reference_value
        self.show_reference_button = self.header.show_reference_button
        self.position_button = self.header.position_button
        self.trial_button = self.event_actions.trial_button
        self.charging_button = self.event_actions.charging_button
        self.bail_button = self.event_actions.bail_button
        self.add_event_button = self.event_actions.add_event_button
        self.correct_button = self.event_actions.correct_button
        self.deadlines_value = self.side.deadlines_value
        self.support_value = self.side.support_value
        self.case_value = self.side.case_value
        self.measures_button = self.side.measures_button
        self.vps_button = self.side.vps_button
        self.court_support_button = self.side.court_support_button

    def _pass_on_requests(self) -> None:
        for part_signal, signal in (
            (self.header.crime_reference_revealed, self.crime_reference_revealed),
            (self.header.position_requested, self.position_requested),
            (self.event_actions.event_requested, self.event_requested),
            (self.event_actions.correction_requested, self.correction_requested),
            (self.event_actions.matter_update_requested, self.matter_update_requested),
            (self.side.special_measures_requested, self.special_measures_requested),
            (self.side.vps_requested, self.vps_requested),
            (self.side.court_support_requested, self.court_support_requested),
        ):
            part_signal.connect(signal)

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
        self.side.show_case_text(case_text)
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
        self.header.show_record(record, today)
        self.side.show_record(record, today)
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

    def _update_actions(self) -> None:
        record, today = self._record, self._today
        self.edit_matter_button.setEnabled(record is not None)
        for button in (self.victims_code_button, self.family_button):
            button.setEnabled(self._journey is not None)
        self.event_actions.show_record(record, today)
        self.event_actions.set_selected(self.selected_event())
        if record is None:
            self.header.show_record(None, today)
            self.side.show_record(None, today)

    def selected_event(self) -> JusticeEvent | None:
        """The selected event, when it can still be corrected (not already superseded)."""
        rows = self.table.selectionModel().selectedRows()
        event = self.model.event_at(rows[0].row()) if rows else None
        if event is None or event.id is None or self.model.is_superseded(event):
            return None
        return event

    # -- the matter and the case ----------------------------------------------------------

    def on_new_matter_clicked(self) -> None:
        reference = self._journey.case_reference if self._journey else ""
        dialog = JusticeMatterDialog(self._labels, reference, self._today, parent=self)
        dialog.matter_ready.connect(self.matter_requested.emit)
        self._slot.open(dialog)

    def on_edit_matter_clicked(self) -> None:
        if self._record is None:
            return
        matter = self._record.matter
        dialog = JusticeMatterDialog(
            self._labels, matter.case_reference, self._today, matter, parent=self
        )
        dialog.matter_ready.connect(self.matter_update_requested.emit)
        self._slot.open(dialog)

    def on_victims_code_clicked(self) -> None:
        if self._journey is None:
            return
        journey = self._journey
        dialog = VictimsCodeDialog(
            self._labels, journey.case_reference, journey.victims_code, self._today, self
        )
        dialog.rights_ready.connect(self.victims_code_requested.emit)
        self._slot.open(dialog)

    def on_family_clicked(self) -> None:
        if self._journey is None:
            return
        dialog = FamilyProceedingDialog(
            self._labels, self._journey.case_reference, self._today, self
        )
        dialog.proceeding_ready.connect(self.family_proceeding_requested.emit)
        self._slot.open(dialog)

    # -- results from the service ----------------------------------------------------------

    @property
    def dialog(self) -> SmallDialog | None:
        """The dialog the last request came from, while it is open."""
        return self._slot.dialog

    def saved(self) -> None:
        """The last request was stored: close its dialog."""
        self._slot.saved()

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        """The service refused the last request: show why, in its dialog if one is open."""
        if not self._slot.show_problems(problems):
            self.problems.setText(problems_text(problems))
            self.problems.setVisible(True)
