"""Composition root of the desktop app: builds services and windows and wires them together.

Nothing here is global: the controller owns the vault access object, the worker thread and the
window, and hands each page what it needs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from survivorapp.paths import default_vault_dir, demo_vault_dir
from survivorapp.services.access import VaultAccess
from survivorapp.services.synthetic.demo import is_demo_folder


def choose_vault_folder(args: Sequence[str]) -> tuple[Path, bool]:
    """The vault to open: ``--vault-dir DIR``, else the real vault if one exists, else the demo.

    Returns the folder and whether it is the demo vault.
    """
    if "--vault-dir" in args:
        index = list(args).index("--vault-dir")
        if index + 1 < len(args):
            folder = Path(args[index + 1])
            return folder, is_demo_folder(folder)
    real = default_vault_dir()
    if "--demo" not in args and (real / "keyslots.json").exists():
        return real, False
    return demo_vault_dir(), True


def run_gui(args: Sequence[str]) -> int:
    from survivorapp.ui.app import preflight

    found = preflight.problems()
    if found:
        for problem in found:
            sys.stderr.write(problem + "\n")
        return 1

    from PySide6.QtWidgets import QApplication

    from survivorapp.ui.app.controller import AppController

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("survivorapp")
    app.setOrganizationName("survivorapp")
    folder, demo = choose_vault_folder(args)
    controller = AppController(app, VaultAccess(), folder, demo=demo)
    controller.start()
    return app.exec()
