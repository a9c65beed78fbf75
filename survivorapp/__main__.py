"""Entry point: no arguments starts the desktop app; anything else is the command line."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from survivorapp.logging_setup import install_excepthook, setup_logging
from survivorapp.paths import cache_dir, ensure_private_dir
from survivorapp.vault.partials import sweep as sweep_partials


def private_process() -> None:
    """Whatever this process or a library in it creates is owner-only, and stays in our folders.

    The app sets modes explicitly on everything it writes; the umask covers what libraries write
    (Qt, matplotlib, SQLite). matplotlib would otherwise make ``~/.config/matplotlib`` and a
    0644 font cache in ``~/.cache``, or, where it cannot, a folder in the system temp folder.
    """
    if os.name == "posix":
        os.umask(0o077)
    if "MPLCONFIGDIR" not in os.environ:
        with contextlib.suppress(OSError):
            os.environ["MPLCONFIGDIR"] = str(ensure_private_dir(cache_dir() / "matplotlib"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    private_process()
    setup_logging()
    install_excepthook()
    sweep_partials()  # staging folders of exports killed half-way (a crash, kill -9, a power cut)
    if not args or args[0] in ("--demo", "--vault-dir"):
        from survivorapp.app import run_gui  # Qt is imported only for the desktop app

        return run_gui(args)
    from survivorapp.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
