"""New case, edit profile and consent dialogs, filled in the way a person would."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.survivor import Survivor
from survivorapp.ui.case.answer_dates import AnswerDate, AnswerYear
from survivorapp.ui.case.answer_multi_select import AnswerMultiSelect
from survivorapp.ui.case.answer_widgets import AnswerCombo, AnswerYesNo, FieldFrame
from survivorapp.ui.case.consent_dialog import ConsentDialog
from survivorapp.ui.case.new_case_dialog import NewCaseDialog, NewCaseInput
from survivorapp.ui.case.profile_dialog import ProfileDialog, ProfileInput
from survivorapp.ui.case.session_editor_dialog import SessionEditorDialog
from survivorapp.ui.widgets.labels import Labels

TODAY = date(2025, 3, 14)
WORKERS = [("amira", "Amira Khan"), ("jo", "Jo Patel")]
UNANSWERED = list(Unanswered)


@pytest.fixture(scope="module")
def labels() -> Labels:
    return Labels()


# --- acting like a person ------------------------------------------------------------------


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an item the way a keyboard user does: focus the list, Home, then Down until found.

    (Clicking in the open popup works too, but in PySide6 6.12 offscreen it corrupts a
    reference count and the interpreter aborts at exit after enough clicks.)
    """
    assert combo.findText(text) >= 0, f"{text!r} is not offered in {combo.accessibleName()!r}"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click where a person would: on a radio button's or tick box's indicator, else the middle.

    (A stretched radio button's empty right-hand part is not clickable under the app's theme.)
    """
    if isinstance(button, QRadioButton | QCheckBox):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(9, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_date(qtbot: QtBot, edit: QDateEdit, value: date) -> None:
    """Typing into a sectioned date edit is unreliable offscreen, so pick the date directly."""
    edit.setFocus()
    edit.setDate(QDate(value.year, value.month, value.day))
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date().toPython() == value


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def tick(qtbot: QtBot, field: AnswerMultiSelect, code: str) -> None:
    item = field.item_for(code)
    view = field.list
    view.scrollToItem(item)
    view.setCurrentItem(item)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked


def pick(qtbot: QtBot, field: FieldFrame, value: object) -> None:
    """Give an answer (or one of the three reasons for none) through the widget's own controls."""
    if isinstance(field, AnswerCombo):
        choose(qtbot, field.combo, field.text_for(value))  # type: ignore[arg-type]
    elif isinstance(field, AnswerYesNo):
        click(qtbot, field.button_for(value))
    elif isinstance(field, AnswerMultiSelect):
        if isinstance(value, tuple) and value:
            for code in value:
                tick(qtbot, field, code)
        else:
            click(qtbot, field.button_for(value))  # type: ignore[arg-type]
    elif isinstance(field, (AnswerDate, AnswerYear)):
        if isinstance(value, Unanswered):
            choose(qtbot, field.choice, value.label)
        else:
            choose(qtbot, field.choice, field.choice.itemText(1))
            editor = field.editor
            if isinstance(value, date):
                assert isinstance(editor, QDateEdit)
                set_date(qtbot, editor, value)
            else:
                type_into(qtbot, editor, str(value))
    else:
        raise AssertionError(f"don't know how to answer {type(field).__name__}")
    assert field.value() == value  # type: ignore[attr-defined]


def new_case_dialog(qtbot: QtBot, labels: Labels, can_allocate: bool = True) -> NewCaseDialog:
    dialog = NewCaseDialog(labels, WORKERS, can_allocate, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def submit(qtbot: QtBot, dialog: Any) -> list[Any]:
    emitted: list[Any] = []
    dialog.submit_requested.connect(emitted.append)
    click(qtbot, dialog.submit_button)
    return emitted


# --- new case ------------------------------------------------------------------------------


def test_new_case_filled_in_by_a_person(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    type_into(qtbot, dialog.identity.known_as, "Sam")
    type_into(qtbot, dialog.identity.name, "Samira Test")
    choose(qtbot, dialog.identity.pronouns.combo, "Other (in their own words)")
    type_into(qtbot, dialog.identity.pronouns_text, "xe/xem")
    set_date(qtbot, dialog.referral_date, date(2025, 3, 3))
    choose(qtbot, dialog.referral_source.combo, "SARC / The Havens")
    choose(qtbot, dialog.service_line, "Counselling")
    assert dialog.worker is not None
    choose(qtbot, dialog.worker, "Jo Patel")

    click(qtbot, dialog.about_toggle)
    assert dialog.about.isVisible()
    about = dialog.about
    pick(qtbot, about.date_of_birth, date(1990, 6, 2))
    pick(qtbot, about.birth_year, 1990)
    pick(qtbot, about.sex, "female")
    choose(qtbot, about.gender_identity.combo, "In their own words")
    type_into(qtbot, about.gender_identity_text, "genderfluid")
    pick(qtbot, about.trans_history, False)
    pick(qtbot, about.ethnicity, "asian_indian")
    pick(qtbot, about.disability, True)
    pick(qtbot, about.disability_types, ("hearing", "autism_neurodivergence"))
    pick(qtbot, about.vulnerabilities, ())
    pick(qtbot, about.first_language, "arabic")
    pick(qtbot, about.interpreter_needed, True)
    pick(qtbot, about.residence_borough, "E09000001")

    rows = dialog.safe_contact.rows
    choose(qtbot, rows["phone"].safety.combo, "Safe")
    type_into(qtbot, rows["phone"].times, "9-12 weekdays")
    choose(qtbot, rows["voicemail"].safety.combo, "Not safe")
    click(qtbot, rows["post"].never)
    type_into(qtbot, dialog.safe_contact.code_word, "bluebell")
    type_into(qtbot, dialog.safe_contact.third_party, "Sister, 07700 900123")

    emitted = submit(qtbot, dialog)
    assert len(emitted) == 1
    result = emitted[0]
    assert isinstance(result, NewCaseInput)
    assert result.survivor == Survivor(
        reference="",
        name="Samira Test",
        known_as="Sam",
        pronouns="other",
        pronouns_text="xe/xem",
        date_of_birth=date(1990, 6, 2),
        birth_year=1990,
        sex="female",
        gender_identity="in_own_words",
        gender_identity_text="genderfluid",
        trans_history=False,
        ethnicity="asian_indian",
        disability=True,
        disability_types=("hearing", "autism_neurodivergence"),
        vulnerabilities=(),
        first_language="arabic",
        interpreter_needed=True,
        residence_borough="E09000001",
    )
    assert result.case == Case(
        reference="",
        survivor_reference="",
        referral_date=date(2025, 3, 3),
        service_line="counselling",
        status="active",
        referral_source="sarc",
        allocation_date=date(2025, 3, 3),
        allocated_worker="jo",
    )
    assert result.safe_contact == SafeContact(
        survivor_reference="",
        channels=(
            ChannelPreference("phone", "safe", "9-12 weekdays"),
            ChannelPreference("voicemail", "not_safe"),
        ),
        code_word="bluebell",
        safe_third_party="Sister, 07700 900123",
        never_contact_via=("post",),
    )


def test_only_the_essentials_opens_a_waiting_case(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    assert not dialog.about.isVisible()
    choose(qtbot, dialog.service_line, "Helpline")
    [result] = submit(qtbot, dialog)
    assert result.survivor == Survivor(reference="")
    assert result.case.status == "waiting"
    assert result.case.referral_date == TODAY
    assert result.case.allocated_worker is None and result.case.allocation_date is None
    assert result.case.referral_source is Unanswered.NOT_ASKED
    assert result.safe_contact is None


def test_no_worker_choice_without_permission(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels, can_allocate=False)
    assert dialog.worker is None
    choose(qtbot, dialog.service_line, "Advocacy")
    [result] = submit(qtbot, dialog)
    assert result.case.status == "waiting"


WIDGET_FIELDS = ["sex", "trans_history", "vulnerabilities", "date_of_birth", "birth_year"]
REAL_ANSWERS: dict[str, object] = {
    "sex": "male",
    "trans_history": True,
    "vulnerabilities": ("substance_use",),
    "date_of_birth": date(1980, 1, 31),
    "birth_year": 1980,
}


@pytest.mark.parametrize("reason", UNANSWERED, ids=[u.value for u in UNANSWERED])
@pytest.mark.parametrize("field", WIDGET_FIELDS)
def test_every_reason_for_no_answer_reaches_the_survivor(
    qtbot: QtBot, labels: Labels, field: str, reason: Unanswered
) -> None:
    """Combo, yes/no, multi-select, date and year: each of the three reasons is kept apart."""
    dialog = new_case_dialog(qtbot, labels)
    choose(qtbot, dialog.service_line, "ISVA (Independent Sexual Violence Adviser)")
    click(qtbot, dialog.about_toggle)
    widget = dialog.about.fields[field]
    assert widget.value() is Unanswered.NOT_ASKED  # type: ignore[attr-defined]
    pick(qtbot, widget, REAL_ANSWERS[field])  # answer first, then change their mind
    pick(qtbot, widget, reason)
    [result] = submit(qtbot, dialog)
    assert getattr(result.survivor, field) is reason
    assert result.survivor == dataclasses.replace(Survivor(reference=""), **{field: reason})


def test_referral_source_unanswered_choices(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    choose(qtbot, dialog.service_line, "Counselling")
    choose(qtbot, dialog.referral_source.combo, "Prefer not to say")
    [result] = submit(qtbot, dialog)
    assert result.case.referral_source is Unanswered.DECLINED


def test_future_date_of_birth_is_shown_and_nothing_is_emitted(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    choose(qtbot, dialog.service_line, "Counselling")
    click(qtbot, dialog.about_toggle)
    pick(qtbot, dialog.about.date_of_birth, date(2026, 1, 1))
    click(qtbot, dialog.about_toggle)  # folded away again: the problem must unfold it
    assert submit(qtbot, dialog) == []
    frame = dialog.about.date_of_birth
    assert frame.problem.isVisible()
    assert "future" in frame.problem.text()
    assert dialog.about.isVisible()
    assert dialog.summary.isVisible()
    assert "One thing" in dialog.summary.text()


def test_service_line_is_needed(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    type_into(qtbot, dialog.identity.known_as, "Sam")
    assert submit(qtbot, dialog) == []
    problem = dialog.fields["service_line"].problem
    assert problem.isVisible() and "service" in problem.text()
    assert dialog.focusWidget() is dialog.service_line
    # Fixing it clears the problems and sends the case.
    choose(qtbot, dialog.service_line, "Counselling")
    assert len(submit(qtbot, dialog)) == 1
    assert not problem.isVisible() and not dialog.summary.isVisible()


def test_future_referral_and_contradictory_safe_contact(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    choose(qtbot, dialog.service_line, "Counselling")
    set_date(qtbot, dialog.referral_date, date(2025, 3, 20))
    rows = dialog.safe_contact.rows
    choose(qtbot, rows["email"].safety.combo, "Safe")
    click(qtbot, rows["email"].never)
    assert submit(qtbot, dialog) == []
    assert "future" in dialog.fields["referral_date"].problem.text()
    assert "never contact via" in rows["email"].problem.problem.text()
    assert dialog.summary.text().startswith("2 things")


def test_problems_from_the_service(qtbot: QtBot, labels: Labels) -> None:
    dialog = new_case_dialog(qtbot, labels)
    dialog.show_problems(
        [
            Problem("known_as", "Known-as name is too long."),
            Problem("somewhere_else", "The vault is busy. Please try again."),
        ]
    )
    assert dialog.identity.fields["known_as"].problem.text() == "Known-as name is too long."
    assert "The vault is busy" in dialog.summary.text()
    dialog.show_problems("You don't have permission to open cases.")
    assert dialog.summary.text() == "You don't have permission to open cases."
    assert not dialog.identity.fields["known_as"].problem.isVisible()


# --- edit profile --------------------------------------------------------------------------

FULL_SURVIVOR = Survivor(
    reference="S-000123",
    id=7,
    name="Samira Test",
    known_as="Sam",
    pronouns="they_them",
    date_of_birth=Unanswered.DECLINED,
    birth_year=1992,
    sex="described_another_way",
    gender_identity="non_binary",
    trans_history=Unanswered.UNKNOWN,
    sexual_orientation=Unanswered.DECLINED,
    ethnicity="mixed_white_asian",
    religion="no_religion",
    disability=True,
    disability_types=("visual",),
    vulnerabilities=Unanswered.DECLINED,
    first_language="english",
    interpreter_needed=False,
    residence_borough=Unanswered.UNKNOWN,
    restricted=True,
)
FULL_CONTACT = SafeContact(
    survivor_reference="S-000123",
    id=3,
    channels=(
        ChannelPreference("text", "safe", "after 6pm"),
        ChannelPreference("phone", Unanswered.NOT_ASKED),
        ChannelPreference("voicemail", "not_safe"),
    ),
    code_word="bluebell",
    never_contact_via=("post", "email"),
)


def profile_dialog(
    qtbot: QtBot, labels: Labels, survivor: Survivor, contact: SafeContact | None
) -> ProfileDialog:
    dialog = ProfileDialog(labels, survivor, contact, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_profile_unchanged_round_trips_exactly(qtbot: QtBot, labels: Labels) -> None:
    dialog = profile_dialog(qtbot, labels, FULL_SURVIVOR, FULL_CONTACT)
    [result] = submit(qtbot, dialog)
    assert result == ProfileInput(FULL_SURVIVOR, FULL_CONTACT)


def test_profile_change_two_fields(qtbot: QtBot, labels: Labels) -> None:
    dialog = profile_dialog(qtbot, labels, FULL_SURVIVOR, FULL_CONTACT)
    type_into(qtbot, dialog.identity.known_as, "Sammy")
    pick(qtbot, dialog.about.ethnicity, Unanswered.DECLINED)
    [result] = submit(qtbot, dialog)
    assert result.survivor == dataclasses.replace(
        FULL_SURVIVOR, known_as="Sammy", ethnicity=Unanswered.DECLINED
    )
    assert result.safe_contact == FULL_CONTACT


def test_profile_adds_safe_contact_where_there_was_none(qtbot: QtBot, labels: Labels) -> None:
    survivor = Survivor(reference="S-000042")
    dialog = profile_dialog(qtbot, labels, survivor, None)
    [untouched] = submit(qtbot, dialog)
    assert untouched == ProfileInput(survivor, None)
    choose(qtbot, dialog.safe_contact.rows["phone"].safety.combo, "Not safe")
    [result] = submit(qtbot, dialog)
    assert result.safe_contact == SafeContact(
        "S-000042", channels=(ChannelPreference("phone", "not_safe"),)
    )


def test_profile_types_of_disability_with_no_disability(qtbot: QtBot, labels: Labels) -> None:
    dialog = profile_dialog(qtbot, labels, FULL_SURVIVOR, FULL_CONTACT)
    pick(qtbot, dialog.about.disability, False)
    assert submit(qtbot, dialog) == []
    assert dialog.about.disability_types.problem.isVisible()


# --- consent -------------------------------------------------------------------------------


def consent_dialog(qtbot: QtBot, labels: Labels) -> ConsentDialog:
    dialog = ConsentDialog(labels, "C-000123", TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_consent_records_a_decision(qtbot: QtBot, labels: Labels) -> None:
    dialog = consent_dialog(qtbot, labels)
    assert any("next return" in label.text() for label in dialog.findChildren(QLabel))
    choose(qtbot, dialog.purpose, "Inclusion in anonymised statistics")
    click(qtbot, dialog.decision.buttons()[2])  # Withdrawn
    set_date(qtbot, dialog.date_edit, date(2025, 3, 10))
    choose(qtbot, dialog.method, "Verbally (noted by the worker)")
    [record] = submit(qtbot, dialog)
    assert record == ConsentRecord(
        case_reference="C-000123",
        purpose="anonymised_statistics",
        state="withdrawn",
        recorded_on=date(2025, 3, 10),
        method="verbal",
    )
    assert record.validate(labels.vocabularies, TODAY) == []


def test_consent_needs_each_choice_and_named_agencies(qtbot: QtBot, labels: Labels) -> None:
    dialog = consent_dialog(qtbot, labels)
    assert submit(qtbot, dialog) == []
    for field in ("purpose", "state", "method"):
        assert dialog.fields[field].problem.isVisible()
    choose(qtbot, dialog.purpose, "Referral to named agencies")
    click(qtbot, dialog.decision.buttons()[0])
    choose(qtbot, dialog.method, "In writing (signed form)")
    assert submit(qtbot, dialog) == []
    assert "agencies" in dialog.fields["scope"].problem.text()
    type_into(qtbot, dialog.scope, "Local housing team")
    [record] = submit(qtbot, dialog)
    assert record.scope == "Local housing team" and record.state == "given"


# --- accessibility -------------------------------------------------------------------------

INPUTS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSpinBox,
    QCheckBox,
    QAbstractItemView,
    QPlainTextEdit,
    QRadioButton,
)


def unnamed_inputs(dialog: QWidget) -> list[str]:
    missing = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, INPUTS):
            continue
        parent = widget.parentWidget()
        inside_composite = False
        while parent is not None and parent is not dialog:
            # A spin box's inner line edit and a combo's popup list speak through their owner.
            if isinstance(parent, (QAbstractSpinBox, QComboBox, QCalendarWidget)):
                inside_composite = True
                break
            parent = parent.parentWidget()
        if inside_composite or widget.window() is not dialog:
            continue
        if not widget.accessibleName().strip():
            text = widget.text() if hasattr(widget, "text") else ""
            missing.append(f"{type(widget).__name__} {text!r}")
    return missing


def test_every_input_and_button_has_an_accessible_name(qtbot: QtBot, labels: Labels) -> None:
    dialogs: list[QWidget] = [
        new_case_dialog(qtbot, labels),
        profile_dialog(qtbot, labels, FULL_SURVIVOR, FULL_CONTACT),
        consent_dialog(qtbot, labels),
    ]
    for dialog in dialogs:
        inputs = [w for w in dialog.findChildren(QWidget) if isinstance(w, INPUTS)]
        assert len(inputs) > 5
        assert unnamed_inputs(dialog) == [], type(dialog).__name__
    lists = dialogs[0].findChildren(QListWidget)
    assert all(lst.accessibleName() for lst in lists)


# --- session editor ------------------------------------------------------------------------


def test_session_problems_are_one_bulleted_line_each(qtbot: QtBot, labels: Labels) -> None:
    editor = SessionEditorDialog(labels, "C-000001")
    qtbot.addWidget(editor)
    editor.show_problems(
        [
            Problem("note", "The note is too long."),
            Problem("duration_minutes", "Please give the length in minutes."),
        ]
    )
    assert editor.problems.isVisibleTo(editor)
    assert editor.problems.text() == (
        "• The note is too long.\n• Please give the length in minutes."
    )
    editor.show_problems("You can no longer change this case.")
    assert editor.problems.text() == "You can no longer change this case."
