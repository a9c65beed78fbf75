"""Recording one consent decision: for what, given or not, when, and how it was recorded.

Consent is a ledger (domain/consent.py): each decision is a new entry and the latest wins, so a
survivor can change their mind at any time. Nothing is preselected; each choice is deliberate.
"""

# Placeholder items carry "" rather than None: PySide6 6.12 mishandles None read back from
# item data (it releases a reference it never took), which crashes the interpreter at exit.

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.problems import Problem
from survivorapp.ui.case.answer_widgets import FieldFrame, wrap
from survivorapp.ui.case.form_dialog import FormDialog, add_row, form_layout
from survivorapp.ui.widgets.labels import Labels


class ConsentDialog(FormDialog[ConsentRecord]):
    submit_requested = Signal(object)
    """A :class:`ConsentRecord` (recorded_by is left for the service to fill in)."""

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Record consent", "Record decision", parent)
        self.setWindowTitle(self.tr("Record consent"))
        self.setMinimumWidth(640)
        self._labels = labels
        self._case_reference = case_reference
        self._today = today
        intro = QLabel(
            self.tr(
                "Record each decision as the survivor makes it. They can change their mind at "
                "any time: a withdrawal takes effect from the next return, and the earlier "
                "decision stays in the history."
            ),
            wordWrap=True,
        )
        intro.setProperty("role", "muted")
        self.body_layout.addWidget(intro)
        form = form_layout()
        self.body_layout.addLayout(form)

        self.purpose = self._combo("consent_purpose", self.tr("Choose what it is for"))
        decision_row = self._decision_row()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.method = self._combo("consent_method", self.tr("Choose how it was recorded"))
        self.scope = QLineEdit()
        self.scope.setPlaceholderText(self.tr("For example, the agencies it covers"))
        self.fields: dict[str, FieldFrame] = {
            "purpose": wrap(self.purpose, "What it is for"),
            "state": wrap(decision_row, "Decision"),
            "recorded_on": wrap(self.date_edit, "Date of the decision"),
            "method": wrap(self.method, "How it was recorded", "Evidence that consent is valid."),
            "scope": wrap(
                self.scope,
                "What it covers (optional)",
                "Any limits, or the agencies named. Needed when consent to a referral is given.",
            ),
        }
        self.fields["state"].focus_target = self.decision.buttons()[0]
        decision_row.setAccessibleName(self.tr("Decision"))
        add_row(form, self.tr("For"), self.fields["purpose"])
        add_row(form, self.tr("Decision"), self.fields["state"])
        add_row(form, self.tr("Date"), self.fields["recorded_on"])
        add_row(form, self.tr("How recorded"), self.fields["method"])
        add_row(form, self.tr("What it covers"), self.fields["scope"])
        self.body_layout.addStretch(1)
        self.resize(660, 460)
        self.purpose.setFocus()

    def _decision_row(self) -> QWidget:
        """Given, refused or withdrawn: one radio button each, none chosen to begin with."""
        decision_row = QWidget()
        row = QHBoxLayout(decision_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        self.decision = QButtonGroup(self)
        self._states: list[str] = []
        for index, (label, code) in enumerate(self._labels.options("consent_state")):
            button = QRadioButton(label)
            button.setAccessibleName(self.tr("Decision: {label}").replace("{label}", label))
            self.decision.addButton(button, index)
            self._states.append(code)
            row.addWidget(button)
        row.addStretch(1)
        return decision_row

    def _combo(self, vocabulary: str, placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(placeholder, "")
        for label, code in self._labels.options(vocabulary):
            combo.addItem(label, code)
        return combo

    def build(self) -> ConsentRecord:
        checked = self.decision.checkedId()
        recorded = self.date_edit.date().toPython()
        assert isinstance(recorded, date)
        return ConsentRecord(
            case_reference=self._case_reference,
            purpose=self.purpose.currentData() or "",
            state=self._states[checked] if checked >= 0 else "",
            recorded_on=recorded,
            method=self.method.currentData() or "",
            scope=self.scope.text().strip() or None,
        )

    def problems(self, record: ConsentRecord) -> list[Problem]:
        missing = [
            Problem(field, message)
            for field, value, message in (
                ("purpose", record.purpose, self.tr("Please choose what this consent is for.")),
                ("state", record.state, self.tr("Please choose the decision.")),
                ("method", record.method, self.tr("Please choose how it was recorded.")),
            )
            if not value
        ]
        blank = {p.field for p in missing}
        found = record.validate(self._labels.vocabularies, self._today)
        return missing + [p for p in found if p.field not in blank]

    def field_for(self, field: str) -> FieldFrame | None:
        return self.fields.get(field)
