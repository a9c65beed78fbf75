"""Entry point: no arguments starts the desktop app; anything else is the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from survivorapp.logging_setup import install_excepthook, setup_logging
from survivorapp.vault.partials import sweep as sweep_partials


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
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
