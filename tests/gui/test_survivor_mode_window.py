"""The survivor-mode window on its own: screens, keys, text size, contrast and the gate.

(The whole session through the app, with a real vault, is in test_survivor_mode.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QWidget

from survivorapp.domain.questionnaires.flow import PREFER_NOT, Ending, Screen, questionnaire_from
from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.ui.survivor_mode.style import BUTTON_MIN_HEIGHT, MAX_POINTS
from survivorapp.ui.survivor_mode.window import SurvivorModeWindow


@pytest.fixture
def window(qapp: QApplication) -> Iterator[SurvivorModeWindow]:
    phq9 = questionnaire_from(shipped_instruments().get("phq9"))
    w = SurvivorModeWindow(phq9, "Sam", reader_factory=lambda _parent: None)
    w.start()
    yield w
    w.release()


def click(qtbot, button: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_every_control_has_a_name_for_screen_readers(window: SurvivorModeWindow) -> None:
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit):
            assert widget.accessibleName(), type(widget).__name__


def test_content_note_then_questions_with_keys(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    flow = window.flow
    click(qtbot, window.welcome.start_button)
    assert flow.screen is Screen.CONTENT_NOTE
    assert "hurting yourself" in window.content_note.note.text()
    # Enter presses the focused button ("Continue").
    window.content_note.continue_button.setFocus()
    qtbot.keyClick(window.content_note.continue_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.screen is Screen.QUESTION)
    screen = window.question
    assert screen.progress_label.text() == "1 of 10"
    assert [b.accessibleName() for b in screen.option_buttons][-1] == "Prefer not to answer"
    assert all(b.height() >= BUTTON_MIN_HEIGHT for b in screen.option_buttons)
    # Number keys choose: "3" is "More than half the days" (value 2).
    qtbot.keyClick(screen.option_buttons[0], Qt.Key.Key_3)
    assert flow.answer_for("phq9_1") == 2
    assert screen.progress_label.text() == "2 of 10"
    # Space presses the focused option; Tab moves between them.
    qtbot.keyClick(screen.option_buttons[0], Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert flow.answer_for("phq9_2") == 1
    click(qtbot, screen.option_buttons[-1])
    assert flow.answer_for("phq9_3") == PREFER_NOT
    click(qtbot, screen.back_button)
    assert screen.option_buttons[-1].isChecked()  # the answer given is shown again


def test_not_today_ends_kindly_and_records_nothing(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    ended = []
    window.ended.connect(ended.append)
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.not_today_button)
    assert window.flow.screen is Screen.THANK_YOU
    assert "Nothing has been recorded" in window.thank_you.body.text()
    assert ended and ended[0].ending is Ending.NOT_TODAY and not ended[0].should_record


def test_break_hides_everything_about_the_questions(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    click(qtbot, window.question.option_buttons[0])
    click(qtbot, window.break_button)
    assert window.stack.currentWidget() is window.rest
    assert not window.toolbar.isVisible() and not window.question.isVisible()
    shown = [w for w in window.findChildren(QAbstractButton) if w.isVisible()]
    assert shown == [window.rest.resume_button]
    click(qtbot, window.rest.resume_button)
    assert window.question.progress_label.text() == "2 of 10"


def test_text_size_and_contrast_change_on_screen(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    before = window.question.text.font().pointSize()
    for _ in range(20):
        if window.bigger_button.isEnabled():
            click(qtbot, window.bigger_button)
    assert window.text_points == MAX_POINTS and not window.bigger_button.isEnabled()
    assert window.question.text.font().pointSize() > before
    button = window.question.option_buttons[0]
    assert button.height() >= button.fontMetrics().height() + 8  # never squeezed
    click(qtbot, window.contrast_button)
    assert "#000000" in window.styleSheet()
    qtbot.keyClick(
        window.question.option_buttons[0], Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier
    )
    assert window.text_points == MAX_POINTS - 2


def test_stop_keeps_answers_and_the_gate_wants_the_passphrase(
    qtbot, window: SurvivorModeWindow
) -> None:  # type: ignore[no-untyped-def]
    ended, tried = [], []
    window.ended.connect(ended.append)
    window.passphrase_submitted.connect(tried.append)
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    click(qtbot, window.question.option_buttons[1])
    click(qtbot, window.stop_button)
    assert "will be kept" in window.stop_confirm.kept.text()
    click(qtbot, window.stop_confirm.stop_button)
    assert ended[0].stopped_early and ended[0].responses == {"phq9_1": 1}
    click(qtbot, window.thank_you.hand_back_button)
    assert window.flow.screen is Screen.GATE
    qtbot.keyClicks(window.gate.passphrase_edit, "not it")
    qtbot.keyClick(window.gate.passphrase_edit, Qt.Key.Key_Return)
    assert tried == ["not it"]
    window.refuse_passphrase()
    assert window.gate.message.isVisible() and window.gate.passphrase_edit.text() == ""
    window.close()
    assert window.isVisible()  # closing is refused until the worker's passphrase
    window.release()
    assert not window.isVisible()


def test_escape_and_chords_do_nothing_while_plain_keys_work(
    qtbot, window: SurvivorModeWindow
) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    target = window.question.option_buttons[0]
    for key, mods in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier),
    ):
        qtbot.keyClick(target, key, mods)
    assert window.isVisible() and window.flow.position == 1 and not window.flow.answers
    qtbot.keyClick(target, Qt.Key.Key_2)
    assert window.flow.position == 2


def test_focus_comes_back_when_another_window_takes_it(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    other = QWidget()
    other.show()
    other.activateWindow()  # as Alt+Tab to another window would
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=5_000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    other.close()


def test_application_shortcuts_are_swallowed(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    for keys in ("Ctrl+L", "F12", "Alt+F4", "Esc", "Ctrl+K"):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(lambda keys=keys: fired.append(keys))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    target = window.welcome.start_button
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_F12)
    qtbot.keyClick(target, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    qtbot.keyClick(target, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    window.guard.stop()  # the same keys reach shortcuts again once survivor mode has ended
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["Ctrl+L"]
    window.guard.start()


def test_free_text_takes_typing_but_not_pasting(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    feedback = questionnaire_from(shipped_instruments().get("service_feedback_session"))
    w = SurvivorModeWindow(feedback, "Sam", reader_factory=lambda _parent: None)
    w.start()
    try:
        click(qtbot, w.welcome.start_button)
        while not w.question.free_text.isVisible():
            click(qtbot, w.question.skip_button)
        qapp.clipboard().setText("C-000123 Zanzibarina")
        box = w.question.free_text
        box.paste()
        assert box.toPlainText() == ""
        qtbot.keyClicks(box, "Kind and clear")
        click(qtbot, w.question.continue_button)
        assert w.flow.result().answers["comments"] == "Kind and clear"
    finally:
        qapp.clipboard().clear()
        w.release()


class FakeReader:
    """The platform's speech engine is outside the app; this one only listens."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass


def test_read_aloud_only_where_speech_is_available(qtbot, window: SurvivorModeWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.question.read_aloud_button is None  # no engine: no button, nothing broken
    reader = FakeReader()
    phq9 = questionnaire_from(shipped_instruments().get("phq9"))
    speaking = SurvivorModeWindow(phq9, "Sam", reader_factory=lambda _parent: reader)
    speaking.start()
    try:
        click(qtbot, speaking.welcome.start_button)
        click(qtbot, speaking.content_note.continue_button)
        button = speaking.question.read_aloud_button
        assert button is not None and button.accessibleName() == "Read aloud"
        click(qtbot, button)
        assert "Little interest or pleasure" in reader.said[0]
        assert "Not at all" in reader.said[0]
    finally:
        speaking.release()
