"""The layers import one way only, Qt stays in the UI, SQL stays in the vault, no module imports
itself round a circle, and nothing opens a network connection.

Walks every module's source with the AST (not by importing), so an import hidden inside a
function counts too (see ``source.py``). Every rule has a test below that feeds it a small
file breaking it, so a walker that silently finds nothing cannot pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.source import (
    cycles,
    import_graph,
    imports_of,
    matches,
    sql_calls,
    sql_literals,
)

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
    "cli": (
        "PySide6",
        "sqlcipher3",
        "sqlite3",
        "survivorapp.vault",
        "survivorapp.reporting",
        "survivorapp.ui",
        "survivorapp.app",
    ),
}
CLI_MAY_IMPORT = (
    "survivorapp.cli",
    "survivorapp.services",
    "survivorapp.domain",
    "survivorapp.paths",
    "survivorapp.logging_setup",
)
"""The command line calls the services, like the desktop app; ``from survivorapp import
__version__`` is allowed too."""
UI_NEVER_IMPORTS_REPORTING = ("survivorapp.reporting",)
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


def modules_in(layer: str, package: Path = PACKAGE) -> list[Path]:
    return sorted((package / layer).rglob("*.py"))


def outside_the_vault(package: Path = PACKAGE) -> list[Path]:
    return [p for p in sorted(package.rglob("*.py")) if "vault" not in p.relative_to(package).parts]


def forbidden_imports(paths: list[Path], prefixes: tuple[str, ...]) -> list[str]:
    return [
        f"{path}:{line} imports {module}"
        for path in paths
        for line, module in imports_of(path)
        if any(matches(module, prefix) for prefix in prefixes)
    ]


def cli_imports_beyond_the_services(paths: list[Path]) -> list[str]:
    return [
        f"{path}:{line} imports {module}"
        for path in paths
        for line, module in imports_of(path)
        if matches(module, "survivorapp")
        and module not in ("survivorapp", "survivorapp.__version__")
        and not any(matches(module, allowed) for allowed in CLI_MAY_IMPORT)
    ]


def sql_outside_the_vault(paths: list[Path]) -> list[str]:
    return [str(finding) for path in paths for finding in (*sql_literals(path), *sql_calls(path))]


def import_cycles(package: Path) -> list[str]:
    return [" <-> ".join(component) for component in cycles(import_graph(package))]


# --- the rules, applied to the package ------------------------------------------------------


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_allowed_layers(layer: str) -> None:
    assert modules_in(layer), f"no modules found in {layer}"
    problems = forbidden_imports(modules_in(layer), FORBIDDEN[layer])
    assert not problems, "\n".join(problems)


def test_the_command_line_calls_only_the_services() -> None:
    """cli imports services, domain, paths, logging_setup and the version: never the vault,
    the reporting code, the UI, Qt or SQLCipher (FORBIDDEN["cli"] names those outright)."""
    problems = cli_imports_beyond_the_services(modules_in("cli"))
    assert not problems, "\n".join(problems)


def test_the_desktop_app_never_imports_reporting() -> None:
    """Disclosure control runs in services, off the GUI thread; the UI sees its results only."""
    problems = forbidden_imports(modules_in("ui"), UI_NEVER_IMPORTS_REPORTING)
    assert not problems, "\n".join(problems)


def test_sql_appears_only_in_the_vault() -> None:
    """No SQL statement in a string, no ``.execute("...")`` and no WHERE or ORDER BY text
    handed to ``Repository.select`` anywhere but ``survivorapp/vault``."""
    problems = sql_outside_the_vault(outside_the_vault())
    assert not problems, "\n".join(problems)


def test_the_sql_rule_sees_the_vaults_own_sql() -> None:
    """Every vault module that talks to the database is found to hold SQL: the rule is not
    blind to the way this code base writes it."""
    talking = [
        p for p in modules_in("vault") if any(f.what.startswith(".execute") for f in sql_calls(p))
    ]
    assert len(talking) > 10
    blind = [str(p) for p in talking if not any(sql_literals(p))]
    assert not blind, "\n".join(blind)


def test_no_module_imports_itself_round_a_circle() -> None:
    problems = import_cycles(PACKAGE)
    assert not problems, "\n".join(problems)


def test_no_network_code_anywhere_in_the_package() -> None:
    problems = forbidden_imports(sorted(PACKAGE.rglob("*.py")), NETWORK)
    assert not problems, "\n".join(problems)


# --- each rule catches what it claims to ----------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_checker_would_catch_a_forbidden_import(tmp_path: Path) -> None:
    """Guard against a walker that silently finds nothing."""
    source = "def f():\n    from PySide6 import QtWidgets\n    import socket\n"
    bad = write(tmp_path / "bad.py", source)
    found = [m for _, m in imports_of(bad)]
    assert any(matches(m, "PySide6") for m in found)
    assert any(matches(m, "socket") for m in found)
    assert forbidden_imports([bad], FORBIDDEN["services"])


def test_a_relative_import_is_resolved_before_it_is_judged(tmp_path: Path) -> None:
    write(tmp_path / "survivorapp" / "__init__.py", "")
    write(tmp_path / "survivorapp" / "ui" / "__init__.py", "")
    page = write(tmp_path / "survivorapp" / "ui" / "page.py", "from ..vault import keyslots\n")
    assert forbidden_imports([page], FORBIDDEN["ui"]) == [
        f"{page}:1 imports survivorapp.vault",
        f"{page}:1 imports survivorapp.vault.keyslots",
    ]


def test_the_cli_rule_would_catch_the_vault_or_reporting(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "commands.py",
        "from survivorapp import __version__\n"
        "from survivorapp.services.access import VaultAccess\n"
        "from survivorapp.domain.errors import UserFacingError\n"
        "from survivorapp.paths import default_vault_dir\n"
        "def keygen():\n"
        "    from survivorapp.reporting.keys import generate_commissioner_keys\n"
        "    from survivorapp.vault.errors import VaultError\n"
        "    import survivorapp.app\n",
    )
    found = cli_imports_beyond_the_services([bad])
    assert [line.split(" imports ")[1] for line in found] == [
        "survivorapp.reporting.keys",
        "survivorapp.reporting.keys.generate_commissioner_keys",
        "survivorapp.vault.errors",
        "survivorapp.vault.errors.VaultError",
        "survivorapp.app",
    ]
    assert forbidden_imports([bad], FORBIDDEN["cli"])


def test_the_ui_rule_would_catch_an_import_of_reporting(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "page.py",
        "from survivorapp.services.returns import ReturnService\n"
        "def preview():\n"
        "    from survivorapp.reporting.disclosure import publish\n",
    )
    assert forbidden_imports([bad], UI_NEVER_IMPORTS_REPORTING) == [
        f"{bad}:3 imports survivorapp.reporting.disclosure",
        f"{bad}:3 imports survivorapp.reporting.disclosure.publish",
    ]


SQL_LEAKS = {
    "select": 'COUNT = "SELECT count(*) FROM sessions WHERE case_reference = ?"\n',
    "lower case": 'q = "select id from cases where reference = ?"\n',
    "insert": "q = \"INSERT INTO vault_meta(key, value) VALUES ('organisation', ?)\"\n",
    "update": 'q = "UPDATE cases SET status = ? WHERE id = ?"\n',
    "delete": 'q = "DELETE FROM case_shares WHERE username = ?"\n',
    "pragma": 'q = "PRAGMA journal_mode"\n',
    "create table": 'q = """\n    CREATE TABLE notes (id INTEGER PRIMARY KEY)\n"""\n',
    "f-string": 'def q(t):\n    return f"SELECT id FROM {t} WHERE x = ?"\n',
    "execute": 'def f(conn, t):\n    conn.execute("VACUUM " + t)\n',
    "where fragment": 'def f(repo, ref):\n    return repo.select("case_reference = ?", (ref,))\n',
    "order by": 'def f(repo):\n    return repo.select(order_by="name COLLATE NOCASE")\n',
}


@pytest.mark.parametrize("leak", sorted(SQL_LEAKS))
def test_the_sql_rule_would_catch_a_leak(leak: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "service.py", SQL_LEAKS[leak])
    assert sql_outside_the_vault([bad]), leak


def test_the_sql_rule_leaves_prose_and_docstrings_alone(tmp_path: Path) -> None:
    fine = write(
        tmp_path / "page.py",
        '"""Runs SELECT count(*) FROM cases in the vault, never here."""\n'
        'HINT = "Select a case from the list, then update the form and set a date."\n'
        'NOTE = "Delete from the vault? Insert into the form. Create table headings."\n'
        'ASK = "Please select cases from the list where you work."\n'
        "def f(card, repo):\n"
        '    """SELECT id FROM cases is what the vault does."""\n'
        "    card.select(chosen)\n"
        "    return repo.select()\n",
    )
    assert sql_outside_the_vault([fine]) == []


def test_the_cycle_rule_would_catch_a_circle_through_a_function_level_import(
    tmp_path: Path,
) -> None:
    package = tmp_path / "survivorapp"
    write(package / "__init__.py", "")
    write(package / "cli" / "__init__.py", "from survivorapp.cli import io, returns\n")
    write(package / "cli" / "io.py", "X = 1\n")  # package -> own module: not a circle
    write(package / "cli" / "returns.py", "from survivorapp.cli.io import X\n")
    write(package / "a.py", "from survivorapp import b\n")
    write(package / "b.py", "def f():\n    from survivorapp.c import g\n")
    write(package / "c.py", "from survivorapp.a import *\n")
    write(
        package / "typed.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from survivorapp.hint import T\n",
    )
    write(package / "hint.py", "from survivorapp import typed\n")  # a circle of types is one too
    assert import_cycles(package) == [
        "survivorapp.a <-> survivorapp.b <-> survivorapp.c",
        "survivorapp.hint <-> survivorapp.typed",
    ]
