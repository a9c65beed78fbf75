"""What every justice form shares: problems shown in its message line.

A justice dialog validates what it built with the domain before emitting it; the case view
may still refuse it (permissions, a stale record), and then the same message line shows why,
with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import SignalInstance

from survivorapp.domain.problems import Problem
from survivorapp.ui.widgets.fields import problems_text
from survivorapp.ui.widgets.small_dialog import SmallDialog


class JusticeDialog(SmallDialog):
    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        self.show_message(problems_text(problems))

    def emit_if_valid(
        self, problems: Sequence[Problem], ready: SignalInstance, *values: object
    ) -> None:
        """Emit ``values`` on ``ready`` when nothing is wrong; otherwise say what is."""
        if problems:
            self.show_problems(problems)
            return
        ready.emit(*values)
