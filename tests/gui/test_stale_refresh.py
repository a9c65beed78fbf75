"""The stale-refresh rule as a plain object: stale on the changes a view shows, reloaded when
on screen, nothing asked while hidden, nothing at all once stopped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from survivorapp.ui.changes import Changes
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.stale_refresh import StaleRefresh


class View:
    def __init__(self) -> None:
        self.on_screen = False
        self.loads = 0

    def reload(self) -> None:
        self.loads += 1


@pytest.fixture
def operations() -> Iterator[Operations]:
    ops = Operations(on_error=lambda exc: None)
    yield ops
    ops.shutdown()


def watch(operations: Operations, view: View, kinds: tuple[str, ...] | None) -> StaleRefresh:
    return StaleRefresh(operations, view.reload, lambda: view.on_screen, kinds=kinds)


def test_a_view_loads_when_first_shown_and_not_again_until_something_changes(
    operations: Operations,
) -> None:
    view = View()
    refresh = watch(operations, view, ("cases",))
    assert refresh.stale
    refresh.shown()  # not on screen yet: nothing asked
    assert view.loads == 0
    view.on_screen = True
    refresh.shown()
    refresh.shown()
    assert view.loads == 1 and not refresh.stale


def test_only_the_changes_it_shows_make_it_stale(operations: Operations) -> None:
    view = View()
    refresh = watch(operations, view, ("cases", "waiting_list"))
    view.on_screen = True
    refresh.shown()
    operations.vault_changed.emit(Changes(feedback=True))
    assert view.loads == 1 and not refresh.stale
    operations.vault_changed.emit(Changes(feedback=True, waiting_list=True))
    assert view.loads == 2  # on screen: reloaded at once


def test_a_hidden_view_waits_until_it_is_shown(operations: Operations) -> None:
    view = View()
    refresh = watch(operations, view, None)  # any change
    operations.vault_changed.emit(Changes(settings=True))
    operations.vault_changed.emit(Changes(cases=True))
    assert view.loads == 0 and refresh.stale
    view.on_screen = True
    refresh.shown()
    assert view.loads == 1  # two changes, one reload


def test_reload_asks_at_once_and_stop_ends_everything(operations: Operations) -> None:
    view = View()
    refresh = watch(operations, view, ("cases",))
    refresh.reload()  # the view's own reason (a new filter), shown or not
    assert view.loads == 1 and not refresh.stale
    refresh.stop()
    view.on_screen = True
    operations.vault_changed.emit(Changes(cases=True))
    refresh.reload()
    refresh.shown()
    assert view.loads == 1 and not refresh.active
    refresh.stop()  # twice is harmless


def test_it_stops_listening_when_its_view_goes(operations: Operations) -> None:
    view = View()
    view.on_screen = True
    owner = QObject()
    StaleRefresh(operations, view.reload, lambda: view.on_screen, ("cases",), parent=owner)
    operations.vault_changed.emit(Changes(cases=True))
    assert view.loads == 1
    shiboken6.delete(owner)  # the page is taken down (the vault locks, the wording changes)
    operations.vault_changed.emit(Changes(cases=True))
    assert view.loads == 1


def test_a_misspelt_kind_fails_at_once(operations: Operations) -> None:
    with pytest.raises(ValueError, match="unknown kinds"):
        watch(operations, View(), ("case",))


def test_with_a_clock_a_view_shown_on_a_new_day_reloads(operations: Operations) -> None:
    view = View()
    day = [dt.date(2025, 3, 3)]
    refresh = StaleRefresh(
        operations, view.reload, lambda: view.on_screen, ("cases",), today=lambda: day[0]
    )
    view.on_screen = True
    refresh.shown()
    refresh.shown()  # the same day, nothing changed: nothing asked
    assert view.loads == 1
    day[0] += dt.timedelta(days=1)  # waits and what is due are counted to today
    assert not refresh.stale
    refresh.shown()
    refresh.shown()
    assert view.loads == 2
    view.on_screen = False
    day[0] += dt.timedelta(days=1)
    refresh.shown()  # off screen it still asks nothing
    assert view.loads == 2


def test_without_a_clock_a_new_day_alone_asks_nothing(operations: Operations) -> None:
    view = View()
    refresh = watch(operations, view, ("cases",))
    view.on_screen = True
    refresh.shown()
    refresh.shown()
    assert view.loads == 1


def test_a_view_with_no_kinds_is_marked_stale_only_by_its_owner(operations: Operations) -> None:
    view = View()
    refresh = watch(operations, view, ())  # a case's tab: the case view says when
    view.on_screen = True
    refresh.shown()
    operations.vault_changed.emit(Changes(cases=True, referrals=True, feedback=True))
    assert view.loads == 1 and not refresh.stale
    refresh.mark_stale()
    assert view.loads == 2
    view.on_screen = False
    refresh.mark_stale()
    assert view.loads == 2 and refresh.stale
    refresh.stop()
    assert not refresh.active


def test_a_widget_that_is_its_own_view_reloads_when_shown(
    operations: Operations, qtbot: QtBot
) -> None:
    view = View()
    widget = QWidget()
    qtbot.addWidget(widget)
    refresh = StaleRefresh.for_widget(operations, widget, view.reload, ("cases",))
    assert view.loads == 0  # not on screen yet
    widget.show()
    assert view.loads == 1
    widget.hide()
    operations.vault_changed.emit(Changes(cases=True))
    assert view.loads == 1 and refresh.stale  # hidden: nothing asked
    widget.show()
    assert view.loads == 2
    operations.vault_changed.emit(Changes(cases=True))
    assert view.loads == 3  # on screen: at once
    widget.hide()
    widget.show()
    assert view.loads == 3  # shown again with nothing changed
