"""One case: header with the safe-contact summary, and tabs for everything recorded.

All reads and writes go through the vault thread. Opening the case is itself recorded in the
audit log by the service; the window title never shows the survivor's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from survivorapp.domain.justice_diary import CaseJourney
from survivorapp.domain.risk import recent_risk_flags
from survivorapp.domain.session import Session
from survivorapp.services.access import VaultSession
from survivorapp.services.cases import CaseDetail
from survivorapp.services.permissions import Action, CaseAccess, allowed
from survivorapp.ui.case.consent_dialog import ConsentDialog
from survivorapp.ui.case.history_tab import HistoryTab
from survivorapp.ui.case.overview_tab import CaseOverviewTab
from survivorapp.ui.case.profile_dialog import ProfileDialog
from survivorapp.ui.case.session_editor_dialog import SessionEditorDialog, draft_key_for
from survivorapp.ui.case.sessions_tab import SessionsTab
from survivorapp.ui.errors import message_for
from survivorapp.ui.feedback.tab import FeedbackTab
from survivorapp.ui.justice.tab import JusticeTab
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.tab import ReferralsTab
from survivorapp.ui.widgets.case_header import CaseHeaderWidget
from survivorapp.ui.widgets.labels import Labels

_ANY_CASE = CaseAccess()  # history rights depend on role only (restriction is checked later)


@dataclass(frozen=True)
class CaseBundle:
    """What the case view needs, fetched in one trip to the vault thread."""

    detail: CaseDetail
    sessions: list[Session]
    history: list[Any] | None
    new_session_draft: str | None
    workers: dict[str, str]  # casefolded user name -> display name
    journey: CaseJourney


class CaseViewPage(QWidget):
    back_requested = Signal()

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        labels: Labels,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._labels = labels
        self._reference: str | None = None
        self._bundle: CaseBundle | None = None
        self._editor: SessionEditorDialog | None = None
        self._closing = False
        self._can_see_history = allowed(session.actor, Action.VIEW_CASE_HISTORY, _ANY_CASE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.header = CaseHeaderWidget(labels)
        self.header.back_requested.connect(self.back_requested.emit)
        layout.addWidget(self.header)
        self.loading = QLabel(self.tr("Opening the case…"))
        self.loading.setProperty("role", "muted")
        layout.addWidget(self.loading)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Case sections"))
        self.overview = CaseOverviewTab(labels)
        self.overview.edit_profile_requested.connect(self.open_profile_editor)
        self.overview.record_consent_requested.connect(self.open_consent_dialog)
        self._form: QDialog | None = None
        self.sessions_tab = SessionsTab(labels)
        self.sessions_tab.log_session_requested.connect(self.open_session_editor)
        self.sessions_tab.session_activated.connect(self.open_session_editor)
        self.history_tab = HistoryTab()
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(self.sessions_tab, self.tr("Sessions"))
        self.justice_tab = JusticeTab(labels)
        self._wire_justice(self.justice_tab)
        self.justice_tab.crime_reference_revealed.connect(self._note_crime_reference_viewed)
        self.tabs.addTab(self.justice_tab, self.tr("Justice journey"))
        self.referrals_tab = ReferralsTab(operations, session, labels)
        self.referrals_tab.consent_recorded.connect(self.reload)
        self.tabs.addTab(self.referrals_tab, self.tr("Referrals"))
        self.feedback_tab = FeedbackTab(operations, session, labels)
        self.tabs.addTab(self.feedback_tab, self.tr("Feedback"))
        if self._can_see_history:
            self.tabs.addTab(self.history_tab, self.tr("History"))
        layout.addWidget(self.tabs, 1)
        self.tabs.setVisible(False)

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
        reference, session, history = self._reference, self._session, self._can_see_history
        if reference is None:
            return

        def fetch() -> CaseBundle:
            detail = session.cases.get(reference)
            draft = session.drafts.get(draft_key_for(reference, None))
            return CaseBundle(
                detail=detail,
                sessions=session.cases.session_list(reference),
                history=session.cases.history(reference) if history else None,
                new_session_draft=draft.text if draft else None,
                workers={u.username.casefold(): u.display_name for u in session.accounts.list()},
                journey=session.justice.journey(reference),
            )

        self._operations.run(fetch, on_success=self._show, on_failure=self._show_failure)

    def _show(self, bundle: CaseBundle) -> None:
        if bundle.detail.case.reference != self._reference:
            return
        self._bundle = bundle
        self.header.show_case(
            bundle.detail, recent_risk_flags(bundle.sessions, date.today()), bundle.workers
        )
        self.overview.show_case(bundle.detail, bundle.workers)
        self.sessions_tab.show_sessions(bundle.sessions, bundle.workers)
        self.justice_tab.set_journey(bundle.journey, date.today())
        self.referrals_tab.set_case(bundle.detail.case.reference)
        self.feedback_tab.show_case(bundle.detail.case.reference)
        if bundle.history is not None:
            self.history_tab.show_entries(bundle.history)
        self.loading.setVisible(bundle.new_session_draft is not None)
        if bundle.new_session_draft is not None:
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

    # --- justice journey -------------------------------------------------------------------

    def _wire_justice(self, tab: JusticeTab) -> None:
        """Each request from the tab becomes one service call; the tab closes its dialog on
        success and shows the problems on failure."""
        session = self._session
        tab.event_requested.connect(
            lambda e: self._justice(lambda: session.justice.record_event(e))
        )
        tab.correction_requested.connect(
            lambda event_id, e: self._justice(lambda: session.justice.correct_event(event_id, e))
        )
        tab.matter_requested.connect(lambda m: self._justice(lambda: session.justice.add_matter(m)))
        tab.matter_update_requested.connect(
            lambda m: self._justice(lambda: session.justice.update_matter(m), close=False)
        )
        tab.position_requested.connect(
            lambda p: self._justice(lambda: session.justice.record_position(p))
        )
        tab.special_measures_requested.connect(
            lambda measures: self._justice(
                lambda: session.justice.set_special_measures(list(measures))
            )
        )
        tab.vps_requested.connect(lambda v: self._justice(lambda: session.justice.save_vps(v)))
        tab.court_support_requested.connect(
            lambda c: self._justice(lambda: session.justice.save_court_support(c))
        )
        tab.victims_code_requested.connect(
            lambda rights: self._justice(
                lambda: session.justice.set_victims_code_rights(list(rights))
            )
        )
        tab.family_proceeding_requested.connect(
            lambda f: self._justice(lambda: session.justice.add_family_proceeding(f))
        )

    def _note_crime_reference_viewed(self, matter_id: object) -> None:
        if isinstance(matter_id, int):
            session = self._session
            self._operations.run(lambda: session.justice.note_crime_reference_viewed(matter_id))

    def _justice(self, work: Callable[[], object], *, close: bool = True) -> None:
        tab = self.justice_tab

        def saved(_result: object) -> None:
            if close:
                tab.saved()
            self.reload()

        def failed(exc: BaseException) -> None:
            problems = getattr(exc, "problems", None)
            tab.show_problems(list(problems) if problems else message_for(exc))

        self._operations.run(work, on_success=saved, on_failure=failed, changed="justice")

    # --- profile and consent -------------------------------------------------------------

    def open_profile_editor(self) -> None:
        if self._bundle is None:
            return
        detail = self._bundle.detail
        dialog = ProfileDialog(
            self._labels, detail.survivor, detail.safe_contact, date.today(), parent=self
        )
        reference, session = detail.case.reference, self._session
        dialog.submit_requested.connect(
            lambda data: self._run_form(
                dialog,
                lambda: session.cases.update_survivor(reference, data.survivor, data.safe_contact),
            )
        )
        self._show_form(dialog)

    def open_consent_dialog(self) -> None:
        if self._reference is None:
            return
        dialog = ConsentDialog(self._labels, self._reference, date.today(), parent=self)
        session = self._session
        dialog.submit_requested.connect(
            lambda record: self._run_form(dialog, lambda: session.cases.record_consent(record))
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

    def _run_form(self, dialog: Any, work: Callable[[], object]) -> None:
        """Save on the vault thread; close on success, show problems in the form on failure."""

        def failed(exc: BaseException) -> None:
            problems = getattr(exc, "problems", None)
            dialog.show_problems(list(problems) if problems else message_for(exc))

        def saved(_result: object) -> None:
            dialog.accept()
            self.reload()

        self._operations.run(work, on_success=saved, on_failure=failed, changed="cases")

    # --- sessions ----------------------------------------------------------------------------

    def open_session_editor(self, existing: Session | None = None) -> None:
        if self._reference is None or self._bundle is None:
            return
        reference, session = self._reference, self._session
        key = draft_key_for(reference, existing.id if isinstance(existing, Session) else None)
        existing = existing if isinstance(existing, Session) else None

        def show(draft_text: str | None) -> None:
            dialog = SessionEditorDialog(self._labels, reference, existing, draft_text, self)
            dialog.draft_changed.connect(
                lambda text: self._operations.run(lambda: session.drafts.save(key, reference, text))
            )
            dialog.draft_discarded.connect(
                lambda: self._operations.run(lambda: session.drafts.discard(key))
            )
            dialog.save_requested.connect(lambda s: self._save_session(dialog, s))
            dialog.finished.connect(lambda _r: self._forget_editor(dialog))
            self._editor = dialog
            dialog.open()

        self._operations.run(
            lambda: d.text if (d := session.drafts.get(key)) else None, on_success=show
        )

    def _forget_editor(self, dialog: SessionEditorDialog) -> None:
        if self._editor is dialog:
            self._editor = None
        if not self._closing:
            self.reload()

    def _save_session(self, dialog: SessionEditorDialog, new: Session) -> None:
        session = self._session

        def store() -> None:
            if new.id is None:
                session.cases.log_session(new)
            else:
                session.cases.update_session(new)

        self._operations.run(
            store,
            on_success=lambda _none: dialog.saved(),
            on_failure=lambda exc: dialog.show_problems(message_for(exc)),
            changed="sessions",
        )

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
