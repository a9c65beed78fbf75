"""Drives the app's life cycle: prepare the vault, unlock, build the workspace, lock.

The unlocked :class:`VaultSession` is created on the vault thread and only ever used there
(through :class:`Operations`); the GUI thread holds a reference but never calls into it
directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from survivorapp.domain.settings import SETTINGS, SettingValue
from survivorapp.paths import default_vault_dir
from survivorapp.services.access import CreatedVault, VaultAccess, VaultSession
from survivorapp.services.errors import DeviceBindingUnavailable, InvalidPassphrase, UnlockDelayed
from survivorapp.services.synthetic.demo import DEMO_PASSPHRASE, DEMO_USER, ensure_demo_vault
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.app.clipboard_guard import ClipboardGuard
from survivorapp.ui.app.idle_watch import IdleWatcher
from survivorapp.ui.app.main_window import MainWindow
from survivorapp.ui.app.restore_host import open_restore_dialog
from survivorapp.ui.app.survivor_mode_host import survivor_mode_runner
from survivorapp.ui.app.terminology import DEFAULT_TERM, TerminologyTranslator
from survivorapp.ui.app.workspace import (
    BackupRunner,
    backup_runner,
    build_case_view,
    build_workspace_pages,
    closing,
)
from survivorapp.ui.case.page import CaseViewPage
from survivorapp.ui.caseload.page import CaseloadPage
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.diary.presenter import DiaryPresenter
from survivorapp.ui.errors import ErrorPresenter, message_for
from survivorapp.ui.feedback.page import FeedbackPage
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences, rekey_curtain
from survivorapp.ui.referrals.page import ReferralsPage
from survivorapp.ui.survivor_mode.runner import SurvivorModeRequest, SurvivorModeRunner
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.today.presenter import TodayPresenter
from survivorapp.ui.unlock.first_run_wizard import FirstRunAnswers, FirstRunStep, FirstRunWizard
from survivorapp.ui.unlock.page import DemoCredentials, UnlockPage
from survivorapp.ui.waiting_list.page import WaitingListPage
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import apply_theme

DEFAULT_AUTO_LOCK_MINUTES = float(SETTINGS["auto_lock_minutes"].default)
REKEYED = "The data key was changed. Unlock as usual."


class AppController(QObject):
    def __init__(
        self,
        app: QApplication,
        access: VaultAccess,
        folder: Path,
        *,
        demo: bool = False,
        theme: str | None = None,
        auto_lock_minutes: float | None = None,
    ) -> None:
        super().__init__()
        self.app, self.access, self.folder, self.demo = app, access, folder, demo
        self.session: VaultSession | None = None
        self.case_view: CaseViewPage | None = None
        self._shut_down = False
        self.diary: DiaryPresenter | None = None
        self.survivor_mode: SurvivorModeRunner | None = None
        self.today: TodayPresenter | None = None
        self.backups: BackupRunner | None = None
        self.labels = Labels()
        # None: this computer's theme, and the vault's auto-lock once unlocked; a value given
        # here (tests, demos) wins over both.
        self.preferences = DevicePreferences()
        # The vault's wording is only known after unlocking; start with what this computer
        # last used so the unlock screen already speaks the organisation's language.
        self.terminology = TerminologyTranslator(
            self.preferences.remembered("terminology") or DEFAULT_TERM
        )
        app.installTranslator(self.terminology)
        self._auto_lock_override = auto_lock_minutes
        apply_theme(app, theme or str(self.preferences.get("theme")))
        self.errors = ErrorPresenter()
        self.operations = Operations(self.errors.show)
        self.window = MainWindow(self._organisation_label())
        self._new_unlock_page(DemoCredentials(DEMO_USER, DEMO_PASSPHRASE) if demo else None)
        self.wizard: FirstRunWizard | None = None
        self._created: VaultSession | None = None
        self.window.lock_requested.connect(self.lock)
        self.window.search_changed.connect(self.on_window_search_changed)
        self.clipboard = ClipboardGuard(app)
        self.idle = IdleWatcher(app, auto_lock_minutes or DEFAULT_AUTO_LOCK_MINUTES)
        rekey_curtain(self.window, str(self.preferences.get("curtain_key")))
        self.idle.idle.connect(self.lock)
        self.errors.message.connect(self.window.statusBar().showMessage)
        self.operations.busy_changed.connect(lambda busy: self.window.set_saved(not busy))
        app.aboutToQuit.connect(self.shutdown)

    def _organisation_label(self) -> str:
        return self.tr("the demo vault") if self.demo else self.tr("your vault")

    # --- start-up ----------------------------------------------------------------------------

    def start(self) -> None:
        self.window.show()
        if self.demo and not self.access.exists(self.folder):
            self.unlock_page.set_busy(True)
            self.unlock_page.unlock_button.setText(self.tr("Preparing the demo vault…"))
            page = self.unlock_page
            self.operations.run(
                lambda: ensure_demo_vault(self.access, self.folder),
                on_success=lambda _none: page.reset(),
                on_failure=lambda exc: page.show_message(message_for(exc)),
                owner=page,
            )
        else:
            self.unlock_page.focus_first_field()

    # --- first run -------------------------------------------------------------------------

    def start_first_run(self) -> None:
        """The set-up wizard; on finishing, the new vault replaces the demo, unlocked."""
        wizard = FirstRunWizard(
            default_vault_dir(), can_bind_device=self.access.can_bind_to_device, parent=self.window
        )
        wizard.create_requested.connect(self.on_wizard_create_requested)
        wizard.finished_setup.connect(self.on_wizard_finished_setup)
        self.wizard = wizard
        wizard.open()

    def on_wizard_create_requested(self, answers: FirstRunAnswers) -> None:
        def created(result: CreatedVault) -> None:
            self._created = result.session
            self.folder, self.demo = answers.folder, False
            if self.wizard is not None:
                self.wizard.show_recovery_key(result.recovery_key)

        def failed(exc: BaseException) -> None:
            step = (
                FirstRunStep.DEVICE
                if isinstance(exc, DeviceBindingUnavailable)
                else FirstRunStep.ADMIN
                if isinstance(exc, InvalidPassphrase)
                else FirstRunStep.FOLDER
            )
            if self.wizard is not None:
                self.wizard.show_error(message_for(exc), step)

        self.operations.run(
            lambda: self.access.create(
                answers.folder,
                answers.user,
                answers.passphrase,
                device_binding=answers.device_binding,
                display_name=answers.display_name,
                organisation=answers.organisation,
            ),
            on_success=created,
            on_failure=failed,
            owner=self,
        )

    def on_wizard_finished_setup(self) -> None:
        session, self._created = self._created, None
        self.wizard = None
        if session is None:
            return
        self._new_unlock_page(None)
        self._on_unlocked(session)

    def _new_unlock_page(self, demo: DemoCredentials | None) -> None:
        """The unlock screen; restoring is offered while no real vault is here (or the demo)."""
        offer = demo is not None or not self.access.exists(self.folder)
        where = self.tr("Vault: {folder}").replace("{folder}", str(self.folder))
        page = UnlockPage(self._organisation_label(), where, demo, offer_restore=offer)
        page.unlock_requested.connect(self.on_unlock_page_unlock_requested)
        page.recovery_requested.connect(self.on_unlock_page_recovery_requested)
        page.setup_requested.connect(self.start_first_run)
        page.restore_requested.connect(self.start_restore)
        self.unlock_page = page
        self.window.set_unlock_page(page)

    def start_restore(self) -> None:
        open_restore_dialog(self.window, self.operations, self.access, self.on_restored)

    def on_restored(self, folder: Path) -> None:
        self.folder, self.demo = folder, False
        self._new_unlock_page(None)
        self.unlock_page.focus_first_field()

    # --- unlocking and locking ---------------------------------------------------------------

    def on_unlock_page_unlock_requested(self, user: str, passphrase: str) -> None:
        self.operations.run(
            lambda: self.access.unlock(self.folder, user, passphrase),
            on_success=self._on_unlocked,
            on_failure=self._on_unlock_failed,
            owner=self,  # an unlocked session is never dropped: it must be shown or locked
        )

    def _on_unlock_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UnlockDelayed):
            self.unlock_page.show_wait(exc.seconds, exc.just_failed)
        else:
            self.unlock_page.show_message(message_for(exc))

    def on_unlock_page_recovery_requested(self, key: str) -> None:
        self.operations.run(
            lambda: self.access.unlock_with_recovery(self.folder, key),
            on_success=self._on_unlocked,
            on_failure=lambda exc: self.unlock_page.show_message(message_for(exc)),
            owner=self,
        )

    def _on_unlocked(self, session: VaultSession) -> None:
        self.session = session
        self.unlock_page.reset()
        self.window.clear_pages()
        self.backups = backup_runner(self.operations, session, self.preferences, self.backups)
        for key, label, page in build_workspace_pages(self.operations, session, self.backups):
            self.window.add_page(key, label, page)
        caseload = self.caseload_page
        if caseload is not None:
            caseload.case_requested.connect(self.open_case)
        today, diary = self.window.page("today"), self.window.page("court")
        if isinstance(diary, CourtDiaryPage):
            self.diary = DiaryPresenter(
                self.operations, session.justice, diary, self.window.current_page
            )
            self.window.page_shown.connect(self.diary.on_window_page_shown)
            diary.case_requested.connect(self.open_case)
        if isinstance(today, TodayPage):
            self.today = TodayPresenter(
                self.operations, session.dashboard, today, self.window.current_page
            )
            self.window.page_shown.connect(self.today.on_window_page_shown)
            today.case_requested.connect(self.open_case)
            today.page_requested.connect(self.window.show_page)
        waiting = self.window.page("waiting")
        if isinstance(waiting, WaitingListPage):
            waiting.case_requested.connect(self.open_case)
        referrals = self.window.page("referrals")
        if isinstance(referrals, ReferralsPage):
            referrals.case_requested.connect(self.open_case)
        self._prepare_survivor_mode(session)
        self._watch_settings(session)
        self.window.show_workspace(session.actor.display_name or session.actor.username)
        self.window.show_page("caseload")
        self.idle.start()

    def _watch_settings(self, session: VaultSession) -> None:
        """Apply the vault's settings now, and again whenever the Admin page changes them."""
        admin = self.window.page("admin")
        if isinstance(admin, AdminPage):
            admin.settings_changed.connect(self.apply_settings)
            admin.lock_requested.connect(self.lock)  # the data key changed: unlock again
            admin.lock_requested.connect(lambda: self.unlock_page.show_message(self.tr(REKEYED)))
        self.operations.run(session.settings.get_all, on_success=self.apply_settings, owner=self)

    def apply_settings(self, values: dict[str, SettingValue]) -> None:
        """Apply settings that have changed (any subset of the registry's keys)."""
        minutes = values.get("auto_lock_minutes")
        if isinstance(minutes, int) and self._auto_lock_override is None:
            self.idle.set_minutes(minutes)
        if isinstance(theme := values.get("theme"), str):
            apply_theme(self.app, theme)
        if isinstance(key := values.get("curtain_key"), str):
            rekey_curtain(self.window, key)
        if isinstance(seconds := values.get("clipboard_clear_seconds"), int):
            self.clipboard.set_seconds(seconds)
        term = values.get("terminology")
        if isinstance(term, str) and term != self.terminology.term:
            self.terminology.term = term
            self.preferences.remember("terminology", term)
            self._rebuild_workspace()

    def _rebuild_workspace(self) -> None:
        """Build the pages again (after the wording changed), on the page the person was on."""
        session = self.session
        if session is None:
            return
        current = next(
            (
                key
                for key in ("admin", "caseload", "today", "court", "waiting")
                if self.window.current_page() is self.window.page(key)
            ),
            "caseload",
        )
        self._stop_diary()
        if self.case_view is not None:
            self.window.pages.removeWidget(self.case_view)
            self.case_view.deleteLater()
            self.case_view = None
        self._on_unlocked(session)
        self.window.show_page(current)

    def _stop_diary(self) -> None:
        if self.diary is not None:
            self.window.page_shown.disconnect(self.diary.on_window_page_shown)
            self.diary.stop()
            self.diary = None
        if self.today is not None:
            self.window.page_shown.disconnect(self.today.on_window_page_shown)
            self.today.stop()
            self.today = None

    @property
    def caseload_page(self) -> CaseloadPage | None:
        page = self.window.page("caseload")
        return page if isinstance(page, CaseloadPage) else None

    def open_case(self, reference: str) -> None:
        if self.session is None:
            return
        if self.case_view is None:
            self.case_view = build_case_view(self.operations, self.session, self.labels)
            self.case_view.back_requested.connect(lambda: self.window.show_page("caseload"))
            self.case_view.feedback_tab.survivor_mode_requested.connect(self.run_survivor_mode)
        self.case_view.open_case(reference)
        self.window.show_widget(self.case_view)

    # --- survivor mode -----------------------------------------------------------------------

    def _prepare_survivor_mode(self, session: VaultSession) -> None:
        """Survivor mode hides every window and pauses the idle lock until the worker's
        passphrase; the Feedback page and the case's Feedback tab ask for it."""
        self.survivor_mode = survivor_mode_runner(
            self.app,
            self.operations,
            session.verify_passphrase,
            session.actor,
            idle=self.idle,
            clipboard=self.clipboard,
            dialog_parent=self.window,
            still_unlocked=lambda: self.session is not None,
        )
        feedback = self.window.page("feedback")
        if isinstance(feedback, FeedbackPage):
            feedback.case_requested.connect(self.open_case)
            feedback.survivor_mode_requested.connect(self.run_survivor_mode)

    def run_survivor_mode(self, request: SurvivorModeRequest) -> None:
        if self.survivor_mode is not None and self.session is not None:
            self.survivor_mode.run(request)

    def on_window_search_changed(self, text: str) -> None:
        caseload = self.caseload_page
        if caseload is None:
            return
        if self.window.current_page() is not caseload:
            self.window.show_page("caseload")
        caseload.search_edit.setText(text)

    def lock(self) -> None:
        """Hide every record at once; close the vault on its thread."""
        if self.session is None:
            return
        self.idle.stop()
        self.clipboard.clear_now()
        self._stop_diary()
        if self.case_view is not None:
            self.case_view.flush_drafts()  # queued on the vault thread before the lock
        session, self.session = self.session, None
        self.window.clear_pages()
        if self.case_view is not None:
            self.window.pages.removeWidget(self.case_view)
            self.case_view.deleteLater()
            self.case_view = None
        if self.window.curtain_down:
            self.window.toggle_curtain()
        self.window.show_unlock()
        self.unlock_page.reset()
        self.unlock_page.focus_first_field()
        self.operations.run(closing(self.backups, session), owner=self)

    def shutdown(self) -> None:
        """Keep drafts, lock, stop the vault thread and take the window down (once)."""
        if self._shut_down:
            return
        self._shut_down = True
        self._stop_diary()
        if self.case_view is not None:
            self.case_view.flush_drafts()
        if self.session is not None:
            session, self.session = self.session, None
            self.operations.call(closing(self.backups, session), timeout=600)
        self.operations.shutdown()
        self.idle.stop()
        self.app.removeEventFilter(self.idle)
        self.app.removeTranslator(self.terminology)
        self.clipboard.clear_now()
        self.clipboard.stop()
        self.window.close()
        self.window.deleteLater()
