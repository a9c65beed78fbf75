"""Practical court preparation for a matter: the pre-trial court visit and Witness Service.

A visit lets the survivor see the court room, the live-link room and the separate entrance
before the day; it may be booked ahead, so its date can be in the future. The Witness Service
referral is recorded when it was made.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice.support import CourtSupport
from survivorapp.ui.widgets.fields import DateField
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("CourtSupportDialog", text)


class CourtSupportDialog(SmallDialog):
    """Emits :attr:`court_support_ready` with a valid :class:`CourtSupport`."""

    court_support_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        matter_id: int | None,
        current: CourtSupport | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Court support"),
            _tr(
                "A pre-trial visit can be booked ahead, so its date may be in the future. "
                "Leave a date as “Not set” until it is arranged."
            ),
            _tr("Save court support"),
            parent,
        )
        self._labels = labels
        self._today = today
        self._current = replace(current or CourtSupport(matter_id), matter_id=matter_id)
        self.pre_trial_visit_on = DateField(
            _tr("Pre-trial court visit"), self._current.pre_trial_visit_on, optional=True
        )
        self.witness_service_referred_on = DateField(
            _tr("Witness Service referral"),
            self._current.witness_service_referred_on,
            optional=True,
            latest=today,
        )
        self.form.addRow(_tr("Pre-trial court visit"), self.pre_trial_visit_on)
        self.form.addRow(_tr("Referred to the Witness Service"), self.witness_service_referred_on)
        self.submitted.connect(self.on_dialog_submitted)

    def build(self) -> CourtSupport:
        return replace(
            self._current,
            pre_trial_visit_on=self.pre_trial_visit_on.value(),
            witness_service_referred_on=self.witness_service_referred_on.value(),
        )

    def on_dialog_submitted(self) -> None:
        support = self.build()
        problems = support.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.court_support_ready, support)
