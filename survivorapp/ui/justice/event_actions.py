"""The quick actions over a matter's events: the common changes in three clicks, any other
event, and a correction of the event selected in the table.

Each opens the event dialog (or the bail dialog) with what it needs already chosen; what the
dialog produces is passed on as a signal for the case view to save. A correction never edits
the wrong event: it records a new one that supersedes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.ui.justice.dialog_slot import DialogSlot
from survivorapp.ui.justice.dialogs.bail import BailUpdateDialog
from survivorapp.ui.justice.dialogs.event import JusticeEventDialog
from survivorapp.ui.justice.tab_parts import MatterPart
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.labels import Labels

TRIAL_CHANGE_TYPES = ("trial_relisted", "trial_adjourned", "trial_vacated")
"""The order the quick action offers them: a relisting (new date) is the common one."""


class EventActions(QWidget, MatterPart):
    """A row of buttons; :meth:`set_selected` says which event "Correct" would correct."""

    event_requested = Signal(object)
    correction_requested = Signal(int, object)
    matter_update_requested = Signal(object)

    def __init__(self, labels: Labels, slot: DialogSlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._join_tab(labels, slot)
        self._selected: JusticeEvent | None = None
        self.trial_button = action_button(self.tr("Trial date changed…"))
        self.charging_button = action_button(self.tr("Charging decision…"))
        self.bail_button = action_button(self.tr("Bail conditions updated…"))
        self.add_event_button = action_button(self.tr("Add event…"))
        self.correct_button = action_button(self.tr("Correct this event…"))
        self.add_event_button.setProperty("primary", True)
        self.trial_button.clicked.connect(self.on_trial_clicked)
        self.charging_button.clicked.connect(self.on_charging_clicked)
        self.bail_button.clicked.connect(self.on_bail_clicked)
        self.add_event_button.clicked.connect(self.on_add_event_clicked)
        self.correct_button.clicked.connect(self.on_correct_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.trial_button, self.charging_button, self.bail_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.add_event_button)

    def show_record(self, record: MatterRecord | None, today: date) -> None:
        self._showing(record, today)
        for button in (
            self.trial_button,
            self.charging_button,
            self.bail_button,
            self.add_event_button,
        ):
            button.setEnabled(record is not None)
        self.set_selected(self._selected)

    def set_selected(self, event: JusticeEvent | None) -> None:
        """The event a correction would replace (None: nothing that can be corrected)."""
        self._selected = event
        self.correct_button.setEnabled(self._record is not None and event is not None)

    # -- actions --------------------------------------------------------------------------

    def _matter_id(self) -> int | None:
        return self._record.matter.id if self._record else None

    def _event_dialog(
        self, types: Sequence[str] | None, title: str, intro: str = ""
    ) -> JusticeEventDialog:
        dialog = JusticeEventDialog(
            self._labels,
            self._matter_id(),
            self._today,
            event_types=types,
            title=title,
            intro=intro,
            parent=self,
        )
        dialog.event_ready.connect(self.event_requested.emit)
        self._slot.open(dialog)
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
        event = self._selected
        if event is None or event.id is None or self._record is None:
            return
        dialog = JusticeEventDialog(
            self._labels,
            self._matter_id(),
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
        self._slot.open(dialog)

    def on_bail_clicked(self) -> None:
        if self._record is None:
            return
        dialog = BailUpdateDialog(self._labels, self._record.matter, self._today, self)
        dialog.bail_ready.connect(self.on_bail_ready)
        self._slot.open(dialog)

    def on_bail_ready(self, matter: JusticeMatter, event: JusticeEvent) -> None:
        """The matter keeps the current bail (its expiry becomes a reminder); the event keeps
        the history of who told us and when."""
        self.matter_update_requested.emit(matter)
        self.event_requested.emit(event)
