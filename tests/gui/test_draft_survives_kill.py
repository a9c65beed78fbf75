"""A session note being typed survives the app being killed outright (SIGKILL, no clean-up).

A child process runs the real app offscreen on a vault: unlocks through the unlock page, opens
the first case, opens the session editor and types a note. Once the encrypted draft is in the
vault it says so; the parent kills it. The draft must be in the vault, and the app started
again must offer it back in the session editor.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from survivorapp.domain.case import Case
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess
from tests.gui.test_app_flow import make_controller, open_first_case, unlocked
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

NOTE = "Half-way through writing about the court visit plan"
REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys, time
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import survivorapp.ui.case.session_editor_dialog as editor_module
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring

folder, user, passphrase, note = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
editor_module.DRAFT_DELAY_MS = 100  # the real delay is a few seconds


def wait(condition, what):
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.005)


app = QApplication([])
controller = AppController(app, VaultAccess(KeyringSecretStore(MemoryKeyring())), folder)
controller.start()
page = controller.unlock_page
page.user_edit.setText(user)
page.passphrase_edit.setText(passphrase)
page.submit()
wait(lambda: controller.caseload_page is not None, "the workspace")
caseload = controller.caseload_page
wait(lambda: caseload.model.rowCount() > 0, "the caseload")
wait(lambda: caseload.model.row_at(0) is not None, "the first row")
index = caseload.model.index(0, 0)
caseload.table.activated.emit(index)
view = controller.case_view
wait(lambda: view.tabs.isVisible(), "the case")
view.sessions_tab.log_button.click()
wait(lambda: view.editor is not None, "the session editor")
QTest.keyClicks(view.editor.note, note)
session, key = controller.session, f"session:{view.reference}:new"


def draft_written():
    draft = controller.operations.call(lambda: session.drafts.get(key))
    return draft is not None and note in draft.text


wait(draft_written, "the draft")
print("DRAFT-SAVED", flush=True)
time.sleep(120)
"""


def _case(vault_dir: Path, access: VaultAccess) -> str:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        case = session.cases.open_new_case(
            Survivor(reference="", name="Kestrel Test", known_as="Kes"),
            Case(
                reference="",
                survivor_reference="",
                referral_date=dt.date(2026, 3, 2),
                service_line="isva",
                status="waiting",
                referral_source="self",
            ),
        )
        session.cases.allocate(case.reference, ADMIN)
    return case.reference


def _run_until_draft_saved(tmp_path: Path, vault_dir: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, str(script), str(vault_dir), ADMIN, ADMIN_PASSPHRASE, NOTE],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 45
        line = ""
        while "DRAFT-SAVED" not in line:
            if child.poll() is not None or time.monotonic() > deadline:
                child.kill()
                _, err = child.communicate(timeout=10)
                pytest.fail(f"the child never saved its draft: {line!r} {err[-2000:]}")
            ready, _, _ = select.select([child.stdout], [], [], 0.5)
            if ready:
                line = child.stdout.readline()
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)  # no clean-up, no flush, no lock
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL


def test_a_draft_survives_the_app_being_killed(
    qtbot: QtBot,
    qapp: QApplication,
    access: VaultAccess,
    vault_dir: Path,
    tmp_path: Path,
) -> None:
    reference = _case(vault_dir, access)
    _run_until_draft_saved(tmp_path, vault_dir)

    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        drafts = session.drafts.for_case(reference)
    assert len(drafts) == 1
    assert NOTE in drafts[0].text

    controller = make_controller(qapp, access, vault_dir)
    try:
        unlocked(qtbot, controller)
        open_first_case(qtbot, controller)
        view = controller.case_view
        assert view is not None
        assert "unsaved session note" in view.loading.text()
        view.sessions_tab.log_button.click()
        qtbot.waitUntil(lambda: view.editor is not None, timeout=10_000)
        editor = view.editor
        assert editor is not None
        assert editor.note.toPlainText() == NOTE
        assert editor.recovered.isVisibleTo(editor)
    finally:
        controller.shutdown()
