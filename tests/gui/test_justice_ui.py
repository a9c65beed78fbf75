"""The justice journey screens, driven the way a person would use them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from survivorapp.domain.justice.derive import derive
from survivorapp.domain.justice.diary import CaseJourney
from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.justice.dialogs.event import JusticeEventDialog
from survivorapp.ui.justice.journey_timeline import JourneyTimelineWidget
from survivorapp.ui.justice.matter_header import mask_reference
from survivorapp.ui.justice.tab import JusticeTab
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import apply_theme
from tests.gui.justice_samples import (
    TODAY,
    diary_entries,
    long_case,
    long_record,
    withdrawn_record,
)

LABELS = Labels()


@pytest.fixture
def tab(qtbot) -> JusticeTab:  # type: ignore[no-untyped-def]
    widget = JusticeTab(LABELS)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.set_journey(long_case(), TODAY)
    widget.show()
    return widget


def click(qtbot, button: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    """Click where a person would: on a check box or radio button's own box, at its left."""
    assert button.isVisible() and button.isEnabled(), button.text()
    if isinstance(button, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_charging_decision_in_three_clicks(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.charging_button)  # 1
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    radios = dialog._outcome
    assert radios is not None
    click(qtbot, radios.buttons["charged_rape"])  # type: ignore[union-attr]  # 2
    with qtbot.waitSignal(tab.event_requested) as emitted:
        click(qtbot, dialog.submit_button)  # 3
    (event,) = emitted.args
    assert isinstance(event, JusticeEvent)
    assert (event.matter_id, event.event_type, event.outcome_code) == (
        1,
        "charging_decision",
        "charged_rape",
    )
    assert event.informed_by == "cps"
    tab.saved()
    assert tab.dialog is None


def test_charging_decision_without_an_outcome_shows_the_problem(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.charging_button)
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    with qtbot.assertNotEmitted(tab.event_requested):
        click(qtbot, dialog.submit_button)
    assert dialog.message.isVisible()
    assert "outcome" in dialog.message.text()


def test_trial_relisting_through_the_quick_action(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.trial_button)
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    assert dialog.event_type() == "trial_relisted"
    with qtbot.assertNotEmitted(tab.event_requested):
        click(qtbot, dialog.submit_button)  # no new date yet
    assert "date of the hearing" in dialog.message.text()
    dialog.hearing_date.setDate(QDate(2026, 2, 2))
    dialog.reason.set_code("no_court_or_judge")
    qtbot.keyClicks(dialog.court, "Wood Green Crown Court")
    with qtbot.waitSignal(tab.event_requested) as emitted:
        click(qtbot, dialog.submit_button)
    (event,) = emitted.args
    assert event.event_type == "trial_relisted"
    assert event.hearing_date == date(2026, 2, 2)
    assert event.reason == "no_court_or_judge"
    assert event.court == "Wood Green Crown Court"
    assert event.informed_by == "witness_care"
    assert event.event_date == TODAY


def test_relisting_shows_in_the_timeline_and_diary_once_saved(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    record = long_record()
    before = derive(record.events, record.positions, TODAY).trial_date_changes
    relisted = JusticeEvent(
        1, "trial_relisted", TODAY, "witness_care", hearing_date=date(2025, 10, 8), id=99
    )
    events = (*record.events[:-2], relisted)
    from dataclasses import replace

    case = CaseJourney("C-000123", "Sam", (replace(record, events=events),))
    tab.set_journey(case, TODAY)
    assert f"changed {before + 1} times" in tab.timeline.accessibleDescription()
    from survivorapp.domain.justice.diary import build_diary

    page = CourtDiaryPage()
    qtbot.addWidget(page)
    page.set_entries(build_diary([case], TODAY, 7), TODAY)
    rows = [page.model.entry_at(r) for r in range(page.model.rowCount())]
    trial = [e for e in rows if e is not None and e.title == "Trial"]
    assert [e.day for e in trial] == [date(2025, 10, 8)]


def test_general_event_dialog_shows_the_fields_the_rules_need(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = JusticeEventDialog(LABELS, 1, TODAY)
    qtbot.addWidget(dialog)
    combo = dialog.type_combo
    assert combo is not None
    combo.setCurrentIndex(combo.findData("verdict"))
    assert dialog.form.isRowVisible(dialog.defendant)
    assert dialog.form.isRowVisible(dialog.outcome_holder)
    assert not dialog.form.isRowVisible(dialog.reason)
    combo.setCurrentIndex(combo.findData("suspect_arrested"))
    assert not dialog.form.isRowVisible(dialog.outcome_holder)
    assert not dialog.form.isRowVisible(dialog.hearing_date)


def test_correcting_an_event_emits_a_superseding_one(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    row = next(
        r
        for r in range(tab.model.rowCount())
        if tab.model.event_at(r).id == 5  # type: ignore[union-attr]
    )
    tab.table.selectRow(row)
    click(qtbot, tab.correct_button)
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    dialog.in_error.setChecked(True)
    with qtbot.waitSignal(tab.correction_requested) as emitted:
        click(qtbot, dialog.submit_button)
    event_id, replacement = emitted.args
    assert event_id == 5
    assert (replacement.event_type, replacement.supersedes) == ("entered_in_error", 5)


def test_bail_update_emits_matter_and_event(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.bail_button)
    dialog = tab.dialog
    assert dialog is not None
    dialog.bail_expiry.setDate(QDate(2025, 12, 1))  # type: ignore[attr-defined]
    with (
        qtbot.waitSignal(tab.matter_update_requested) as matter,
        qtbot.waitSignal(tab.event_requested) as event,
    ):
        click(qtbot, dialog.submit_button)
    assert matter.args[0].bail_expiry == date(2025, 12, 1)
    assert event.args[0].event_type == "court_bail"


def test_survivor_wishes_and_new_matter(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.position_button)
    dialog = tab.dialog
    click(qtbot, dialog.position.buttons["undecided"])  # type: ignore[union-attr]
    with qtbot.waitSignal(tab.position_requested) as emitted:
        click(qtbot, dialog.submit_button)  # type: ignore[union-attr]
    assert emitted.args[0].position == "undecided"
    tab.saved()
    click(qtbot, tab.new_matter_button)
    matter_dialog = tab.dialog
    qtbot.keyClicks(matter_dialog.police_force, "British Transport Police")  # type: ignore[union-attr]
    with qtbot.waitSignal(tab.matter_requested) as emitted:
        click(qtbot, matter_dialog.submit_button)  # type: ignore[union-attr]
    assert emitted.args[0].case_reference == "C-000123"
    assert emitted.args[0].police_force == "British Transport Police"


def test_service_problems_are_shown_in_the_open_dialog(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.charging_button)
    tab.show_problems("You can no longer change this case.")
    assert tab.dialog is not None and tab.dialog.message.text().endswith("case.")
    tab.dialog.reject()
    tab.show_problems("Saving failed.")
    assert tab.problems.isVisible()


def test_crime_reference_masked_until_shown(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    assert tab.reference_value.text() == "••••4/23" == mask_reference("CAD4401234/23")
    with qtbot.waitSignal(tab.crime_reference_revealed):
        click(qtbot, tab.show_reference_button)
    assert tab.reference_value.text() == "CAD4401234/23"
    click(qtbot, tab.show_reference_button)
    assert "CAD" not in tab.reference_value.text()


def test_superseded_events_are_struck_through(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = JusticeTab(LABELS)
    qtbot.addWidget(tab)
    record = long_record()
    correction = JusticeEvent(1, "entered_in_error", TODAY, "police", supersedes=3, id=50)
    from dataclasses import replace

    tab.set_journey(
        CaseJourney("C-000123", None, (replace(record, events=(*record.events, correction)),)),
        TODAY,
    )
    model = tab.model
    row = next(r for r in range(model.rowCount()) if model.event_at(r).id == 3)  # type: ignore[union-attr]
    index = model.index(row, 1)
    assert "(corrected)" in model.data(index)
    assert model.data(index, Qt.ItemDataRole.FontRole).strikeOut()


def test_timeline_describes_stage_and_drop_out_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = JourneyTimelineWidget()
    qtbot.addWidget(widget)
    record = withdrawn_record()
    state = derive(record.events, record.positions, TODAY)
    widget.set_journey(record.events, state, LABELS, record.positions)
    text = widget.accessibleDescription()
    assert "Stage reached: Investigation" in text
    assert "Ended at investigation: survivor withdrew" in text
    assert "survivor's own view was not recorded" in text
    assert widget.accessibleName()


def test_timeline_long_journey_description_and_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = JourneyTimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1100, 300)
    record = long_record()
    state = derive(record.events, record.positions, TODAY)
    widget.set_journey(record.events, state, LABELS, record.positions)
    widget.show()
    widget.grab()
    text = widget.accessibleDescription()
    assert "Stage reached: Sentence" in text
    assert "Convicted on 11 Jul 2025" in text
    assert "Trial date changed 5 times" in text
    assert "Wants to proceed" in text
    point = widget._points[0]
    assert widget.event_at(point.rect.center().x(), point.rect.center().y()) is point.event
    tip = widget.tooltip_for(point.event)
    assert "Reported to police" in tip and "Told us: Survivor" in tip


def test_timeline_grows_with_the_font(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = JourneyTimelineWidget()
    qtbot.addWidget(widget)
    small = widget.sizeHint().height()
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)
    assert widget.sizeHint().height() > small


def test_diary_groups_by_day_and_double_click_opens_the_case(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = CourtDiaryPage(can_see_all=True)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    page.set_entries(diary_entries(), TODAY)
    model = page.model
    assert model.days() == [date(2025, 10, 1), date(2025, 10, 3), date(2025, 10, 6)]
    assert [model.is_heading(r) for r in range(model.rowCount())] == [
        True,
        False,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
    assert model.data(model.index(0, 0)).startswith("Today")
    assert page.table.columnSpan(0, 0) == model.columnCount()
    row = 4
    rect = page.table.visualRect(model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.case_requested) as emitted:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert emitted.args == ["C-000131"]
    with qtbot.assertNotEmitted(page.case_requested):
        page.on_table_double_clicked(model.index(3, 0))


def test_diary_window_mine_only_and_export(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = CourtDiaryPage(can_see_all=True)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.window_changed) as emitted:
        click(qtbot, page.window_buttons[28])
    assert emitted.args == [28]
    with qtbot.waitSignal(page.mine_only_changed) as mine:
        click(qtbot, page.mine_only)
    assert mine.args == [True]
    page.set_entries([], TODAY)
    assert page.empty.isVisible() and not page.export_button.isEnabled()
    page.set_entries(diary_entries(), TODAY)
    with qtbot.waitSignal(page.export_requested):
        click(qtbot, page.export_button)


def test_today_page_lists_what_is_coming_and_opens_the_case(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = TodayPage()
    qtbot.addWidget(page)
    page.show()
    assert page.nothing.isVisible()
    page.set_entries(diary_entries())
    assert page.model.rowCount() == 5
    with qtbot.waitSignal(page.case_requested) as emitted:
        page.coming_up.activated.emit(page.model.index(2, 0))
    assert emitted.args == ["C-000131"]
    texts = " ".join(w.text() for w in page.findChildren(type(page.nothing)))
    assert "Referrals awaiting a response" in texts and "will appear here" in texts


def _inside_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return "QComboBox" in type(widget.window()).__name__ or widget.window().inherits(
        "QComboBoxPrivateContainer"
    )


def _interactive(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QComboBox, QLineEdit)
    from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QPlainTextEdit

    kinds += (QAbstractItemView, QAbstractSpinBox, QPlainTextEdit)  # type: ignore[assignment]
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]


def test_every_interactive_widget_has_an_accessible_name(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    roots: list[QWidget] = [tab, CourtDiaryPage(can_see_all=True), TodayPage()]
    for opener in (
        tab.trial_button,
        tab.charging_button,
        tab.bail_button,
        tab.add_event_button,
        tab.position_button,
        tab.new_matter_button,
    ):
        click(qtbot, opener)
        assert tab.dialog is not None
        roots.append(tab.dialog)
    for root in roots:
        qtbot.addWidget(root) if root.parent() is None else None
        for widget in _interactive(root):
            if "qt_" in widget.objectName():
                continue  # Qt's own internals (calendar popup, spin box line edit)
            if _inside_combo(widget) or not widget.isVisibleTo(root):
                continue  # a drop-down's own list and line edit
            assert widget.accessibleName(), (type(root).__name__, type(widget).__name__)


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_screenshots_in_every_theme(qtbot, theme: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    folder = Path(os.environ.get("SURVIVORAPP_SCREENSHOTS", tmp_path))
    tab = JusticeTab(LABELS)
    qtbot.addWidget(tab)
    tab.resize(1280, 860)
    tab.set_journey(long_case(), TODAY)
    tab.show()
    diary = CourtDiaryPage(can_see_all=True)
    qtbot.addWidget(diary)
    diary.resize(1280, 520)
    diary.set_entries(diary_entries(), TODAY)
    diary.show()
    dropped = JusticeTab(LABELS)
    qtbot.addWidget(dropped)
    dropped.resize(1280, 860)
    dropped.set_journey(CaseJourney("C-000124", None, (withdrawn_record(),)), TODAY)
    dropped.show()
    today = TodayPage()
    qtbot.addWidget(today)
    today.resize(1000, 700)
    today.set_entries(diary_entries())
    today.show()
    for name, widget in (("tab", tab), ("diary", diary), ("dropout", dropped), ("today", today)):
        image = widget.grab()
        assert not image.isNull()
        assert image.save(str(folder / f"justice-{name}-{theme}.png"))
