"""Editing who the survivor is and how it is safe to reach them.

The sections (identity, "about the survivor", safe contact) are shared with the new-case
dialog so both ask the same questions in the same words. The dialog only collects and emits;
the case view hands the result to the service and calls :meth:`show_problems` if it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.contact import SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.survivor import Survivor
from survivorapp.ui.case.answer_widgets import FieldFrame
from survivorapp.ui.case.form_dialog import FormDialog, form_layout, heading
from survivorapp.ui.case.profile_sections import SERVICE_ASSIGNED, AboutFields, IdentityFields
from survivorapp.ui.case.safe_contact_fields import SafeContactFields
from survivorapp.ui.widgets.labels import Labels


@dataclass(frozen=True)
class ProfileInput:
    survivor: Survivor
    safe_contact: SafeContact | None


class ProfileDialog(FormDialog[ProfileInput]):
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
