"""The one justice dialog open at a time, shared by the parts of the Justice journey tab.

Each part (the matter header, the events, the court preparation panel, the tab's own matter
and case buttons) opens its dialogs here, so opening one closes any other, and the case view's
answer (saved, or refused with problems) always reaches the dialog that asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from survivorapp.domain.problems import Problem
from survivorapp.ui.widgets.small_dialog import SmallDialog


class DialogSlot:
    """Holds the open dialog; ``on_open`` runs as each new one opens (the tab hides its own
    problem line, which belonged to the last request)."""

    def __init__(self, on_open: Callable[[], None]) -> None:
        self._on_open = on_open
        self.dialog: SmallDialog | None = None

    def open(self, dialog: SmallDialog) -> None:
        self._on_open()
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: SmallDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def saved(self) -> None:
        """The last request was stored: close its dialog."""
        if self.dialog is not None:
            self.dialog.accept()

    def show_problems(self, problems: Sequence[Problem] | str) -> bool:
        """Show the service's problems in the open dialog; False when there is none to show
        them (the tab then shows them itself)."""
        if self.dialog is None:
            return False
        self.dialog.show_problems(problems)
        return True
