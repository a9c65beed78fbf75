"""Logging a session: when, how long, how, what kind, a short note, any risk raised.

Nothing typed is ever lost: the whole form is saved as an encrypted draft a few seconds after
each change and when the app locks, and offered back when the editor next opens for this case.
The dialog never talks to services itself; it emits what the case view should do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.problems import Problem
from survivorapp.domain.session import Session
from survivorapp.ui.widgets.fields import problems_text
from survivorapp.ui.widgets.labels import Labels

DRAFT_DELAY_MS = 3000
NOTE_LIMIT = 2000


class SessionEditorDialog(QDialog):
    #: The form as a JSON string, to keep as an encrypted draft.
    draft_changed = Signal(str)
    #: The finished :class:`Session`, to save.
    save_requested = Signal(object)
    #: The draft is no longer needed (saved or deliberately discarded).
    draft_discarded = Signal()

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        session: Session | None = None,
        draft: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._labels = labels
        self._case_reference = case_reference
        self._editing = session
        self.setWindowTitle(self.tr("Edit session") if session else self.tr("Log a session"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.recovered = QLabel(wordWrap=True)
        self.recovered.setProperty("role", "message")
        self.recovered.setVisible(False)
        self.recovered.setAccessibleName(self.tr("Recovered draft notice"))
        layout.addWidget(self.recovered)
        layout.addLayout(self._build_form())
        self.problems = QLabel(wordWrap=True)
        self.problems.setProperty("role", "message")
        self.problems.setVisible(False)
        self.problems.setAccessibleName(self.tr("Problems to fix"))
        layout.addWidget(self.problems)
        layout.addWidget(self._build_buttons())

        if session is not None:
            self._load_session(session)
        if draft:
            self._restore_draft(draft)
        self._dirty = bool(draft)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        for signal in (
            self.date_edit.dateChanged,
            self.time_edit.timeChanged,
            self.time_known.toggled,
            self.duration.valueChanged,
            self.mode.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.note.textChanged,
            self.risk_list.itemChanged,
        ):
            signal.connect(self._on_changed)
        self._update_count()
        self.note.setFocus()

    # --- building ----------------------------------------------------------------------------

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setAccessibleName(self.tr("Session date"))
        self.duration = QSpinBox(minimum=1, maximum=720, value=60, suffix=self.tr(" minutes"))
        self.duration.setAccessibleName(self.tr("Duration in minutes"))
        self.mode = self._combo("session_mode", self.tr("How the session happened"))
        self.kind = self._combo("session_kind", self.tr("Kind of session"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            self.tr("A short, factual note. Nothing about what happened is needed.")
        )
        self.note.setAccessibleName(self.tr("Session note"))
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(120)
        self.note_count = QLabel()
        self.note_count.setProperty("role", "muted")
        self.note_count.setAccessibleName(self.tr("Characters used in the note"))
        form.addRow(self.tr("Date"), self.date_edit)
        form.addRow("", self._start_time_row())
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Note"), self.note)
        form.addRow("", self.note_count)
        form.addRow(self.tr("Risk raised"), self._risk_list())
        return form

    def _start_time_row(self) -> QWidget:
        """A start time, or none: "Start time" unticked means it was not noted."""
        time_row = QHBoxLayout()
        self.time_known = QCheckBox(self.tr("Start time"))
        self.time_known.setAccessibleName(self.tr("Record a start time"))
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime.currentTime())
        self.time_edit.setAccessibleName(self.tr("Start time"))
        self.time_known.setChecked(True)
        self.time_known.toggled.connect(self.time_edit.setEnabled)
        time_row.addWidget(self.time_known)
        time_row.addWidget(self.time_edit)
        time_row.addStretch(1)
        return self._wrap(time_row)

    def _risk_list(self) -> QListWidget:
        self.risk_list = QListWidget()
        self.risk_list.setAccessibleName(self.tr("Risk flags raised"))
        self.risk_list.setMaximumHeight(130)
        for label, code in self._labels.options("risk_flag"):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.risk_list.addItem(item)
        return self.risk_list

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("Save session"))
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName(self.tr("Save session"))
        self.later_button = QPushButton(self.tr("Keep as draft"))
        self.later_button.setAccessibleName(self.tr("Close and keep as a draft"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setAccessibleName(self.tr("Discard this session"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.later_button.clicked.connect(self.keep_as_draft)
        self.discard_button.clicked.connect(self.on_discard_button_clicked)
        return buttons

    def _combo(self, vocabulary: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for label, code in self._labels.options(vocabulary):
            combo.addItem(label, code)
        return combo

    @staticmethod
    def _wrap(layout: QHBoxLayout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    # --- form state --------------------------------------------------------------------------

    def form_state(self) -> dict[str, Any]:
        return {
            "date": self.date_edit.date().toString(Qt.DateFormat.ISODate),
            "time": self.time_edit.time().toString("HH:mm")
            if self.time_known.isChecked()
            else None,
            "duration": self.duration.value(),
            "mode": self.mode.currentData(),
            "kind": self.kind.currentData(),
            "note": self.note.toPlainText(),
            "risk_flags": self.checked_risks(),
        }

    def checked_risks(self) -> list[str]:
        flags = []
        for row in range(self.risk_list.count()):
            item = self.risk_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                flags.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return flags

    def _apply_state(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("date"), str):
            self.date_edit.setDate(QDate.fromString(state["date"], Qt.DateFormat.ISODate))
        self.time_known.setChecked(state.get("time") is not None)
        if isinstance(state.get("time"), str):
            self.time_edit.setTime(QTime.fromString(state["time"], "HH:mm"))
        if isinstance(state.get("duration"), int):
            self.duration.setValue(state["duration"])
        for combo, key in ((self.mode, "mode"), (self.kind, "kind")):
            index = combo.findData(state.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        if isinstance(state.get("note"), str):
            self.note.setPlainText(state["note"])
        wanted = set(state.get("risk_flags") or [])
        for row in range(self.risk_list.count()):
            item = self.risk_list.item(row)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)

    def _load_session(self, session: Session) -> None:
        self._apply_state(
            {
                "date": session.session_date.isoformat(),
                "time": session.start_time.strftime("%H:%M") if session.start_time else None,
                "duration": session.duration_minutes,
                "mode": session.mode,
                "kind": session.kind,
                "note": session.note,
                "risk_flags": list(session.risk_flags),
            }
        )

    def _restore_draft(self, draft: str) -> None:
        try:
            state = json.loads(draft)
        except ValueError:
            state = {"note": draft}
        if not isinstance(state, dict):
            return
        self._apply_state(state)
        self.recovered.setText(
            self.tr(
                "We kept what you were typing last time (it was saved as a draft). "
                "Check it, then save it or discard it."
            )
        )
        self.recovered.setVisible(True)

    def build_session(self) -> Session:
        state = self.form_state()
        start = time.fromisoformat(state["time"]) if state["time"] else None
        return Session(
            case_reference=self._case_reference,
            session_date=date.fromisoformat(state["date"]),
            duration_minutes=int(state["duration"]),
            mode=str(state["mode"]),
            kind=str(state["kind"]),
            id=self._editing.id if self._editing else None,
            start_time=start,
            worker=self._editing.worker if self._editing else None,
            note=str(state["note"]).strip(),
            risk_flags=tuple(state["risk_flags"]),
        )

    # --- behaviour ---------------------------------------------------------------------------

    def _on_changed(self, *_args: object) -> None:
        self._dirty = True
        self._update_count()
        self._draft_timer.start()

    def _update_count(self) -> None:
        used = len(self.note.toPlainText())
        self.note_count.setText(
            self.tr("{used} of {limit} characters")
            .replace("{used}", str(used))
            .replace("{limit}", str(NOTE_LIMIT))
        )

    def flush_draft(self) -> None:
        """Hand the current form to whoever keeps drafts (now, not after the delay)."""
        self._draft_timer.stop()
        if self._dirty:
            self.draft_changed.emit(json.dumps(self.form_state()))
            self._dirty = False

    def keep_as_draft(self) -> None:
        self.flush_draft()
        self.reject()

    def on_save_button_clicked(self) -> None:
        self.flush_draft()
        self.problems.setVisible(False)
        self.save_requested.emit(self.build_session())

    def on_discard_button_clicked(self) -> None:
        self._draft_timer.stop()
        self._dirty = False
        self.draft_discarded.emit()
        self.reject()

    def saved(self) -> None:
        """The case view calls this once the session is safely stored."""
        self._draft_timer.stop()
        self._dirty = False
        self.draft_discarded.emit()
        self.accept()

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        """Why the session could not be saved, in the words the service used."""
        self.problems.setText(problems_text(problems))
        self.problems.setVisible(True)

    def closeEvent(self, event: Any) -> None:
        self.flush_draft()
        super().closeEvent(event)

    def reject(self) -> None:
        self.flush_draft()
        super().reject()
