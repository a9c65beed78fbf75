"""The layers import one way only, Qt stays in the UI, and nothing opens a network connection.

Walks every module's imports with the AST (not by importing), so an import hidden inside a
function counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "survivorapp"

# layer -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "PySide6",
        "sqlcipher3",
        "sqlite3",
        "survivorapp.vault",
        "survivorapp.services",
        "survivorapp.ui",
        "survivorapp.reporting",
        "survivorapp.cli",
        "survivorapp.app",
    ),
    "vault": (
        "PySide6",
        "survivorapp.services",
        "survivorapp.ui",
        "survivorapp.reporting",
        "survivorapp.cli",
        "survivorapp.app",
    ),
    "services": ("PySide6", "survivorapp.ui", "survivorapp.cli", "survivorapp.app"),
    "reporting": (
        "PySide6",
        "survivorapp.ui",
        "survivorapp.cli",
        "survivorapp.app",
        "survivorapp.services",
    ),
    "ui": ("survivorapp.vault", "sqlcipher3", "sqlite3"),
}
NETWORK = (
    "socket",
    "ssl",
    "requests",
    "httpx",
    "urllib.request",
    "http.client",
    "aiohttp",
    "smtplib",
    "ftplib",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
)


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, str(node.args[0].value)


def matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def modules_in(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_allowed_layers(layer: str) -> None:
    assert modules_in(layer), f"no modules found in {layer}"
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in modules_in(layer)
        for line, module in imports_of(path)
        if any(matches(module, prefix) for prefix in FORBIDDEN[layer])
    ]
    assert not problems, "\n".join(problems)


def test_no_network_code_anywhere_in_the_package() -> None:
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, module in imports_of(path)
        if any(matches(module, prefix) for prefix in NETWORK)
    ]
    assert not problems, "\n".join(problems)


def test_the_checker_would_catch_a_forbidden_import(tmp_path: Path) -> None:
    """Guard against a walker that silently finds nothing."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtWidgets\n    import socket\n")
    found = [m for _, m in imports_of(bad)]
    assert any(matches(m, "PySide6") for m in found)
    assert any(matches(m, "socket") for m in found)
