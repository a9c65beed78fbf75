"""How it is safe to reach the survivor: per channel, a code word, a safe third party, and
channels never to use.

Contact through the wrong channel can put someone at risk (DESIGN.md 4: safety first), so
nothing here is assumed: a channel not yet asked about stays "Not asked yet", and the
preferences are only recorded once someone has asked.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QVBoxLayout, QWidget

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.contact import CHANNEL_ORDER, ChannelPreference, SafeContact
from survivorapp.ui.case.answer_widgets import AnswerCombo, FieldFrame, problem_line, wrap
from survivorapp.ui.case.form_dialog import (
    add_row,
    form_layout,
    line_edit,
    muted,
    row_label,
    text_of,
)
from survivorapp.ui.widgets.labels import Labels

SAFE = "safe"
TIMES_HINT = "Safe times, e.g. 9-12 weekdays"


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
        self.times = line_edit(f"{name}: safe times", TIMES_HINT)
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
        times = text_of(self.times) if self.safety.value() == SAFE else None
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
        self.code_word = line_edit("Code word")
        self.third_party = line_edit("Safe third-party contact", "Name and how to reach them")
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
            code_word=text_of(self.code_word),
            safe_third_party=text_of(self.third_party),
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
