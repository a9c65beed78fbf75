"""Before Qt starts: is there a screen, and does this Linux have the libraries Qt's xcb needs?

Qt's xcb platform plugin aborts with a cryptic message when a library is missing. We look first
and name the missing pieces and the command that installs them.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

# library soname stem -> Debian/Ubuntu package
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def problems() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return []
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return [
            "No screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start survivorapp "
            "from a desktop session, or on a server run it under a virtual screen: "
            "apt-get install -y xvfb && xvfb-run make run"
        ]
    if platform.startswith("wayland") or (
        os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY")
    ):
        return []
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if not missing:
        return []
    return [
        "Qt needs some system libraries that are not installed: "
        + ", ".join(missing)
        + ". On Debian or Ubuntu install them with: sudo apt-get install -y "
        + " ".join(missing)
    ]


def main() -> int:
    found = problems()
    for problem in found:
        sys.stderr.write(problem + "\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
