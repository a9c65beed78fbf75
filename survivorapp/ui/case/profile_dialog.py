"""Editing who the survivor is and how it is safe to reach them.

The sections here (identity, "about the survivor", safe contact) are shared with the new-case
dialog so both ask the same questions in the same words. The dialog only collects and emits;
the case view hands the result to the service and calls :meth:`show_problems` if it is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.contact import CHANNEL_ORDER, ChannelPreference, SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.survivor import Survivor
from survivorapp.ui.case.answer_widgets import (
    AnswerCombo,
    AnswerDate,
    AnswerMultiSelect,
    AnswerYear,
    AnswerYesNo,
    FieldFrame,
    problem_line,
    wrap,
)
from survivorapp.ui.widgets.labels import Labels

SAFE = "safe"
TIMES_HINT = "Safe times, e.g. 9-12 weekdays"
SERVICE_ASSIGNED = frozenset({"reference", "survivor_reference", "case_reference"})
"""Fields the service fills in on save; a blank one is not the person's problem to fix."""


def _text(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(18)
    form.setVerticalSpacing(12)
    return form


def row_label(text: str) -> QLabel:
    """A form label of one shared width, so every section lines up on the same column."""
    label = QLabel(text, wordWrap=True)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Interpreter needed") + 12)
    return label


def add_row(form: QFormLayout, text: str, field: QWidget) -> None:
    form.addRow(row_label(text), field)


def show_row(form: QFormLayout, field: QWidget, shown: bool) -> None:
    """Hide a row's label and field together, so a hidden row leaves no gap."""
    label = form.labelForField(field)
    if label is not None:
        label.setVisible(shown)
    field.setVisible(shown)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    return label


class IdentityFields:
    """Name, known-as name and pronouns: how to address the person."""

    def __init__(self, labels: Labels, form: QFormLayout) -> None:
        self._form = form
        self.known_as = _line("Known-as name")
        self.name = _line("Name")
        self.pronouns = AnswerCombo(
            labels,
            "pronouns",
            name="Pronouns",
            why="So everyone refers to them the way they ask.",
        )
        self.pronouns_text = _line("Pronouns in their own words", "In their own words")
        self.fields: dict[str, FieldFrame] = {
            "known_as": wrap(self.known_as, "Known-as name", "The name they would like us to use."),
            "name": wrap(
                self.name,
                "Name",
                "Optional. Some people prefer to stay anonymous, and that's fine.",
            ),
            "pronouns": self.pronouns,
            "pronouns_text": wrap(self.pronouns_text, "Pronouns in their own words"),
        }
        add_row(form, "Known as", self.fields["known_as"])
        add_row(form, "Name (optional)", self.fields["name"])
        add_row(form, "Pronouns", self.pronouns)
        add_row(form, "", self.fields["pronouns_text"])
        self.pronouns.changed.connect(self._sync)
        self._sync()

    def _own_words(self) -> bool:
        return self.pronouns.value() == "other" or bool(self.pronouns_text.text().strip())

    def _sync(self) -> None:
        show_row(self._form, self.fields["pronouns_text"], self._own_words())

    def load(self, survivor: Survivor) -> None:
        self.known_as.setText(survivor.known_as or "")
        self.name.setText(survivor.name or "")
        self.pronouns_text.setText(survivor.pronouns_text or "")
        self.pronouns.set_value(survivor.pronouns)
        self._sync()

    def apply(self, survivor: Survivor) -> Survivor:
        own = self._own_words()
        return dataclasses.replace(
            survivor,
            known_as=_text(self.known_as),
            name=_text(self.name),
            pronouns=self.pronouns.value(),
            pronouns_text=_text(self.pronouns_text) if own else None,
        )


class AboutFields(QWidget):
    """The monitoring questions. Every one can be skipped; each says why it is asked."""

    def __init__(self, labels: Labels, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        note = QLabel(
            self.tr(
                "They can skip any of these. \u201cPrefer not to say\u201d is a complete answer, "
                "and anything left as \u201cNot asked\u201d can be asked later, or never. "
                "These answers are only reported as anonymous totals."
            ),
            wordWrap=True,
        )
        note.setProperty("role", "message")
        note.setAccessibleName(self.tr("About these questions"))
        box.addWidget(note)
        form = form_layout()
        self._form = form
        box.addLayout(form)
        self.date_of_birth = AnswerDate(
            "Date of birth",
            "Used to work out their age when referred.",
            given_label="Date of birth given",
            default=date(today.year - 30, 1, 1),
        )
        self.birth_year = AnswerYear(
            "Year of birth",
            "If they would rather not give the full date, the year is enough.",
            default=today.year - 30,
        )
        self.sex = AnswerCombo(
            labels,
            "sex",
            name="Sex",
            why="For the commissioner's monitoring figures and single-sex services.",
        )
        self.gender_identity = AnswerCombo(
            labels,
            "gender_identity",
            name="Gender identity",
            why="Equality monitoring. They can describe it in their own words.",
        )
        self.gender_identity_text = _line(
            "Gender identity in their own words", "In their own words"
        )
        self.trans_history = AnswerYesNo(
            "Trans history",
            "Equality monitoring of gender reassignment, asked separately from sex.",
        )
        self.sexual_orientation = AnswerCombo(
            labels, "sexual_orientation", name="Sexual orientation", why="Equality monitoring."
        )
        self.ethnicity = AnswerCombo(
            labels,
            "ethnicity",
            name="Ethnicity",
            why="Equality monitoring, reported in five broad groups.",
        )
        self.religion = AnswerCombo(
            labels, "religion", name="Religion or belief", why="Equality monitoring."
        )
        self.disability = AnswerYesNo(
            "Disability", "So we can adapt support, and for equality monitoring."
        )
        self.disability_types = AnswerMultiSelect(
            labels,
            "disability_type",
            name="Types of disability",
            why="So support can fit what they need.",
        )
        self.vulnerabilities = AnswerMultiSelect(
            labels,
            "vulnerability",
            name="Additional needs",
            why="Additional needs shape the support we offer.",
        )
        self.first_language = AnswerCombo(
            labels,
            "language",
            name="First language",
            why="So we can arrange communication support.",
        )
        self.interpreter_needed = AnswerYesNo(
            "Interpreter needed", "So an interpreter is booked before we get in touch."
        )
        self.residence_borough = AnswerCombo(
            labels,
            "borough",
            name="Borough where they live",
            why="Shows whether people across London can reach the service.",
        )
        self.fields: dict[str, FieldFrame] = {
            "date_of_birth": self.date_of_birth,
            "birth_year": self.birth_year,
            "sex": self.sex,
            "gender_identity": self.gender_identity,
            "gender_identity_text": wrap(
                self.gender_identity_text, "Gender identity in their own words"
            ),
            "trans_history": self.trans_history,
            "sexual_orientation": self.sexual_orientation,
            "ethnicity": self.ethnicity,
            "religion": self.religion,
            "disability": self.disability,
            "disability_types": self.disability_types,
            "vulnerabilities": self.vulnerabilities,
            "first_language": self.first_language,
            "interpreter_needed": self.interpreter_needed,
            "residence_borough": self.residence_borough,
        }
        for label, field in [
            (self.tr("Date of birth"), "date_of_birth"),
            (self.tr("Or year of birth"), "birth_year"),
            (self.tr("Sex"), "sex"),
            (self.tr("Gender identity"), "gender_identity"),
            ("", "gender_identity_text"),
            (self.tr("Trans history"), "trans_history"),
            (self.tr("Sexual orientation"), "sexual_orientation"),
            (self.tr("Ethnicity"), "ethnicity"),
            (self.tr("Religion or belief"), "religion"),
            (self.tr("Disability"), "disability"),
            (self.tr("Types of disability"), "disability_types"),
            (self.tr("Additional needs"), "vulnerabilities"),
            (self.tr("First language"), "first_language"),
            (self.tr("Interpreter needed"), "interpreter_needed"),
            (self.tr("Borough"), "residence_borough"),
        ]:
            add_row(form, label, self.fields[field])
        self.gender_identity.changed.connect(self._sync)
        self._sync()

    def _own_words(self) -> bool:
        chosen = self.gender_identity.value() == "in_own_words"
        return chosen or bool(self.gender_identity_text.text().strip())

    def _sync(self) -> None:
        show_row(self._form, self.fields["gender_identity_text"], self._own_words())

    def load(self, survivor: Survivor) -> None:
        self.gender_identity_text.setText(survivor.gender_identity_text or "")
        for field in self.fields:
            widget = self.fields[field]
            if hasattr(widget, "set_value"):
                widget.set_value(getattr(survivor, field))
        self._sync()

    def apply(self, survivor: Survivor) -> Survivor:
        values: dict[str, object] = {
            field: widget.value()
            for field, widget in self.fields.items()
            if hasattr(widget, "value")
        }
        own = self._own_words()
        values["gender_identity_text"] = _text(self.gender_identity_text) if own else None
        return dataclasses.replace(survivor, **values)  # type: ignore[arg-type]


class _ChannelRow:
    def __init__(self, labels: Labels, channel: str, name: str) -> None:
        self.channel = channel
        self.safety = AnswerCombo(
            labels,
            "contact_safety",
            allow_unknown=False,
            allow_declined=False,
            not_asked_label="Not asked yet",
            name=f"{name}: is it safe?",
        )
        self.times = _line(f"{name}: safe times", TIMES_HINT)
        self.never = QCheckBox("Never use")
        self.never.setAccessibleName(f"Never contact by {name.lower()}")
        self.problem = problem_line(name, self.safety.combo)
        self.safety.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        safe = self.safety.value() == SAFE
        self.times.setEnabled(safe)
        self.times.setPlaceholderText(TIMES_HINT if safe else "")

    def preference(self) -> ChannelPreference:
        times = _text(self.times) if self.safety.value() == SAFE else None
        return ChannelPreference(self.channel, self.safety.value(), times)


class SafeContactFields(QWidget):
    """Per-channel safety, code word, a safe third party and channels never to use."""

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(
            muted(
                self.tr(
                    "Contact through the wrong channel can put someone at risk. Ask before "
                    "reaching out; leave anything not yet asked as it is."
                )
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        vocab = labels.vocabularies["contact_channel"]
        order = [c for c in CHANNEL_ORDER if vocab.contains(c)]
        order += [c.code for c in vocab if c.code not in order]
        self.rows: dict[str, _ChannelRow] = {}
        for index, channel in enumerate(order):
            name = vocab.label(channel)
            row = _ChannelRow(labels, channel, name)
            self.rows[channel] = row
            line = index * 2
            grid.addWidget(row_label(name), line, 0)
            grid.addWidget(row.safety, line, 1)
            grid.addWidget(row.times, line, 2)
            grid.addWidget(row.never, line, 3)
            grid.addWidget(row.problem, line + 1, 1, 1, 3)
        grid.setColumnStretch(2, 1)
        box.addLayout(grid)
        form = form_layout()
        self.code_word = _line("Code word")
        self.third_party = _line("Safe third-party contact", "Name and how to reach them")
        self.fields: dict[str, FieldFrame] = {
            "code_word": wrap(self.code_word, "Code word", "Lets them confirm it is safe to talk."),
            "safe_third_party": wrap(
                self.third_party,
                "Safe third-party contact",
                "Someone trusted who can pass on a message when direct contact is not safe.",
            ),
        }
        add_row(form, self.tr("Code word"), self.fields["code_word"])
        add_row(form, self.tr("Safe third party"), self.fields["safe_third_party"])
        box.addLayout(form)
        self._original: SafeContact | None = None
        self._order: list[str] = []

    def load(self, contact: SafeContact | None) -> None:
        self._original = contact
        if contact is None:
            return
        for preference in contact.channels:
            row = self.rows.get(preference.channel)
            if row is not None:
                row.safety.set_value(preference.safety)
                row.times.setText(preference.safe_times or "")
        for channel, row in self.rows.items():
            row.never.setChecked(channel in contact.never_contact_via)
        self.code_word.setText(contact.code_word or "")
        self.third_party.setText(contact.safe_third_party or "")

    def build(self, survivor_reference: str) -> SafeContact | None:
        """The preferences, or None when nothing has been recorded (and nothing was before)."""
        original = self._original
        known = [p.channel for p in original.channels] if original else []
        ordered = known + [c for c in self.rows if c not in known]
        channels: list[ChannelPreference] = []
        self._order = []
        for channel in ordered:
            row = self.rows.get(channel)
            if row is None:
                continue
            preference = row.preference()
            if channel in known or preference.safety != Unanswered.NOT_ASKED:
                channels.append(preference)
                self._order.append(channel)
        never = tuple(c for c, row in self.rows.items() if row.never.isChecked())
        if original is not None:
            never = tuple(c for c in original.never_contact_via if c in never) + tuple(
                c for c in never if c not in original.never_contact_via
            )
        contact = SafeContact(
            survivor_reference=survivor_reference,
            id=original.id if original else None,
            channels=tuple(channels),
            code_word=_text(self.code_word),
            safe_third_party=_text(self.third_party),
            never_contact_via=never,
        )
        empty = not channels and not never and not contact.code_word
        if original is None and empty and not contact.safe_third_party:
            return None
        return contact

    def field_for(self, field: str) -> FieldFrame | None:
        """Map a problem's field (``channels[2].safety``) to the row that shows it."""
        if field in self.fields:
            return self.fields[field]
        if field.startswith("channels[") and "]" in field:
            index = int(field[len("channels[") : field.index("]")])
            if 0 <= index < len(self._order):
                return self.rows[self._order[index]].problem
        if field == "never_contact_via":
            return next(iter(self.rows.values())).problem
        return None


class FormDialog(QDialog):
    """A scrollable form with a problem summary at the top and one primary button."""

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        outer = QVBoxLayout(self)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "message")
        self.summary.setVisible(False)
        self.summary.setAccessibleName(self.tr("Problems to fix"))
        outer.addWidget(self.summary)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 4, 12, 4)
        self.body_layout.setSpacing(14)
        self.scroll_area.setWidget(self.body)
        outer.addWidget(self.scroll_area, 1)
        buttons = QDialogButtonBox()
        self.submit_button = QPushButton(action)
        self.submit_button.setProperty("primary", True)
        self.submit_button.setAccessibleName(action)
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel without saving"))
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.submit_button.clicked.connect(self.on_submit_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(760, 680)

    def on_submit_button_clicked(self) -> None:
        raise NotImplementedError

    def saved(self) -> None:
        """What was submitted is stored: the form's work is done."""
        self.accept()

    def field_for(self, field: str) -> FieldFrame | None:
        raise NotImplementedError

    def all_fields(self) -> Iterable[FieldFrame]:
        return self.findChildren(FieldFrame)

    def clear_problems(self) -> None:
        self.summary.setVisible(False)
        for frame in self.all_fields():
            frame.set_problem(None)

    def show_problems(self, problems: list[Problem] | str) -> None:
        """Show problems next to their fields, with a short summary at the top."""
        self.clear_problems()
        if isinstance(problems, str):
            self.summary.setText(problems)
            self.summary.setVisible(True)
            return
        unplaced: list[str] = []
        placed: dict[FieldFrame, list[str]] = {}
        for problem in problems:
            frame = self.field_for(problem.field)
            if frame is None:
                unplaced.append(problem.message)
            else:
                placed.setdefault(frame, []).append(problem.message)
        for frame, messages in placed.items():
            frame.set_problem("\n".join(messages))
        count = len(problems)
        lead = (
            self.tr("One thing needs another look before saving.")
            if count == 1
            else self.tr("{n} things need another look before saving.").replace("{n}", str(count))
        )
        extra = "".join(f"\n• {m}" for m in unplaced)
        self.summary.setText(lead + (self.tr(" They are marked below.") if placed else "") + extra)
        self.summary.setVisible(True)
        if placed:
            self.reveal(next(iter(placed)))

    def reveal(self, frame: FieldFrame) -> None:
        self.scroll_area.ensureWidgetVisible(frame, 0, 40)
        frame.focus_widget().setFocus()


@dataclass(frozen=True)
class ProfileInput:
    survivor: Survivor
    safe_contact: SafeContact | None


class ProfileDialog(FormDialog):
    """Edit the survivor's profile and safe-contact preferences, prefilled."""

    submit_requested = Signal(object)
    """A :class:`ProfileInput`, validated against the vocabularies."""

    def __init__(
        self,
        labels: Labels,
        survivor: Survivor,
        safe_contact: SafeContact | None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit profile", "Save profile", parent)
        self.setWindowTitle(self.tr("Edit profile"))
        self._labels = labels
        self._today = today or date.today()
        self._survivor = survivor
        self.body_layout.addWidget(heading(self.tr("How to address them")))
        form = form_layout()
        self.body_layout.addLayout(form)
        self.identity = IdentityFields(labels, form)
        self.body_layout.addWidget(heading(self.tr("About the survivor (all optional)")))
        self.about = AboutFields(labels, self._today)
        self.body_layout.addWidget(self.about)
        self.body_layout.addWidget(heading(self.tr("Safe contact")))
        self.safe_contact = SafeContactFields(labels)
        self.body_layout.addWidget(self.safe_contact)
        self.body_layout.addStretch(1)
        self.identity.load(survivor)
        self.about.load(survivor)
        self.safe_contact.load(safe_contact)
        self.identity.known_as.setFocus()

    def build(self) -> ProfileInput:
        survivor = self.about.apply(self.identity.apply(self._survivor))
        return ProfileInput(survivor, self.safe_contact.build(survivor.reference))

    def problems(self, result: ProfileInput) -> list[Problem]:
        vocabularies = self._labels.vocabularies
        found = result.survivor.validate(vocabularies, self._today)
        if result.safe_contact is not None:
            found += result.safe_contact.validate(vocabularies, self._today)
        return [p for p in found if p.field not in SERVICE_ASSIGNED]

    def field_for(self, field: str) -> FieldFrame | None:
        return (
            self.identity.fields.get(field)
            or self.about.fields.get(field)
            or self.safe_contact.field_for(field)
        )

    def on_submit_button_clicked(self) -> None:
        result = self.build()
        problems = self.problems(result)
        if problems:
            self.show_problems(problems)
            return
        self.clear_problems()
        self.submit_requested.emit(result)
