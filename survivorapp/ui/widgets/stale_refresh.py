"""Reloading a view when what it shows has changed, written once.

A page that reads the vault must not ask again on every write (a manager's diary takes a second
and a half across 100,000 cases) nor show old figures after one. The rule every list page
follows: when ``vault_changed`` says a kind of record it shows has changed, it is *stale*; a
stale view reloads as soon as it is on screen (at once if it already is), and a view that is not
on screen asks nothing. :class:`StaleRefresh` holds that rule; the page or presenter supplies
how to reload and how to tell whether it is on screen, and calls :meth:`StaleRefresh.shown`
when it comes to the front (:meth:`StaleRefresh.for_widget` does both for a widget that is its
own view: on screen while visible, checked each time it is shown). A view that counts to today
(waits, what is due) also goes stale overnight: given ``today``, it reloads when shown on a
later day than it last loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from survivorapp.ui.changes import Changes
from survivorapp.ui.operations import Operations


class StaleRefresh(QObject):
    """Marks a view stale on the changes it cares about; reloads it when it is shown.

    ``kinds`` names the :class:`Changes` fields that touch what the view shows; None means
    any change does (a dashboard that shows a little of everything), and an empty tuple none
    (a case's tab, marked stale by the case view that owns it). ``today`` (the clock, e.g.
    ``date.today``) makes a view shown on a new day reload too. A view starts stale, so it
    loads the first time it is shown. Parent it to the view: it stops listening when the view
    goes, or at :meth:`stop` (the vault is locking).
    """

    def __init__(
        self,
        operations: Operations,
        reload: Callable[[], None],
        on_screen: Callable[[], bool],
        kinds: tuple[str, ...] | None = None,
        parent: QObject | None = None,
        *,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        if kinds is not None:
            Changes().touches(*kinds)  # a misspelt kind fails here, not by never refreshing
        self._operations = operations
        self._reload = reload
        self._on_screen = on_screen
        self._kinds = kinds
        self._today = today
        self._loaded_on: date | None = None
        self._stale = True
        self._active = True
        self._listening = kinds != ()
        if self._listening:
            operations.vault_changed.connect(self.on_operations_vault_changed)

    @classmethod
    def for_widget(
        cls,
        operations: Operations,
        view: QWidget,
        reload: Callable[[], None],
        kinds: tuple[str, ...] | None = None,
        *,
        today: Callable[[], date] | None = None,
    ) -> StaleRefresh:
        """For a page or tab that is its own view: it is on screen while visible, and each time
        it is shown it reloads if stale (so the view needs no ``showEvent`` of its own)."""
        refresh = cls(operations, reload, view.isVisible, kinds, parent=view, today=today)
        view.installEventFilter(refresh)
        return refresh

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shown()
        return False

    @property
    def stale(self) -> bool:
        return self._stale

    @property
    def active(self) -> bool:
        return self._active

    def mark_stale(self) -> None:
        """What is shown may be out of date: reload now if on screen, else when next shown."""
        self._stale = True
        if self._on_screen():
            self.reload()

    def shown(self) -> None:
        """The view came to the front: reload if something changed since it last loaded, or
        (with ``today``) if it last loaded on an earlier day."""
        if (self._stale or self._new_day()) and self._on_screen():
            self.reload()

    def _new_day(self) -> bool:
        return self._today is not None and self._loaded_on != self._today()

    def loaded(self) -> None:
        """The view has just read afresh on its own (a new filter, its first load): nothing
        it shows is stale any more."""
        self._stale = False
        if self._today is not None:
            self._loaded_on = self._today()

    def reload(self) -> None:
        """Load now (also for a change the view itself asks for: a new filter, say)."""
        if not self._active:
            return
        self._stale = False
        if self._today is not None:
            self._loaded_on = self._today()
        self._reload()

    def on_operations_vault_changed(self, changes: Changes) -> None:
        if self._kinds is None or changes.touches(*self._kinds):
            self.mark_stale()

    def stop(self) -> None:
        """The vault is locking: ask it nothing more."""
        if self._active:
            self._active = False
            if self._listening:
                self._operations.vault_changed.disconnect(self.on_operations_vault_changed)
