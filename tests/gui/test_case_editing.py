"""Opening a new case, editing a profile and recording consent through the app, end to end."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from survivorapp.domain.contact import SafeContact
from survivorapp.services.access import VaultAccess
from survivorapp.services.errors import NotFound
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.changes import Changes
from tests.gui.test_app_flow import case_vault, make_controller, open_first_case, unlocked
from tests.gui.test_case_dialogs import choose, click, type_into
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

__all__ = ["case_vault"]  # the fixture, re-used from the app-flow tests


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, case_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, case_vault[0])
    yield ctl
    ctl.shutdown()


def test_a_new_case_opens_from_the_caseload(
    qtbot, controller: AppController, access: VaultAccess, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    caseload = controller.caseload_page
    assert caseload is not None and caseload.new_case_button.isVisible()
    caseload.new_case_button.click()
    dialog = caseload.new_case_dialog
    assert dialog is not None
    type_into(qtbot, dialog.identity.known_as, "Robin")
    choose(qtbot, dialog.service_line, "Counselling")
    click(qtbot, dialog.submit_button)
    # the new case opens by itself, with its own reference
    qtbot.waitUntil(
        lambda: controller.case_view is not None and controller.case_view.tabs.isVisible(),
        timeout=10_000,
    )
    view = controller.case_view
    assert view is not None
    qtbot.waitUntil(lambda: "Robin" in view.header.title.text(), timeout=10_000)
    assert view.reference == "C-000002"
    session = controller.session
    assert session is not None
    detail = controller.operations.call(lambda: session.cases.get("C-000002"))
    assert detail.survivor.known_as == "Robin"
    assert detail.case.service_line == "counselling"
    # back on the caseload, the new case is in the list and its count
    view.header.back_requested.emit()
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: caseload.model.data(caseload.model.index(1, 0)) == "C-000002")
    assert caseload.count_label.text().startswith("2 ")


def test_a_change_made_elsewhere_reaches_a_caseload_on_screen_without_blanking_it(
    qtbot, controller: AppController, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    caseload = controller.caseload_page
    assert caseload is not None
    model = caseload.model
    qtbot.waitUntil(lambda: model.data(model.index(0, 2)) != "…", timeout=10_000)
    session = controller.session
    assert session is not None
    reference = case_vault[1]
    painted: list[str] = []
    model.dataChanged.connect(lambda *_args: painted.append(model.data(model.index(0, 0))))
    controller.operations.run(  # a colleague's session logged through the app, say
        lambda: session.cases.update_case(
            dataclasses.replace(session.cases.get(reference).case, status="active")
        ),
        owner=controller,
        changes=Changes(cases=True),
    )
    qtbot.waitUntil(lambda: model.data(model.index(0, 3)) == "Active", timeout=10_000)
    assert "…" not in painted  # the row never went blank while it was read again


def test_editing_the_profile_saves_and_shows_the_change(
    qtbot, controller: AppController, access: VaultAccess, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    view.open_profile_editor()
    dialog = view.form
    assert dialog is not None
    type_into(qtbot, dialog.identity.known_as, "Zee")  # type: ignore[attr-defined]
    click(qtbot, dialog.submit_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.form is None, timeout=10_000)
    qtbot.waitUntil(lambda: "Zee" in view.header.title.text(), timeout=10_000)
    # the safe-contact wishes went through the same save untouched
    assert "Phone: safe 9-12 weekdays" in view.header.safe_contact.text()


def test_recording_consent_shows_in_the_overview(
    qtbot, controller: AppController, access: VaultAccess, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    view.open_consent_dialog()
    dialog = view.form
    assert dialog is not None
    choose(qtbot, dialog.purpose, "Inclusion in anonymised statistics")  # type: ignore[attr-defined]
    click(qtbot, dialog.decision.buttons()[1])  # type: ignore[attr-defined]  # Refused
    choose(qtbot, dialog.method, "Verbally (noted by the worker)")  # type: ignore[attr-defined]
    click(qtbot, dialog.submit_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.form is None, timeout=10_000)
    session = controller.session
    assert session is not None
    consents = controller.operations.call(lambda: session.cases.get(case_vault[1]).consents)
    assert [(c.purpose, c.state, c.recorded_by) for c in consents] == [
        ("anonymised_statistics", "refused", ADMIN)
    ]


def test_safe_contact_can_only_be_set_through_the_survivors_own_case(
    access: VaultAccess, case_vault: tuple[Path, str]
) -> None:
    """A case reference must not become a way to change another survivor's contact wishes."""
    folder, reference = case_vault
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        detail = session.cases.get(reference)
        other = SafeContact(survivor_reference="S-999999", never_contact_via=("phone",))
        with pytest.raises(NotFound):
            session.cases.set_safe_contact(reference, other)
        assert session.cases.get(reference).safe_contact == detail.safe_contact
        # through the survivor's own case the same change is accepted
        mine = dataclasses.replace(other, survivor_reference=detail.survivor.reference)
        session.cases.set_safe_contact(reference, mine)
        assert session.cases.get(reference).safe_contact.never_contact_via == ("phone",)  # type: ignore[union-attr]


def test_a_refused_session_keeps_the_editor_open_with_the_problem_shown(
    qtbot, controller: AppController, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    view.sessions_tab.log_button.click()
    qtbot.waitUntil(lambda: view.editor is not None, timeout=10_000)
    editor = view.editor
    assert editor is not None
    too_long = "Pasted from an email. " * 100  # over the note's 2,000 characters
    editor.note.setPlainText(too_long)
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.problems.isVisible(), timeout=10_000)
    assert "note" in editor.problems.text().lower()
    assert view.editor is editor and editor.isVisible()
    assert editor.note.toPlainText() == too_long  # nothing typed is lost
    assert view.sessions_tab.model.rowCount() == 0
