"""Running vault work for a widget that may be gone by the time the answer comes back.

Pages are rebuilt when the vault locks or the organisation's wording changes; a load started
just before (say, when the page came to the front as its neighbour was removed) must then be
dropped, not shown on a deleted widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from survivorapp.ui.operations import Operations


def run_for(
    widget: QWidget,
    operations: Operations,
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    changed: str | None = None,
) -> None:
    """``operations.run``, calling back only while ``widget`` still exists."""

    operations.run(work, on_success, on_failure, owner=widget, changed=changed)
