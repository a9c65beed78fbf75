"""Reloading a view when what it shows has changed, written once.

A page that reads the vault must not ask again on every write (a manager's diary takes a second
and a half across 100,000 cases) nor show old figures after one. The rule every list page
follows: when ``vault_changed`` says a kind of record it shows has changed, it is *stale*; a
stale view reloads as soon as it is on screen (at once if it already is), and a view that is not
on screen asks nothing. :class:`StaleRefresh` holds that rule; the page or presenter supplies
how to reload and how to tell whether it is on screen, and calls :meth:`StaleRefresh.shown`
when it comes to the front.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from survivorapp.ui.changes import Changes
from survivorapp.ui.operations import Operations


class StaleRefresh(QObject):
    """Marks a view stale on the changes it cares about; reloads it when it is shown.

    ``kinds`` names the :class:`Changes` fields that touch what the view shows; None means
    any change does (a dashboard that shows a little of everything). A view starts stale, so
    it loads the first time it is shown. Parent it to the view: it stops listening when the
    view goes, or at :meth:`stop` (the vault is locking).
    """

    def __init__(
        self,
        operations: Operations,
        reload: Callable[[], None],
        on_screen: Callable[[], bool],
        kinds: tuple[str, ...] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if kinds is not None:
            Changes().touches(*kinds)  # a misspelt kind fails here, not by never refreshing
        self._operations = operations
        self._reload = reload
        self._on_screen = on_screen
        self._kinds = kinds
        self._stale = True
        self._active = True
        operations.vault_changed.connect(self.on_operations_vault_changed)

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
        """The view came to the front: reload if something changed since it last loaded."""
        if self._stale and self._on_screen():
            self.reload()

    def reload(self) -> None:
        """Load now (also for a change the view itself asks for: a new filter, say)."""
        if not self._active:
            return
        self._stale = False
        self._reload()

    def on_operations_vault_changed(self, changes: Changes) -> None:
        if self._kinds is None or changes.touches(*self._kinds):
            self.mark_stale()

    def stop(self) -> None:
        """The vault is locking: ask it nothing more."""
        if self._active:
            self._active = False
            self._operations.vault_changed.disconnect(self.on_operations_vault_changed)
