"""One case: header with the safe-contact summary, and tabs for everything recorded.

The page asks the case service for one :class:`CaseView` (everything it shows, read in one
transaction on the vault thread) and only shows it; every change goes through a service call
and then the view is read again. Opening the case is itself recorded in the audit log by the
service; the window title never shows the survivor's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from survivorapp.domain.problems import Problem
from survivorapp.domain.session import Session
from survivorapp.services.case_views import CaseView, session_draft_key
from survivorapp.services.cases import CaseService
from survivorapp.services.drafts import DraftService
from survivorapp.services.justice import JusticeService
from survivorapp.services.permissions import Action, Actor, CaseAccess, allowed
from survivorapp.ui.case.consent_dialog import ConsentDialog
from survivorapp.ui.case.history_tab import HistoryTab
from survivorapp.ui.case.overview_tab import CaseOverviewTab
from survivorapp.ui.case.profile_dialog import ProfileDialog
from survivorapp.ui.case.session_editor_dialog import SessionEditorDialog
from survivorapp.ui.case.sessions_tab import SessionsTab
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for, problems_for
from survivorapp.ui.feedback.tab import FeedbackTab
from survivorapp.ui.justice.tab import JusticeTab
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.tab import ReferralsTab
from survivorapp.ui.widgets.case_header import CaseHeaderWidget
from survivorapp.ui.widgets.labels import Labels

_ANY_CASE = CaseAccess()  # history rights depend on role only (restriction is checked later)
UNCHANGED = Changes()
"""What a read (or a draft, or an audit entry alone) changes for other views: nothing."""
CASES, SESSIONS, JUSTICE = Changes(cases=True), Changes(sessions=True), Changes(justice=True)


class SavingForm(Protocol):
    """A form whose save the page runs: closed when stored, shown the problems when not."""

    def saved(self) -> None: ...

    def show_problems(self, problems: list[Problem] | str) -> None: ...


class CaseViewPage(QWidget):
    back_requested = Signal()

    def __init__(
        self,
        operations: Operations,
        cases: CaseService,
        justice: JusticeService,
        drafts: DraftService,
        actor: Actor,
        labels: Labels,
        *,
        referrals_tab: ReferralsTab,
        feedback_tab: FeedbackTab,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._cases = cases
        self._justice = justice
        self._drafts = drafts
        self._labels = labels
        self._reference: str | None = None
        self._view: CaseView | None = None
        self._editor: SessionEditorDialog | None = None
        self._form: QDialog | None = None
        self._closing = False
        self._can_see_history = allowed(actor, Action.VIEW_CASE_HISTORY, _ANY_CASE)
        self.referrals_tab = referrals_tab
        self.feedback_tab = feedback_tab

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.header = CaseHeaderWidget(labels)
        self.header.back_requested.connect(self.back_requested.emit)
        layout.addWidget(self.header)
        self.loading = QLabel(self.tr("Opening the case…"))
        self.loading.setProperty("role", "muted")
        layout.addWidget(self.loading)
        self.tabs = self._build_tabs()
        layout.addWidget(self.tabs, 1)
        self.tabs.setVisible(False)

    def _build_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setAccessibleName(self.tr("Case sections"))
        self.overview = CaseOverviewTab(self._labels)
        self.overview.edit_profile_requested.connect(self.open_profile_editor)
        self.overview.record_consent_requested.connect(self.open_consent_dialog)
        self.sessions_tab = SessionsTab(self._labels)
        self.sessions_tab.log_session_requested.connect(self.open_session_editor)
        self.sessions_tab.session_activated.connect(self.open_session_editor)
        self.justice_tab = JusticeTab(self._labels)
        self._wire_justice(self.justice_tab)
        self.history_tab = HistoryTab()
        self.referrals_tab.consent_recorded.connect(self.reload)
        tabs.addTab(self.overview, self.tr("Overview"))
        tabs.addTab(self.sessions_tab, self.tr("Sessions"))
        tabs.addTab(self.justice_tab, self.tr("Justice journey"))
        tabs.addTab(self.referrals_tab, self.tr("Referrals"))
        tabs.addTab(self.feedback_tab, self.tr("Feedback"))
        if self._can_see_history:
            tabs.addTab(self.history_tab, self.tr("History"))
        return tabs

    # --- loading -----------------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        return self._reference

    def open_case(self, reference: str) -> None:
        self._reference = reference
        self.tabs.setVisible(False)
        self.loading.setText(self.tr("Opening the case…"))
        self.loading.setVisible(True)
        self.reload()

    def reload(self) -> None:
        reference, cases = self._reference, self._cases
        if reference is None:
            return
        self._operations.run(
            lambda: cases.case_view(reference),
            self._show,
            self._show_failure,
            owner=self,
            changes=UNCHANGED,
        )

    def _show(self, view: CaseView) -> None:
        if view.reference != self._reference:
            return  # another case was opened while this one was being read
        self._view = view
        self.header.show_case(view.detail, view.risk_flags, view.workers)
        self.overview.show_case(view.detail, view.workers)
        self.sessions_tab.show_sessions(view.sessions, view.workers)
        self.justice_tab.set_journey(view.journey, date.today())
        self.referrals_tab.set_case(view.reference)
        self.feedback_tab.show_case(view.reference)
        if view.history is not None:
            self.history_tab.show_entries(view.history)
        self.loading.setVisible(view.new_session_draft is not None)
        if view.new_session_draft is not None:
            self.loading.setText(
                self.tr(
                    "There is an unsaved session note for this case. Open “Log a session” "
                    "to finish it."
                )
            )
        self.tabs.setVisible(True)

    def _show_failure(self, exc: BaseException) -> None:
        self.loading.setText(message_for(exc))
        self.loading.setVisible(True)

    # --- saving ------------------------------------------------------------------------------

    def _save(
        self,
        form: SavingForm,
        work: Callable[[], object],
        changes: Changes,
        *,
        close: bool = True,
        reload: bool = True,
    ) -> None:
        """Run a form's save on the vault thread. Stored: close the form (unless it stays
        open for a second request) and read the case again. Refused: the problems are shown
        in the form, field by field where the service named them, so nothing typed is lost."""

        def saved(_result: object) -> None:
            if close:
                form.saved()
            if reload:
                self.reload()

        def failed(exc: BaseException) -> None:
            form.show_problems(problems_for(exc))

        self._operations.run(work, saved, failed, owner=self, changes=changes)

    # --- justice journey ---------------------------------------------------------------------

    def _wire_justice(self, tab: JusticeTab) -> None:
        """Each request from the tab becomes one service call, saved as the tab's form."""
        justice = self._justice

        def save(call: Callable[..., object], *, close: bool = True) -> Callable[..., None]:
            return lambda *args: self._save(tab, lambda: call(*args), JUSTICE, close=close)

        tab.event_requested.connect(save(justice.record_event))
        tab.correction_requested.connect(save(justice.correct_event))
        tab.matter_requested.connect(save(justice.add_matter))
        # A bail update sends the matter, then its event: only the event's save closes the
        # dialog. ("Matter details…" sends the matter alone, so it stays open after saving,
        # as it always has.)
        tab.matter_update_requested.connect(save(justice.update_matter, close=False))
        tab.position_requested.connect(save(justice.record_position))
        tab.special_measures_requested.connect(save(justice.set_special_measures))
        tab.vps_requested.connect(save(justice.save_vps))
        tab.court_support_requested.connect(save(justice.save_court_support))
        tab.victims_code_requested.connect(save(justice.set_victims_code_rights))
        tab.family_proceeding_requested.connect(save(justice.add_family_proceeding))
        tab.crime_reference_revealed.connect(self._note_crime_reference_viewed)

    def _note_crime_reference_viewed(self, matter_id: object) -> None:
        if isinstance(matter_id, int):
            justice = self._justice
            self._operations.run(
                lambda: justice.note_crime_reference_viewed(matter_id),
                owner=self,
                changes=UNCHANGED,
            )

    # --- profile and consent -------------------------------------------------------------

    def open_profile_editor(self) -> None:
        if self._view is None:
            return
        detail = self._view.detail
        dialog = ProfileDialog(
            self._labels, detail.survivor, detail.safe_contact, date.today(), parent=self
        )
        reference, cases = detail.case.reference, self._cases
        dialog.submit_requested.connect(
            lambda data: self._save(
                dialog,
                lambda: cases.update_survivor(reference, data.survivor, data.safe_contact),
                CASES,
            )
        )
        self._show_form(dialog)

    def open_consent_dialog(self) -> None:
        if self._reference is None:
            return
        dialog = ConsentDialog(self._labels, self._reference, date.today(), parent=self)
        cases = self._cases
        dialog.submit_requested.connect(
            lambda record: self._save(dialog, lambda: cases.record_consent(record), CASES)
        )
        self._show_form(dialog)

    def _show_form(self, dialog: QDialog) -> None:
        self._form = dialog
        dialog.finished.connect(lambda _r: setattr(self, "_form", None))
        dialog.open()

    @property
    def form(self) -> QDialog | None:
        """The profile or consent dialog while it is open."""
        return self._form

    # --- sessions ----------------------------------------------------------------------------

    def open_session_editor(self, existing: Session | None = None) -> None:
        if self._reference is None or self._view is None:
            return
        reference, drafts = self._reference, self._drafts
        existing = existing if isinstance(existing, Session) else None
        key = session_draft_key(reference, existing.id if existing else None)

        def show(draft_text: str | None) -> None:
            dialog = SessionEditorDialog(self._labels, reference, existing, draft_text, self)
            dialog.draft_changed.connect(
                lambda text: self._operations.run(
                    lambda: drafts.save(key, reference, text), owner=self, changes=UNCHANGED
                )
            )
            dialog.draft_discarded.connect(
                lambda: self._operations.run(
                    lambda: drafts.discard(key), owner=self, changes=UNCHANGED
                )
            )
            dialog.save_requested.connect(lambda s: self._save_session(dialog, s))
            dialog.finished.connect(lambda _r: self._forget_editor(dialog))
            self._editor = dialog
            dialog.open()

        self._operations.run(
            lambda: d.text if (d := drafts.get(key)) else None, show, owner=self, changes=UNCHANGED
        )

    def _forget_editor(self, dialog: SessionEditorDialog) -> None:
        if self._editor is dialog:
            self._editor = None
        if not self._closing:
            self.reload()

    def _save_session(self, dialog: SessionEditorDialog, new: Session) -> None:
        """Stored: the editor closes, and the case is read again as it closes."""
        cases = self._cases

        def store() -> None:
            if new.id is None:
                cases.log_session(new)
            else:
                cases.update_session(new)

        self._save(dialog, store, SESSIONS, reload=False)

    @property
    def editor(self) -> SessionEditorDialog | None:
        return self._editor

    def flush_drafts(self) -> None:
        """Before locking: keep what is being typed as a draft, then close the editor."""
        self._closing = True
        if self._editor is not None:
            editor = self._editor
            editor.flush_draft()
            editor.done(0)
