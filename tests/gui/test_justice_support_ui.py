"""Court preparation and case-level justice records, driven the way a person would use them.

Special measures, the Victim Personal Statement, court support, the Victims' Code checklist
and family proceedings: each dialog is filled in and its emitted records checked (the two
ledgers send only what changed), then the whole path is run through the real app.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QWidget

from survivorapp.domain.justice.diary import CaseJourney
from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.justice.dialogs.court_support import CourtSupportDialog
from survivorapp.ui.justice.dialogs.family_proceeding import FamilyProceedingDialog
from survivorapp.ui.justice.dialogs.special_measures import SpecialMeasuresDialog
from survivorapp.ui.justice.dialogs.victims_code import VictimsCodeDialog
from survivorapp.ui.justice.dialogs.vps import VpsDialog
from survivorapp.ui.justice.tab import JusticeTab
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import apply_theme
from tests.gui.justice_samples import TODAY, long_case, long_record
from tests.gui.test_app_flow import make_controller
from tests.gui.test_justice_flow import isva_case_with_a_matter, open_justice_tab
from tests.gui.test_justice_ui import _inside_combo, _interactive, click
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

LABELS = Labels()
CASE = "C-000123"
RIGHTS = (
    VictimsCodeRight(CASE, "understand_and_be_understood", "delivered", date(2025, 3, 1), id=11),
    VictimsCodeRight(CASE, "complain", "not_yet", date(2025, 3, 1), id=12),
)
FAMILY = FamilyProceeding(
    CASE,
    "non_molestation_order",
    "East London Family Court",
    (date(2025, 9, 1), date(2025, 11, 3)),
    (FamilyOrder("Non-molestation order", date(2026, 4, 1)),),
    "Screens at the hearing",
    id=3,
)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def shown(qtbot, dialog: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(combo, code: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry by its code, as choosing it from the drop-down does."""
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


@pytest.fixture
def tab(qtbot) -> JusticeTab:  # type: ignore[no-untyped-def]
    widget = JusticeTab(LABELS)
    qtbot.addWidget(widget)
    widget.resize(1280, 900)
    widget.set_journey(
        dataclasses.replace(long_case(), victims_code=RIGHTS, family=(FAMILY,)), TODAY
    )
    widget.show()
    return widget


# --- special measures ---------------------------------------------------------------------


def test_special_measures_show_the_ledger_and_send_only_changed_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    ledger = (
        SpecialMeasure(1, "screens", "refused", date(2024, 4, 1), id=1),
        SpecialMeasure(1, "screens", "granted", date(2024, 5, 1), id=2),
        SpecialMeasure(1, "live_link", "applied", date(2024, 5, 1), id=3),
    )
    dialog = SpecialMeasuresDialog(LABELS, 1, ledger, TODAY)
    shown(qtbot, dialog)
    assert len(dialog.rows) == len(LABELS.vocabularies["special_measure"]) == 8
    assert dialog.rows["screens"].now.text() == "Granted, 1 May 2024"  # the latest wins
    assert dialog.rows["intermediary"].now.text() == "Not asked for"
    assert not dialog.rows["live_link"].status_date.isVisible()

    choose(dialog.rows["live_link"].status, "granted")
    assert dialog.rows["live_link"].status_date.isVisible()
    dialog.rows["live_link"].status_date.setDate(qdate(date(2025, 9, 20)))
    choose(dialog.rows["intermediary"].status, "requested")
    choose(dialog.rows["screens"].status, "granted")  # what it already is: not a change
    with qtbot.waitSignal(dialog.measures_ready) as emitted:
        click(qtbot, dialog.submit_button)
    (records,) = emitted.args
    assert records == [
        SpecialMeasure(1, "live_link", "granted", date(2025, 9, 20)),
        SpecialMeasure(1, "intermediary", "requested", TODAY),
    ]


def test_special_measures_with_nothing_changed_say_so_and_send_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SpecialMeasuresDialog(LABELS, 1, (), TODAY)
    shown(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.measures_ready):
        click(qtbot, dialog.submit_button)
    assert dialog.message.isVisible()
    assert "Nothing has changed" in dialog.message.text()


def test_special_measure_problems_from_the_domain_are_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SpecialMeasuresDialog(LABELS, 1, (), TODAY)
    shown(qtbot, dialog)
    dialog.show_problems("The service refused it.")
    assert dialog.message.text() == "The service refused it."


# --- Victim Personal Statement and court support ---------------------------------------------


def test_vps_keeps_its_id_and_records_the_dates(qtbot) -> None:  # type: ignore[no-untyped-def]
    current = VictimPersonalStatement(1, offered_on=date(2024, 5, 2), id=7)
    dialog = VpsDialog(LABELS, 1, current, TODAY)
    shown(qtbot, dialog)
    assert dialog.made_on.value() is None
    dialog.made_on.setDate(qdate(date(2024, 6, 1)))
    dialog.updated_on.setDate(qdate(date(2025, 9, 1)))
    dialog.reading_preference.set_code("read_by_prosecutor")
    with qtbot.waitSignal(dialog.vps_ready) as emitted:
        click(qtbot, dialog.submit_button)
    (vps,) = emitted.args
    assert vps == VictimPersonalStatement(
        1,
        offered_on=date(2024, 5, 2),
        made_on=date(2024, 6, 1),
        updated_on=date(2025, 9, 1),
        reading_preference="read_by_prosecutor",
        id=7,
    )
    assert vps.status == "updated"


def test_vps_updated_before_it_was_made_is_refused_in_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VpsDialog(LABELS, 1, None, TODAY)
    shown(qtbot, dialog)
    dialog.updated_on.setDate(qdate(date(2025, 9, 1)))
    with qtbot.assertNotEmitted(dialog.vps_ready):
        click(qtbot, dialog.submit_button)
    assert "once it has been made" in dialog.message.text()


def test_court_support_visit_may_be_booked_ahead(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CourtSupportDialog(LABELS, 1, CourtSupport(1, id=4), TODAY)
    shown(qtbot, dialog)
    visit = TODAY + timedelta(days=10)
    dialog.pre_trial_visit_on.setDate(qdate(visit))
    dialog.witness_service_referred_on.setDate(qdate(date(2025, 9, 15)))
    with qtbot.waitSignal(dialog.court_support_ready) as emitted:
        click(qtbot, dialog.submit_button)
    assert emitted.args == [CourtSupport(1, visit, date(2025, 9, 15), id=4)]


# --- Victims' Code --------------------------------------------------------------------------


def test_victims_code_checklist_sends_only_changed_rights(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VictimsCodeDialog(LABELS, CASE, RIGHTS, TODAY)
    shown(qtbot, dialog)
    assert len(dialog.rows) == 12
    first, complain = dialog.rows["understand_and_be_understood"], dialog.rows["complain"]
    assert first.status() == "delivered" and first.updated_on.value() == date(2025, 3, 1)
    vps = dialog.rows["make_victim_personal_statement"]
    assert vps.status() is None and not vps.updated_on.isVisible()

    click(qtbot, vps.buttons["delivered"])
    assert vps.updated_on.isVisible() and vps.updated_on.value() == TODAY
    click(qtbot, complain.buttons["delivered"])  # a new answer: its date moves to today
    assert complain.updated_on.value() == TODAY
    click(qtbot, dialog.rows["expenses_and_property"].buttons["not_applicable"])
    assert dialog.delivered_count() == 3
    with qtbot.waitSignal(dialog.rights_ready) as emitted:
        click(qtbot, dialog.submit_button)
    (rights,) = emitted.args
    assert rights == [
        VictimsCodeRight(CASE, "make_victim_personal_statement", "delivered", TODAY),
        VictimsCodeRight(CASE, "expenses_and_property", "not_applicable", TODAY),
        VictimsCodeRight(CASE, "complain", "delivered", TODAY, id=12),
    ]


def test_victims_code_date_correction_alone_is_a_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VictimsCodeDialog(LABELS, CASE, RIGHTS, TODAY)
    shown(qtbot, dialog)
    dialog.rows["understand_and_be_understood"].updated_on.setDate(qdate(date(2025, 2, 20)))
    with qtbot.waitSignal(dialog.rights_ready) as emitted:
        click(qtbot, dialog.submit_button)
    assert emitted.args == [
        [
            VictimsCodeRight(
                CASE, "understand_and_be_understood", "delivered", date(2025, 2, 20), id=11
            )
        ]
    ]


def test_victims_code_unchanged_sends_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VictimsCodeDialog(LABELS, CASE, RIGHTS, TODAY)
    shown(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.rights_ready):
        click(qtbot, dialog.submit_button)
    assert "Nothing has changed" in dialog.message.text()


# --- family proceedings ---------------------------------------------------------------------


def test_family_proceeding_with_hearings_and_an_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FamilyProceedingDialog(LABELS, CASE, TODAY)
    shown(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.proceeding_ready):
        click(qtbot, dialog.submit_button)
    assert "kind of proceedings" in dialog.message.text()

    choose(dialog.proceeding_type, "non_molestation_order")
    qtbot.keyClicks(dialog.court, "East London Family Court")
    for _ in range(3):
        click(qtbot, dialog.add_hearing_button)
    first, second, third = dialog.hearing_rows
    first.day.setDate(qdate(date(2025, 11, 3)))
    second.day.setDate(qdate(date(2025, 10, 14)))
    click(qtbot, third.remove)  # added one too many
    assert len(dialog.hearing_rows) == 2
    click(qtbot, dialog.add_order_button)
    (order,) = dialog.order_rows
    qtbot.keyClicks(order.order, "Non-molestation order (without notice)")
    order.expiry.setDate(qdate(date(2025, 10, 14)))
    qtbot.keyClicks(dialog.protections, "No cross-examination in person; QLR appointed")
    with qtbot.waitSignal(dialog.proceeding_ready) as emitted:
        click(qtbot, dialog.submit_button)
    assert emitted.args == [
        FamilyProceeding(
            CASE,
            "non_molestation_order",
            "East London Family Court",
            (date(2025, 10, 14), date(2025, 11, 3)),
            (FamilyOrder("Non-molestation order (without notice)", date(2025, 10, 14)),),
            "No cross-examination in person; QLR appointed",
        )
    ]


def test_family_order_without_a_name_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FamilyProceedingDialog(LABELS, CASE, TODAY)
    shown(qtbot, dialog)
    choose(dialog.proceeding_type, "occupation_order")
    click(qtbot, dialog.add_order_button)
    with qtbot.assertNotEmitted(dialog.proceeding_ready):
        click(qtbot, dialog.submit_button)
    assert "what order was made" in dialog.message.text()


# --- the tab --------------------------------------------------------------------------------


def test_tab_opens_each_dialog_and_passes_its_records_on(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.measures_button)
    dialog = tab.dialog
    assert isinstance(dialog, SpecialMeasuresDialog)
    assert dialog.rows["screens"].now.text() == "Granted, 1 May 2024"
    choose(dialog.rows["live_link"].status, "granted")
    with qtbot.waitSignal(tab.special_measures_requested) as emitted:
        click(qtbot, dialog.submit_button)
    assert emitted.args == [[SpecialMeasure(1, "live_link", "granted", TODAY)]]
    tab.saved()
    assert tab.dialog is None

    click(qtbot, tab.vps_button)
    vps_dialog = tab.dialog
    assert isinstance(vps_dialog, VpsDialog)
    with qtbot.waitSignal(tab.vps_requested) as emitted:
        click(qtbot, vps_dialog.submit_button)
    assert emitted.args == [long_record().vps]
    tab.saved()

    click(qtbot, tab.court_support_button)
    support_dialog = tab.dialog
    assert isinstance(support_dialog, CourtSupportDialog)
    support_dialog.witness_service_referred_on.setDate(qdate(TODAY))
    with qtbot.waitSignal(tab.court_support_requested) as emitted:
        click(qtbot, support_dialog.submit_button)
    assert emitted.args == [CourtSupport(1, date(2024, 9, 1), TODAY)]
    tab.saved()

    click(qtbot, tab.victims_code_button)
    code_dialog = tab.dialog
    assert isinstance(code_dialog, VictimsCodeDialog)
    click(qtbot, code_dialog.rows["crime_recorded"].buttons["delivered"])
    with qtbot.waitSignal(tab.victims_code_requested) as emitted:
        click(qtbot, code_dialog.submit_button)
    assert emitted.args == [[VictimsCodeRight(CASE, "crime_recorded", "delivered", TODAY)]]
    tab.saved()

    click(qtbot, tab.family_button)
    family_dialog = tab.dialog
    assert isinstance(family_dialog, FamilyProceedingDialog)
    choose(family_dialog.proceeding_type, "child_arrangements")
    with qtbot.waitSignal(tab.family_proceeding_requested) as emitted:
        click(qtbot, family_dialog.submit_button)
    assert emitted.args == [FamilyProceeding(CASE, "child_arrangements")]
    tab.saved()
    assert tab.dialog is None


def test_service_problems_show_in_the_open_dialog(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.victims_code_button)
    assert isinstance(tab.dialog, VictimsCodeDialog)
    tab.show_problems("You do not have permission to change this case.")
    assert tab.dialog.message.text() == "You do not have permission to change this case."
    assert not tab.problems.isVisible()


def test_side_panel_shows_rights_delivered_and_family_dates(tab: JusticeTab) -> None:
    text = tab.case_value.text()
    assert "Victims' Code rights: 1 of 12 delivered." in text
    # The September hearing has passed: the next one is shown, with the order's end.
    assert (
        "Non-molestation order, East London Family Court: next hearing 3 Nov 2025; "
        "order ends 1 Apr 2026." in text
    )


def test_case_records_can_be_kept_without_any_police_matter(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = JusticeTab(LABELS)
    qtbot.addWidget(tab)
    tab.set_journey(CaseJourney(CASE, "Sam", (), family=(FAMILY,)), TODAY)
    tab.show()
    assert tab.empty.isVisible() and tab.case_note.isVisible()
    assert "Family Court" in tab.case_note.text()
    assert tab.victims_code_button.isEnabled() and tab.family_button.isEnabled()
    click(qtbot, tab.family_button)
    assert isinstance(tab.dialog, FamilyProceedingDialog)


def test_every_new_input_has_an_accessible_name(qtbot, tab: JusticeTab) -> None:  # type: ignore[no-untyped-def]
    roots: list[QWidget] = [tab]
    for opener in (
        tab.measures_button,
        tab.vps_button,
        tab.court_support_button,
        tab.victims_code_button,
        tab.family_button,
    ):
        click(qtbot, opener)
        dialog = tab.dialog
        assert dialog is not None
        if isinstance(dialog, FamilyProceedingDialog):
            click(qtbot, dialog.add_hearing_button)
            click(qtbot, dialog.add_order_button)
        if isinstance(dialog, SpecialMeasuresDialog):
            for row in dialog.rows.values():
                choose(row.status, "requested")  # shows every row's date
        roots.append(dialog)
    for root in roots:
        for widget in _interactive(root):
            if "qt_" in widget.objectName():
                continue
            if _inside_combo(widget) or not widget.isVisibleTo(root):
                continue
            assert widget.accessibleName(), (type(root).__name__, type(widget).__name__)


@pytest.mark.parametrize("theme", ["light", "high_contrast"])
def test_screenshots_of_the_checklists(qtbot, theme: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    folder = Path(os.environ.get("SURVIVORAPP_SCREENSHOTS", tmp_path))
    measures = SpecialMeasuresDialog(LABELS, 1, long_record().special_measures, TODAY)
    code = VictimsCodeDialog(LABELS, CASE, RIGHTS, TODAY)
    for name, dialog in (("special-measures", measures), ("victims-code", code)):
        shown(qtbot, dialog)
        # Everything fits without scrolling or squeezing a row.
        assert dialog.width() <= 1000 and dialog.height() <= 760, dialog.size()
        image = dialog.grab()
        assert not image.isNull()
        assert image.save(str(folder / f"support-{name}-{theme}.png"))


# --- end to end -------------------------------------------------------------------------------

REAL_TODAY = dt.date.today()


@pytest.fixture
def support_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, str]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        reported = REAL_TODAY - timedelta(days=300)
        matter = isva_case_with_a_matter(session, reported)
        session.justice.record_event(
            JusticeEvent(matter.id, "reported_to_police", reported, "survivor")
        )
        session.justice.set_special_measure(
            SpecialMeasure(matter.id, "screens", "applied", REAL_TODAY - timedelta(days=20))
        )
    return vault_dir, matter.case_reference


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, support_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, support_vault[0])
    yield ctl
    ctl.shutdown()


def test_special_measure_granted_and_right_delivered_through_the_app(
    qtbot, controller: AppController, support_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    reference = support_vault[1]
    tab = open_justice_tab(qtbot, controller)
    qtbot.waitUntil(lambda: "Screens applied for" in tab.support_value.text(), timeout=10_000)
    assert "0 of 12 delivered" in tab.case_value.text()

    # Screens granted: open, choose, save.
    click(qtbot, tab.measures_button)
    dialog = tab.dialog
    assert isinstance(dialog, SpecialMeasuresDialog)
    choose(dialog.rows["screens"].status, "granted")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: "Screens granted" in tab.support_value.text(), timeout=10_000)

    # The right to make a VPS delivered: open, tick, save.
    click(qtbot, tab.victims_code_button)
    code = tab.dialog
    assert isinstance(code, VictimsCodeDialog)
    click(qtbot, code.rows["make_victim_personal_statement"].buttons["delivered"])
    click(qtbot, code.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: "1 of 12 delivered" in tab.case_value.text(), timeout=10_000)

    session = controller.session
    assert session is not None
    journey = controller.operations.call(lambda: session.justice.journey(reference))
    statuses = [(m.measure, m.status) for m in journey.matters[0].special_measures]
    assert statuses == [("screens", "applied"), ("screens", "granted")]  # history kept
    assert [(r.right, r.status, r.updated_on) for r in journey.victims_code] == [
        ("make_victim_personal_statement", "delivered", REAL_TODAY)
    ]
