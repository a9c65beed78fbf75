"""Opening a case for someone newly referred: the essentials first, everything else optional.

Only the referral date and the service line are needed to open a case; the references are
given by the service when it saves. The monitoring questions sit in a folded section that says
plainly they can all be skipped, and safe contact comes last but is never hidden.
"""

# Placeholder items carry "" rather than None: PySide6 6.12 mishandles None read back from
# item data (it releases a reference it never took), which crashes the interpreter at exit.

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QToolButton, QWidget

from survivorapp.domain.case import ACTIVE, WAITING, Case
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.survivor import Survivor
from survivorapp.ui.case.answer_widgets import AnswerCombo, FieldFrame, wrap
from survivorapp.ui.case.form_dialog import FormDialog, add_row, form_layout, heading
from survivorapp.ui.case.profile_sections import SERVICE_ASSIGNED, AboutFields, IdentityFields
from survivorapp.ui.case.safe_contact_fields import SafeContactFields
from survivorapp.ui.widgets.labels import Labels


@dataclass(frozen=True)
class NewCaseInput:
    """What the service needs to open a case. References are blank: the service assigns them."""

    survivor: Survivor
    case: Case
    safe_contact: SafeContact | None


class NewCaseDialog(FormDialog[NewCaseInput]):
    submit_requested = Signal(object)
    """A :class:`NewCaseInput`, already checked against the domain rules."""

    def __init__(
        self,
        labels: Labels,
        workers: list[tuple[str, str]],
        can_allocate: bool,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New case", "Open case", parent)
        self.setWindowTitle(self.tr("New case"))
        self._labels = labels
        self._today = today

        self.body_layout.addWidget(heading(self.tr("The referral")))
        form = form_layout()
        self.body_layout.addLayout(form)
        self.identity = IdentityFields(labels, form)
        self._add_referral_fields(form, labels, workers if can_allocate else None)

        self.about_toggle = QToolButton()
        self.about_toggle.setText(self.tr("About the survivor (all optional)"))
        self.about_toggle.setAccessibleName(self.tr("Show or hide the optional questions"))
        self.about_toggle.setCheckable(True)
        self.about_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.about_toggle.setAutoRaise(True)
        self.about_toggle.toggled.connect(self.on_about_toggle_toggled)
        self.body_layout.addWidget(self.about_toggle)
        self.about = AboutFields(labels, today)
        self.body_layout.addWidget(self.about)
        self.on_about_toggle_toggled(False)

        self.body_layout.addWidget(heading(self.tr("Safe contact")))
        self.safe_contact = SafeContactFields(labels)
        self.body_layout.addWidget(self.safe_contact)
        self.body_layout.addStretch(1)
        self.identity.known_as.setFocus()

    def _add_referral_fields(
        self, form: QFormLayout, labels: Labels, workers: list[tuple[str, str]] | None
    ) -> None:
        """Referral date, source and service; and the worker, for those who allocate."""
        today = self._today
        self.referral_date = QDateEdit()
        self.referral_date.setCalendarPopup(True)
        self.referral_date.setDisplayFormat("d MMM yyyy")
        self.referral_date.setDate(QDate(today.year, today.month, today.day))
        self.referral_source = AnswerCombo(
            labels,
            "referral_source",
            name="Referred by",
            why="Referral routes are part of the commissioner return.",
        )
        self.service_line = QComboBox()
        self.service_line.addItem(self.tr("Choose a service"), "")
        for label, code in labels.options("service_line"):
            self.service_line.addItem(label, code)
        self.fields: dict[str, FieldFrame] = {
            "referral_date": wrap(
                self.referral_date, "Referral date", "Waiting times are counted from this date."
            ),
            "referral_source": self.referral_source,
            "service_line": wrap(self.service_line, "Service", "Which service will support them."),
        }
        add_row(form, self.tr("Referral date"), self.fields["referral_date"])
        add_row(form, self.tr("Referred by"), self.referral_source)
        add_row(form, self.tr("Service"), self.fields["service_line"])
        self.worker: QComboBox | None = None
        if workers is not None:
            self.worker = QComboBox()
            self.worker.addItem(self.tr("Not yet allocated (waiting list)"), "")
            for username, display in workers:
                self.worker.addItem(display, username)
            self.fields["allocated_worker"] = wrap(
                self.worker,
                "Allocated worker",
                "Leave as not yet allocated to add the case to the waiting list.",
            )
            add_row(form, self.tr("Worker"), self.fields["allocated_worker"])

    # --- behaviour ---------------------------------------------------------------------------

    def on_about_toggle_toggled(self, shown: bool) -> None:
        self.about.setVisible(shown)
        self.about_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def build(self) -> NewCaseInput:
        survivor = self.about.apply(self.identity.apply(Survivor(reference="")))
        chosen = self.worker.currentData() if self.worker is not None else ""
        worker = chosen if isinstance(chosen, str) and chosen else None
        referral = self.referral_date.date().toPython()
        assert isinstance(referral, date)
        service = self.service_line.currentData()
        case = Case(
            reference="",
            survivor_reference="",
            referral_date=referral,
            service_line=service if isinstance(service, str) else "",
            status=ACTIVE if worker else WAITING,
            referral_source=self.referral_source.value(),
            allocation_date=referral if worker else None,
            allocated_worker=worker,
        )
        return NewCaseInput(survivor, case, self.safe_contact.build(""))

    def problems(self, result: NewCaseInput) -> list[Problem]:
        vocabularies = self._labels.vocabularies
        found: list[Problem] = []
        if not result.case.service_line:
            found.append(
                Problem("service_line", self.tr("Please choose which service this is for."))
            )
        found += result.survivor.validate(vocabularies, self._today)
        found += [
            p
            for p in result.case.validate(vocabularies, self._today)
            if not (p.field == "service_line" and not result.case.service_line)
        ]
        if result.safe_contact is not None:
            found += result.safe_contact.validate(vocabularies, self._today)
        return [p for p in found if p.field not in SERVICE_ASSIGNED]

    def field_for(self, field: str) -> FieldFrame | None:
        if field == "allocation_date":
            field = "allocated_worker" if self.worker is not None else "referral_date"
        return (
            self.fields.get(field)
            or self.identity.fields.get(field)
            or self.about.fields.get(field)
            or self.safe_contact.field_for(field)
        )

    def reveal(self, frame: FieldFrame) -> None:
        if self.about.isAncestorOf(frame):
            self.about_toggle.setChecked(True)
        super().reveal(frame)
