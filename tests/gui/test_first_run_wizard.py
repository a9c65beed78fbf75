"""The first-run wizard, driven as a person would, creating a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWizard

from survivorapp.services.access import VaultAccess
from survivorapp.ui.errors import message_for
from survivorapp.ui.unlock.first_run_wizard import (
    FirstRunAnswers,
    FirstRunStep,
    FirstRunWizard,
    normalise_key_text,
)
from survivorapp.vault.errors import VaultAlreadyExists, VaultError
from survivorapp.vault.recovery import normalise

USER = "sam.jones"
DISPLAY = "Sam Jones"
ORGANISATION = "Riverside ISVA Service"
PASSPHRASE = "purple elephant dancing quietly"
NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
FINISH = QWizard.WizardButton.FinishButton
LEFT = Qt.MouseButton.LeftButton


def make_wizard(qtbot, folder: Path, *, can_bind_device: bool = True, **kwargs) -> FirstRunWizard:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(folder, can_bind_device=can_bind_device, **kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)


def fill_admin(qtbot, wizard: FirstRunWizard, passphrase: str, confirm: str | None = None) -> None:  # type: ignore[no-untyped-def]
    page = wizard.admin_page
    type_into(qtbot, page.user_edit, USER)
    type_into(qtbot, page.display_edit, DISPLAY)
    type_into(qtbot, page.fields.passphrase_edit, passphrase)
    type_into(qtbot, page.fields.confirm_edit, passphrase if confirm is None else confirm)


def walk_to_admin(qtbot, wizard: FirstRunWizard) -> None:  # type: ignore[no-untyped-def]
    assert wizard.currentId() == FirstRunStep.FOLDER
    assert wizard.button(NEXT).isEnabled()
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    assert wizard.currentId() == FirstRunStep.ORGANISATION
    assert not wizard.button(NEXT).isEnabled()  # the organisation needs a name
    type_into(qtbot, wizard.organisation_page.organisation_edit, ORGANISATION)
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    assert wizard.currentId() == FirstRunStep.ADMIN


def creating_with(access: VaultAccess, wizard: FirstRunWizard, created: list[str]):  # type: ignore[no-untyped-def]
    """The owner's side: create the real vault, then hand back its key or the error."""

    def on_create_requested(answers: FirstRunAnswers) -> None:
        try:
            result = access.create(
                answers.folder,
                answers.user,
                answers.passphrase,
                device_binding=answers.device_binding,
                kdf_target_seconds=0,
                display_name=answers.display_name,
                organisation=answers.organisation,
            )
        except VaultError as exc:
            wizard.show_error(message_for(exc))
            return
        result.session.lock()
        created.append(result.recovery_key)
        wizard.show_recovery_key(result.recovery_key)

    return on_create_requested


def groups_of(key: str) -> list[str]:
    return key.split("-")


def test_a_person_sets_up_a_vault_and_can_unlock_it(
    qtbot, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "new-vault"
    printed: list[str] = []
    wizard = make_wizard(
        qtbot, folder, can_bind_device=access.can_bind_to_device, print_key=printed.append
    )
    created: list[str] = []
    wizard.create_requested.connect(creating_with(access, wizard, created))
    finished: list[bool] = []
    wizard.finished_setup.connect(lambda: finished.append(True))

    walk_to_admin(qtbot, wizard)
    fill_admin(qtbot, wizard, PASSPHRASE)
    assert wizard.button(NEXT).isEnabled()
    assert wizard.admin_page.fields.meter.value() >= 3
    qtbot.mouseClick(wizard.button(NEXT), LEFT)

    assert wizard.currentId() == FirstRunStep.DEVICE
    assert wizard.device_page.bind_check is not None
    assert wizard.device_page.bind_check.isVisible()
    with qtbot.waitSignal(wizard.create_requested, timeout=5000) as request:
        qtbot.mouseClick(wizard.button(COMMIT), LEFT)
    answers = request.args[0]
    assert answers == FirstRunAnswers(folder, ORGANISATION, USER, DISPLAY, PASSPHRASE, True)
    assert PASSPHRASE not in repr(answers)
    # the passphrase left the widgets as soon as it was handed over
    assert wizard.admin_page.fields.passphrase_edit.text() == ""
    assert wizard.admin_page.fields.confirm_edit.text() == ""

    qtbot.waitUntil(lambda: wizard.currentId() == FirstRunStep.RECOVERY)
    (key,) = created
    shown = "-".join(label.text() for label in wizard.recovery_page.group_labels)
    assert shown == key
    assert not wizard.button(FINISH).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()

    qtbot.mouseClick(wizard.recovery_page.print_button, LEFT)
    assert printed == [key]

    first, second = wizard.check_groups
    assert first != second and 1 <= first < second <= 8
    groups = groups_of(key)
    page = wizard.recovery_page
    wrong = groups[first % 8]  # a real group, but not the one asked for
    type_into(qtbot, page.first_edit, wrong)
    type_into(qtbot, page.second_edit, groups[second - 1])
    assert not wizard.button(FINISH).isEnabled()
    assert "doesn't match" in page.check_label.text()

    wizard.reject()  # Esc while the key is on screen does not lose it
    assert wizard.isVisible()

    # lower case, spaces and look-alikes are forgiven, as when unlocking
    type_into(qtbot, page.first_edit, " " + groups[first - 1].lower().replace("0", "o") + " ")
    assert wizard.button(FINISH).isEnabled()

    with qtbot.waitSignal(wizard.finished_setup, timeout=2000):
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
    assert finished == [True]
    assert all(label.text() == "" for label in page.group_labels)  # the key left the screen

    session = access.unlock(folder, USER, PASSPHRASE)
    try:
        assert session.actor.display_name == DISPLAY
    finally:
        session.lock()


def test_next_waits_for_an_acceptable_matching_passphrase(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, tmp_path / "vault")
    walk_to_admin(qtbot, wizard)
    page = wizard.admin_page

    fill_admin(qtbot, wizard, "password123")
    assert not wizard.button(NEXT).isEnabled()
    assert page.fields.hint_label.text()
    assert page.fields.meter.value() == 0

    fill_admin(qtbot, wizard, "short")
    assert not wizard.button(NEXT).isEnabled()
    assert "more characters" in page.fields.hint_label.text()

    fill_admin(qtbot, wizard, PASSPHRASE, confirm=PASSPHRASE + "s")
    assert not wizard.button(NEXT).isEnabled()
    assert page.fields.match_label.text() == "The two passphrases don't match yet."

    type_into(qtbot, page.fields.confirm_edit, PASSPHRASE)
    assert wizard.button(NEXT).isEnabled()

    type_into(qtbot, page.user_edit, "sam jones")
    assert not wizard.button(NEXT).isEnabled()
    assert "spaces" in page.user_help.text()


def test_no_device_binding_offered_without_a_system_keyring(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, tmp_path / "vault", can_bind_device=False)
    walk_to_admin(qtbot, wizard)
    fill_admin(qtbot, wizard, PASSPHRASE)
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    page = wizard.device_page
    assert wizard.currentId() == FirstRunStep.DEVICE
    assert page.bind_check is None
    assert not [box for box in page.findChildren(QCheckBox) if box.isVisibleTo(page)]
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "no system keyring" in texts
    assert not wizard.answers().device_binding


def test_a_folder_that_already_holds_a_vault_sends_the_person_back(  # type: ignore[no-untyped-def]
    qtbot, access: VaultAccess, vault_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    wizard = make_wizard(qtbot, vault_dir, choose_folder=lambda: str(elsewhere))
    created: list[str] = []
    wizard.create_requested.connect(creating_with(access, wizard, created))
    walk_to_admin(qtbot, wizard)
    fill_admin(qtbot, wizard, PASSPHRASE)
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    qtbot.mouseClick(wizard.button(COMMIT), LEFT)

    qtbot.waitUntil(lambda: wizard.currentId() == FirstRunStep.FOLDER)
    message = wizard.folder_page.message
    assert message.isVisible()
    assert message.text() == VaultAlreadyExists.user_message
    assert created == []

    qtbot.mouseClick(wizard.folder_page.choose_button, LEFT)
    assert wizard.folder_page.folder == elsewhere
    assert not message.isVisible()
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    assert wizard.currentId() == FirstRunStep.ADMIN
    assert not wizard.button(NEXT).isEnabled()  # the passphrase was not kept on screen
    assert "type it again" in wizard.admin_page.message.text()
    type_into(qtbot, wizard.admin_page.fields.passphrase_edit, PASSPHRASE)
    type_into(qtbot, wizard.admin_page.fields.confirm_edit, PASSPHRASE)
    qtbot.mouseClick(wizard.button(NEXT), LEFT)
    qtbot.mouseClick(wizard.button(COMMIT), LEFT)
    qtbot.waitUntil(lambda: wizard.currentId() == FirstRunStep.RECOVERY)
    assert len(created) == 1
    assert access.exists(elsewhere)


def test_every_input_and_button_has_an_accessible_name(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, tmp_path / "vault")
    for widget in wizard.findChildren(QLineEdit) + wizard.findChildren(QPushButton):
        assert widget.accessibleName(), widget.objectName() or type(widget).__name__
    for box in wizard.findChildren(QCheckBox):
        assert box.accessibleName()


@pytest.mark.parametrize(
    "typed", ["vb21b", "VB2IB", "vb2lb", " VB21B ", "VB-21B", "9vxf3", "oOiIlLuU", ""]
)
def test_key_groups_are_read_as_the_vault_reads_them(typed: str) -> None:
    assert normalise_key_text(typed) == normalise(typed)
