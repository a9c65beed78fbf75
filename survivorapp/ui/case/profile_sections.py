"""The questions about the survivor, shared by the profile and new-case dialogs.

How to address them (name, known-as name, pronouns) and the monitoring questions ("about the
survivor"): the same questions in the same words wherever a survivor's details are asked.
Every monitoring question can be skipped, and each says why it is asked. Safe contact has its
own section (safe_contact_fields.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from survivorapp.domain.survivor import Survivor
from survivorapp.ui.case.answer_dates import AnswerDate, AnswerYear
from survivorapp.ui.case.answer_multi_select import AnswerMultiSelect
from survivorapp.ui.case.answer_widgets import AnswerCombo, AnswerYesNo, FieldFrame, wrap
from survivorapp.ui.case.form_dialog import add_row, form_layout, line_edit, show_row, text_of
from survivorapp.ui.widgets.labels import Labels

SERVICE_ASSIGNED = frozenset({"reference", "survivor_reference", "case_reference"})
"""Fields the service fills in on save; a blank one is not the person's problem to fix."""


class IdentityFields:
    """Name, known-as name and pronouns: how to address the person."""

    def __init__(self, labels: Labels, form: QFormLayout) -> None:
        self._form = form
        self.known_as = line_edit("Known-as name")
        self.name = line_edit("Name")
        self.pronouns = AnswerCombo(
            labels,
            "pronouns",
            name="Pronouns",
            why="So everyone refers to them the way they ask.",
        )
        self.pronouns_text = line_edit("Pronouns in their own words", "In their own words")
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
            known_as=text_of(self.known_as),
            name=text_of(self.name),
            pronouns=self.pronouns.value(),
            pronouns_text=text_of(self.pronouns_text) if own else None,
        )


class AboutFields(QWidget):
    """The monitoring questions. Every one can be skipped; each says why it is asked.

    ``fields`` maps each :class:`Survivor` field to the input that answers it, in the order
    they are asked; problems found on a field are shown on its input.
    """

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
        self._form = form_layout()
        box.addLayout(self._form)
        self.fields: dict[str, FieldFrame] = {
            **self._ask_birth(today),
            **self._ask_identity(labels),
            **self._ask_background(labels),
            **self._ask_needs(labels),
        }
        self.gender_identity.changed.connect(self._sync)
        self._sync()

    def _ask(self, rows: list[tuple[str, str, FieldFrame]]) -> dict[str, FieldFrame]:
        """Add (form label, field name, input) rows to the form, in order."""
        for label, _field, frame in rows:
            add_row(self._form, label, frame)
        return {field: frame for _label, field, frame in rows}

    def _ask_birth(self, today: date) -> dict[str, FieldFrame]:
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
        return self._ask(
            [
                (self.tr("Date of birth"), "date_of_birth", self.date_of_birth),
                (self.tr("Or year of birth"), "birth_year", self.birth_year),
            ]
        )

    def _ask_identity(self, labels: Labels) -> dict[str, FieldFrame]:
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
        self.gender_identity_text = line_edit(
            "Gender identity in their own words", "In their own words"
        )
        self.trans_history = AnswerYesNo(
            "Trans history",
            "Equality monitoring of gender reassignment, asked separately from sex.",
        )
        self.sexual_orientation = AnswerCombo(
            labels, "sexual_orientation", name="Sexual orientation", why="Equality monitoring."
        )
        own_words = wrap(self.gender_identity_text, "Gender identity in their own words")
        return self._ask(
            [
                (self.tr("Sex"), "sex", self.sex),
                (self.tr("Gender identity"), "gender_identity", self.gender_identity),
                ("", "gender_identity_text", own_words),
                (self.tr("Trans history"), "trans_history", self.trans_history),
                (self.tr("Sexual orientation"), "sexual_orientation", self.sexual_orientation),
            ]
        )

    def _ask_background(self, labels: Labels) -> dict[str, FieldFrame]:
        self.ethnicity = AnswerCombo(
            labels,
            "ethnicity",
            name="Ethnicity",
            why="Equality monitoring, reported in five broad groups.",
        )
        self.religion = AnswerCombo(
            labels, "religion", name="Religion or belief", why="Equality monitoring."
        )
        return self._ask(
            [
                (self.tr("Ethnicity"), "ethnicity", self.ethnicity),
                (self.tr("Religion or belief"), "religion", self.religion),
            ]
        )

    def _ask_needs(self, labels: Labels) -> dict[str, FieldFrame]:
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
        return self._ask(
            [
                (self.tr("Disability"), "disability", self.disability),
                (self.tr("Types of disability"), "disability_types", self.disability_types),
                (self.tr("Additional needs"), "vulnerabilities", self.vulnerabilities),
                (self.tr("First language"), "first_language", self.first_language),
                (self.tr("Interpreter needed"), "interpreter_needed", self.interpreter_needed),
                (self.tr("Borough"), "residence_borough", self.residence_borough),
            ]
        )

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
        values["gender_identity_text"] = text_of(self.gender_identity_text) if own else None
        return dataclasses.replace(survivor, **values)  # type: ignore[arg-type]
