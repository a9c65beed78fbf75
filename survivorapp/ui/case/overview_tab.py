"""The case's Overview tab: profile, incidents and consent, read-only at a glance.

Unanswered questions are shown as "Not asked", "Prefer not to say" or "Unknown", never as a
blank, so a worker can see what is still to be asked (gently, and only if it helps).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.consent import latest_consent
from survivorapp.services.case_views import CaseDetail
from survivorapp.ui.widgets.labels import Labels, format_date


def _value_label(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseOverviewTab(QScrollArea):
    edit_profile_requested = Signal()
    record_consent_requested = Signal()

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels
        self._workers: dict[str, str] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._body = QWidget()
        self.setWidget(self._body)
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(8, 8, 8, 8)

    def show_case(self, detail: CaseDetail, workers: Mapping[str, str] | None = None) -> None:
        self._workers = dict(workers or {})
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._profile(detail))
        right.addWidget(self._case_facts(detail))
        right.addWidget(self._consent(detail))
        right.addWidget(self._incidents(detail))
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        holder = QWidget()
        holder.setLayout(columns)
        self._layout.addWidget(holder)

    def _section(self, title: str) -> tuple[QFrame, QFormLayout]:
        frame = QFrame()
        frame.setObjectName("card")
        box = QVBoxLayout(frame)
        heading = QLabel(title)
        heading.setProperty("role", "heading")
        box.addWidget(heading)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(16)
        box.addLayout(form)
        frame.setAccessibleName(title)
        return frame, form

    def _profile(self, detail: CaseDetail) -> QFrame:
        s, lab = detail.survivor, self._labels
        frame, form = self._section(self.tr("About the survivor"))
        rows = [
            (self.tr("Reference"), s.reference),
            (self.tr("Name"), s.name or "—"),
            (self.tr("Known as"), s.known_as or "—"),
            (self.tr("Pronouns"), s.pronouns_text or lab.code("pronouns", s.pronouns)),
            (self.tr("Date of birth"), lab.answer(s.date_of_birth)),
            (self.tr("Year of birth"), lab.answer(s.birth_year)),
            (self.tr("Sex"), lab.code("sex", s.sex)),
            (
                self.tr("Gender identity"),
                s.gender_identity_text or lab.code("gender_identity", s.gender_identity),
            ),
            (self.tr("Trans history"), lab.answer(s.trans_history)),
            (self.tr("Sexual orientation"), lab.code("sexual_orientation", s.sexual_orientation)),
            (self.tr("Ethnicity"), lab.code("ethnicity", s.ethnicity)),
            (self.tr("Religion or belief"), lab.code("religion", s.religion)),
            (self.tr("Disability"), lab.answer(s.disability)),
            (self.tr("Types of disability"), lab.codes("disability_type", s.disability_types)),
            (self.tr("Additional needs"), lab.codes("vulnerability", s.vulnerabilities)),
            (self.tr("First language"), lab.code("language", s.first_language)),
            (self.tr("Interpreter needed"), lab.answer(s.interpreter_needed)),
            (self.tr("Borough of residence"), lab.code("borough", s.residence_borough)),
        ]
        for label, value in rows:
            form.addRow(label, _value_label(value))
        edit = QPushButton(self.tr("Edit profile"))
        edit.setAccessibleName(self.tr("Edit the survivor's profile"))
        edit.clicked.connect(self.edit_profile_requested.emit)
        frame.layout().addWidget(edit)  # type: ignore[union-attr]
        return frame

    def _case_facts(self, detail: CaseDetail) -> QFrame:
        c, lab = detail.case, self._labels
        frame, form = self._section(self.tr("This case"))

        def when(value: object) -> str:
            return format_date(value) if value else "—"  # type: ignore[arg-type]

        for label, value in [
            (self.tr("Referred"), when(c.referral_date)),
            (self.tr("Referred by"), lab.code("referral_source", c.referral_source)),
            (self.tr("Service"), lab.code("service_line", c.service_line)),
            (self.tr("Status"), lab.code("case_status", c.status)),
            (self.tr("First contact attempt"), when(c.first_contact_attempt_date)),
            (self.tr("First contact"), when(c.first_contact_date)),
            (self.tr("Allocated"), when(c.allocation_date)),
            (
                self.tr("Worker"),
                self._workers.get(c.allocated_worker.casefold(), c.allocated_worker)
                if c.allocated_worker
                else self.tr("Not allocated"),
            ),
            (self.tr("Closed"), when(c.closure_date)),
            (self.tr("Why support ended"), lab.code("closure_reason", c.closure_reason)),
            (self.tr("Sessions"), str(detail.session_count)),
        ]:
            form.addRow(label, _value_label(value))
        return frame

    def _consent(self, detail: CaseDetail) -> QFrame:
        """Each purpose on its own line, the decision beside it: long purposes wrap, not it."""
        frame, _form = self._section(self.tr("Consent"))
        box = frame.layout()
        assert box is not None
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        latest = latest_consent(detail.consents)
        for row, (purpose_label, purpose) in enumerate(self._labels.options("consent_purpose")):
            record = latest.get(purpose)
            if record is None:
                text = self.tr("Not recorded")
            else:
                text = f"{self._labels.code('consent_state', record.state)}, " + format_date(
                    record.recorded_on
                )
            grid.addWidget(QLabel(purpose_label, wordWrap=True), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_value_label(text), row, 1, Qt.AlignmentFlag.AlignTop)
        box.addLayout(grid)  # type: ignore[attr-defined]
        record_button = QPushButton(self.tr("Record a consent decision…"))
        record_button.setAccessibleName(self.tr("Record a consent decision"))
        record_button.clicked.connect(self.record_consent_requested.emit)
        box.addWidget(record_button)
        return frame

    def _incidents(self, detail: CaseDetail) -> QFrame:
        frame, _form = self._section(self.tr("What happened (as recorded)"))
        grid = QGridLayout()
        box = frame.layout()
        assert box is not None
        if not detail.incidents:
            note = QLabel(
                self.tr("Nothing recorded. Nothing about what happened is ever required."),
                wordWrap=True,
            )
            note.setProperty("role", "muted")
            box.addWidget(note)
            return frame
        lab = self._labels
        for row, incident in enumerate(detail.incidents):
            kind = self.tr("Presenting") if incident.is_presenting else self.tr("Other")
            grid.addWidget(QLabel(kind), row, 0, Qt.AlignmentFlag.AlignTop)
            text = "; ".join(
                [
                    lab.codes("incident_type", incident.types),
                    lab.code("recent_band", incident.recent_band),
                    self.tr("perpetrators: {n}").replace(
                        "{n}", lab.answer(incident.perpetrator_count)
                    ),
                ]
            )
            grid.addWidget(_value_label(text), row, 1)
        box.addLayout(grid)  # type: ignore[attr-defined]
        return frame
