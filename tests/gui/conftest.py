"""Each GUI test starts with no windows left over from the one before.

A window left open (say a modal dialog) would swallow later tests' clicks, and a style sheet
left on the shared QApplication would make results depend on test order.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def clean_qt_application(qapp: QApplication) -> Iterator[None]:
    qapp.setStyleSheet("")
    yield
    leftovers = [w for w in qapp.topLevelWidgets() if w.isVisible()]
    for widget in leftovers:
        widget.setParent(None)  # type: ignore[call-overload]
        widget.close()
        widget.deleteLater()
    qapp.setStyleSheet("")
    qapp.processEvents()
