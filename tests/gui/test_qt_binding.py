"""The Qt binding must not leak references on signals and slots.

PySide6-Essentials 6.12.0 on Python 3.11 loses a reference to True or None on every emit from
Python and every Python slot call; after a few thousand the interpreter aborts with
"deallocating True or False". The app emits on every operation and keystroke, so a working day
would crash it. This runs the loop in a child process, so a bad binding fails this test rather
than killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])

class Emitter(QObject):
    value = Signal(object)
    flag = Signal(bool)

emitter = Emitter()
emitter.value.connect(lambda _v: None)
emitter.flag.connect(lambda _v: None)
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for i in range(5000):
    emitter.value.emit(i)
    emitter.flag.emit(True)
    app.processEvents()
print(sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before)
"""


def test_signals_and_slots_keep_reference_counts_balanced() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, f"the Qt binding crashed the interpreter: {result.stderr[-500:]}"
    true_delta, none_delta = (int(x) for x in result.stdout.split())
    assert abs(true_delta) < 100 and abs(none_delta) < 100, (true_delta, none_delta)
