"""The one way to run work off the GUI thread: owners, failures, changes, progress, Stop."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from survivorapp.domain.progress import Cancelled, Progress, ProgressReport
from survivorapp.ui.changes import Changes
from survivorapp.ui.operations import Operations


def make_operations() -> tuple[Operations, list[BaseException]]:
    presented: list[BaseException] = []
    return Operations(presented.append), presented


def test_the_answer_reaches_a_living_owner_on_the_gui_thread(qtbot) -> None:
    operations, _ = make_operations()
    owner = QWidget()
    qtbot.addWidget(owner)
    seen: list[tuple[int, bool]] = []
    gui = threading.get_ident()
    operations.run(
        lambda: threading.get_ident() != gui,
        lambda off_gui: seen.append((threading.get_ident(), off_gui)),
        owner=owner,
    )
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(gui, True)]  # worked off the GUI thread, answered on it
    operations.shutdown()


def test_an_answer_for_a_destroyed_owner_is_dropped_but_a_failure_is_never_silent(qtbot) -> None:
    operations, presented = make_operations()
    release = threading.Event()
    owner = QWidget()
    answers: list[object] = []
    operations.run(lambda: release.wait(5), answers.append, answers.append, owner=owner)

    def fail() -> None:
        release.wait(5)
        raise OSError("disk gone")

    operations.run(fail, owner=owner)  # no on_failure: the app's error presenter hears of it
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(lambda: not operations.is_busy)
    assert answers == []
    assert [type(e) for e in presented] == [OSError]
    operations.shutdown()


def test_a_failed_write_whose_form_has_gone_still_reaches_the_person(qtbot) -> None:
    operations, presented = make_operations()
    release = threading.Event()
    form = QWidget()
    handled: list[BaseException] = []

    def save() -> None:
        release.wait(5)
        raise OSError("disk gone")

    def read() -> None:
        release.wait(5)
        raise LookupError("a read nobody waits for")

    operations.run(save, on_failure=handled.append, owner=form, changes=Changes(cases=True))
    operations.run(read, on_failure=handled.append, owner=form)
    form.deleteLater()  # the vault locked, say, while the save was on its way
    qtbot.waitUntil(lambda: not _alive(form))
    release.set()
    qtbot.waitUntil(lambda: not operations.is_busy)
    assert handled == []
    assert [type(e) for e in presented] == [OSError]  # the write; the read is simply dropped
    operations.shutdown()


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)


def test_a_write_announces_what_it_changed(qtbot) -> None:
    operations, _ = make_operations()
    owner = QWidget()
    qtbot.addWidget(owner)
    with qtbot.waitSignal(operations.vault_changed) as changed:
        operations.run(lambda: None, owner=owner, changes=Changes(referrals=True))
    assert changed.args == [Changes(referrals=True)]
    operations.shutdown()


def test_busy_is_reported_while_work_is_pending(qtbot) -> None:
    operations, _ = make_operations()
    owner = QWidget()
    qtbot.addWidget(owner)
    states: list[bool] = []
    operations.busy_changed.connect(states.append)
    operations.run(lambda: None, owner=owner)
    qtbot.waitUntil(lambda: states == [True, False])
    operations.shutdown()


def test_long_work_reports_progress_and_stops_when_asked(qtbot) -> None:
    operations, presented = make_operations()
    owner = QWidget()
    qtbot.addWidget(owner)
    reports: list[ProgressReport] = []
    failures: list[BaseException] = []
    first_step_seen = threading.Event()
    written: list[int] = []

    def work(progress: Progress) -> str:
        for step in range(1, 1000):
            progress.report("Counting", step, 1000)
            if step == 1:
                first_step_seen.wait(5)
            written.append(step)
        return "finished"

    operation = operations.run_long(
        work,
        on_success=lambda result: failures.append(AssertionError(result)),
        on_failure=failures.append,
        owner=owner,
        on_progress=reports.append,
    )
    assert operation.cancellable
    qtbot.waitUntil(lambda: bool(reports))
    operation.cancel()
    first_step_seen.set()
    qtbot.waitUntil(lambda: bool(failures))
    assert [type(f) for f in failures] == [Cancelled]
    assert reports[0] == ProgressReport("Counting", 1, 1000)
    assert written == [1]  # stopped at the next safe point
    assert presented == [] and operation.done
    operations.shutdown()


def test_work_cancelled_before_it_starts_does_not_leave_the_app_busy(qtbot) -> None:
    operations, _ = make_operations()
    owner = QWidget()
    qtbot.addWidget(owner)
    release = threading.Event()
    operations.run(lambda: release.wait(5), owner=owner)
    queued = operations.run_long(lambda progress: None, owner=owner)
    queued.cancel()
    release.set()
    qtbot.waitUntil(lambda: not operations.is_busy)
    operations.shutdown()
