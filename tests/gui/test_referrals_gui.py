"""Referrals through the app, as a worker and a manager would use them: make one from the
case view, move it through its statuses, find it on the Referrals page with its filters, open
its case from there; record consent without leaving the referral; import a directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.case.consent_dialog import ConsentDialog
from survivorapp.ui.changes import Changes
from survivorapp.ui.referrals.page import ReferralsPage
from survivorapp.ui.referrals.referral_dialog import ReferralDialog
from survivorapp.ui.referrals.status_dialog import ReferralStatusDialog
from survivorapp.ui.referrals.tab import ReferralsTab
from tests.gui.test_app_flow import make_controller, unlocked
from tests.gui.test_justice_ui import click
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

TODAY = dt.date.today()


def _case(session, known_as: str, consent: bool) -> str:  # type: ignore[no-untyped-def]
    case = session.cases.open_new_case(
        Survivor(reference="", known_as=known_as),
        Case(
            reference="",
            survivor_reference="",
            referral_date=TODAY - dt.timedelta(days=120),
            service_line="counselling",
            status="waiting",
        ),
    )
    session.cases.allocate(case.reference, ADMIN)
    if consent:
        session.cases.record_consent(
            ConsentRecord(
                case.reference,
                "referral_named_agencies",
                "given",
                TODAY - dt.timedelta(days=100),
                "verbal",
                scope="Talking therapies",
            )
        )
    return case.reference


@pytest.fixture
def referral_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, str, str]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        with_consent = _case(session, "Robin", consent=True)
        without = _case(session, "Kit", consent=False)
        session.directory.add(
            DirectoryOrganisation(
                "Camden Talking Therapies", "talking_therapies", None, "E09000007"
            )
        )
    return vault_dir, with_consent, without


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, referral_vault: tuple[Path, str, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, referral_vault[0])
    yield ctl
    ctl.shutdown()


def referrals_tab(qtbot, controller: AppController, reference: str) -> ReferralsTab:  # type: ignore[no-untyped-def]
    controller.open_case(reference)
    view = controller.case_view
    assert view is not None
    qtbot.waitUntil(lambda: view.tabs.isVisible() and view.reference == reference, timeout=10_000)
    tab = view.referrals_tab
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(
        lambda: tab._data is not None and tab._data.reference == reference, timeout=10_000
    )
    return tab


def set_date(field, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    field.setDate(QDate(day.year, day.month, day.day))


def choose(combo, code: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def test_make_a_referral_move_it_on_and_find_it_on_the_referrals_page(
    qtbot, controller: AppController, referral_vault: tuple[Path, str, str]
) -> None:  # type: ignore[no-untyped-def]
    _folder, reference, _other = referral_vault
    unlocked(qtbot, controller)
    tab = referrals_tab(qtbot, controller, reference)
    assert tab.empty.isVisible() and not tab.update_button.isEnabled()

    # Make a referral to the directory's talking therapies service, 60 days ago.
    click(qtbot, tab.make_button)
    dialog = tab.dialog
    assert isinstance(dialog, ReferralDialog)
    choose(dialog.destination, "talking_therapies")
    assert dialog.organisation.count() == 3  # none, the directory entry, not listed
    dialog.organisation.setCurrentIndex(1)
    set_date(dialog.date, TODAY - dt.timedelta(days=60))
    assert dialog.made.isChecked()
    assert "agreed to referrals" in dialog.consent.text.text()
    assert "Talking therapies" in dialog.consent.text.text()
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None and tab.model.rowCount() == 1, timeout=10_000)
    assert tab.model.data(tab.model.index(0, 1)) == "Camden Talking Therapies"
    assert tab.model.data(tab.model.index(0, 2)) == "Referral made"
    assert tab.model.data(tab.model.index(0, 5)) == "60 days"

    # Acknowledged, then accepted onto a waiting list; only allowed moves are offered.
    for status, days_ago in (("acknowledged", 55), ("accepted", 40), ("waiting", 40)):
        click(qtbot, tab.update_button)
        dialog = tab.dialog
        assert isinstance(dialog, ReferralStatusDialog)
        assert "ongoing" not in dialog.offered_statuses()
        choose(dialog.status, status)
        set_date(dialog.date, TODAY - dt.timedelta(days=days_ago))
        click(qtbot, dialog.submit_button)
        qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
        qtbot.waitUntil(
            lambda s=status: tab.selected() is not None and tab.selected().status == s,  # type: ignore[union-attr]
            timeout=10_000,
        )
    assert tab.model.data(tab.model.index(0, 6)) == "20 days"  # days to acceptance
    assert "Days to acceptance: 20 days" in tab.details.text()

    # A rejection needs a reason: the dialog says so and keeps what was chosen.
    click(qtbot, tab.update_button)
    dialog = tab.dialog
    assert isinstance(dialog, ReferralStatusDialog)
    choose(dialog.status, "rejected")
    assert dialog.reason.isVisible()
    dialog.close()
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5_000)

    # The Referrals page lists it, filters narrow it, and double-clicking opens the case.
    controller.window.show_page("referrals")
    page = controller.window.page("referrals")
    assert isinstance(page, ReferralsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.data(page.model.index(0, 0)) == reference
    assert page.model.data(page.model.index(0, 6)) == "60 days"
    choose(page.destination, "sexual_health")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert "No referrals match" in page.summary.text()
    choose(page.destination, "")
    page.waiting.setValue(59)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.waiting.setValue(60)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    page.waiting.setValue(0)
    choose(page.status, "waiting")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.doubleClicked.emit(page.model.index(0, 0))
    view = controller.case_view
    assert view is not None
    qtbot.waitUntil(lambda: controller.window.pages.currentWidget() is view, timeout=10_000)
    assert view.reference == reference


def test_consent_is_explained_and_can_be_recorded_without_leaving_the_referral(
    qtbot, controller: AppController, referral_vault: tuple[Path, str, str]
) -> None:  # type: ignore[no-untyped-def]
    _folder, _with_consent, reference = referral_vault
    unlocked(qtbot, controller)
    tab = referrals_tab(qtbot, controller, reference)
    click(qtbot, tab.make_button)
    dialog = tab.dialog
    assert isinstance(dialog, ReferralDialog)
    choose(dialog.destination, "gp")
    message = dialog.consent.text.text()
    assert message.startswith("Record the survivor's consent to this referral first")
    click(qtbot, dialog.submit_button)  # refused here, with the same words, nothing lost
    assert "consent to this referral first" in dialog.message.text()
    assert dialog.destination.currentData() == "gp"

    click(qtbot, dialog.consent.button)
    consent = tab.consent_dialog
    assert isinstance(consent, ConsentDialog)
    assert consent.purpose.currentData() == "referral_named_agencies"
    click(qtbot, consent.decision.buttons()[0])  # given
    choose(consent.method, "verbal")
    qtbot.keyClicks(consent.scope, "GP surgery")
    click(qtbot, consent.submit_button)
    qtbot.waitUntil(lambda: tab.consent_dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: "agreed to referrals" in dialog.consent.text.text(), timeout=10_000)
    assert "GP surgery" in dialog.consent.text.text()
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None and tab.model.rowCount() == 1, timeout=10_000)


def test_a_manager_imports_the_directory_and_sees_every_bad_line(
    qtbot, controller: AppController, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    controller.window.show_page("referrals")
    page = controller.window.page("referrals")
    assert isinstance(page, ReferralsPage)
    panel = page.directory
    page.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.import_button.isVisible()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,type\nThe Havens,sexual_health\nSomewhere,counselling\n,gp\n")
    panel._choose_file = lambda _parent: str(bad)
    click(qtbot, panel.import_button)
    qtbot.waitUntil(lambda: panel.report.isVisible(), timeout=10_000)
    assert "Nothing was added yet" in panel.message.text()
    assert "Line 3:" in panel.report.toPlainText() and "Line 4:" in panel.report.toPlainText()
    assert panel.model.rowCount() == 1
    good = tmp_path / "good.csv"
    good.write_text("\ufeffname,type,borough\nThe Havens,sexual_health,Southwark\n", "utf-8")
    panel._choose_file = lambda _parent: str(good)
    click(qtbot, panel.import_button)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    assert panel.message.text() == "Added 1 organisation to the directory."
    assert not panel.report.isVisible()


def test_the_referrals_page_reads_again_only_after_a_change_it_shows(
    qtbot, controller: AppController
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    controller.window.show_page("referrals")
    page = controller.window.page("referrals")
    assert isinstance(page, ReferralsPage)
    qtbot.waitUntil(lambda: "No referrals match" in page.summary.text(), timeout=10_000)

    def announce(kinds: Changes) -> None:  # what a write says it changed
        done: list[object] = []
        controller.operations.run(lambda: None, done.append, owner=controller, changes=kinds)
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    controller.window.show_page("caseload")
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
    announce(Changes(justice=True, sessions=True))
    # The caseload, which is on screen, may read again after those changes: let it finish.
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
    controller.window.show_page("referrals")
    assert not controller.operations.is_busy  # nothing it shows changed: nothing to read

    controller.window.show_page("caseload")
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
    announce(Changes(referrals=True))
    controller.window.show_page("referrals")
    assert controller.operations.is_busy  # read again on coming back
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
