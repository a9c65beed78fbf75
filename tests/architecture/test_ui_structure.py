"""The desktop app's house rules: features in folders, one way to run work, one table kit.

Read from the source with the AST, like the layer rules. Each rule has a test that feeds it a
small file breaking it, so a checker that silently finds nothing cannot pass. The size limits
(modules of at most 400 lines, functions of at most 60) hold for the whole package, not only
the desktop app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.architecture.source import imports_of

PACKAGE = Path(__file__).resolve().parents[2] / "survivorapp"
UI = PACKAGE / "ui"
TESTS = Path(__file__).resolve().parents[1]
SHARED = {"widgets", "operations", "errors", "changes", "preferences"}
"""Top-level ui modules and the shared-widgets folder: any feature may use these."""
PUBLIC_MODULES = ("page", "tab", "presenter", "runner", "services")
PUBLIC_SUFFIXES = ("_dialog", "_wizard")
"""What a feature shows to other features: its pages, tabs, presenters, dialogs and wiring.
Everything else in a feature folder is its own business."""
MAX_MODULES = 15
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SYNCHRONOUS_CALL_ALLOWED = {Path("app/controller.py")}
"""Only shutting down waits on the vault thread (the window must not close before the lock)."""


def ui_modules(root: Path = UI) -> list[Path]:
    return sorted(root.rglob("*.py"))


def feature_of(path: Path, root: Path = UI) -> str | None:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else None


def cross_feature_leaks(paths: list[Path], root: Path = UI) -> list[str]:
    """Imports of another feature's private helpers."""
    problems = []
    for path in paths:
        own = feature_of(path, root)
        for line, module in imports_of(path):
            parts = module.split(".")
            if parts[:2] != ["survivorapp", "ui"] or len(parts) < 4:
                continue
            other, leaf = parts[2], parts[3]
            if other in SHARED or other == own or (own is None and other == "app"):
                continue
            public = leaf in PUBLIC_MODULES or leaf.endswith(PUBLIC_SUFFIXES)
            if not public and module == ".".join(parts[:4]):
                problems.append(f"{path.relative_to(root)}:{line} uses {module}")
    return problems


def operation_calls(path: Path) -> Iterator[tuple[int, str, set[str]]]:
    """(line, method, keyword names) for each ``<...operations>.run/run_long/call(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run", "run_long", "call")
            and "operations" in ast.unparse(node.func.value).lower()
        ):
            yield node.lineno, node.func.attr, {k.arg for k in node.keywords if k.arg}


def unguarded_operations(paths: list[Path], root: Path = UI) -> list[str]:
    problems = []
    for path in paths:
        where = path.relative_to(root)
        for line, method, keywords in operation_calls(path):
            if method == "call" and where not in SYNCHRONOUS_CALL_ALLOWED:
                problems.append(f"{where}:{line} waits on the vault thread (Operations.call)")
            elif method != "call" and "owner" not in keywords:
                problems.append(f"{where}:{line} runs work without owner=")
            if "changed" in keywords:
                problems.append(f"{where}:{line} names a change as text (use changes=Changes)")
    return problems


def private_guards(paths: list[Path], root: Path = UI) -> list[str]:
    """Copies of the 'drop the answer if the widget has gone' guard outside operations.py."""
    problems = []
    for path in paths:
        if path.name == "operations.py" and path.parent == root:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "_run":
                problems.append(f"{path.relative_to(root)}:{node.lineno} defines _run")
        for line, module in imports_of(path):
            if module == "shiboken6" or module.startswith("shiboken6."):
                problems.append(f"{path.relative_to(root)}:{line} imports shiboken6")
    return problems


def oversized(paths: list[Path], root: Path = UI) -> list[str]:
    problems = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root)
        if text.count("\n") > MAX_MODULE_LINES:
            problems.append(f"{where} has {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{where}:{node.lineno} {node.name} has {length} lines")
    return problems


def crowded_folders(root: Path = UI) -> list[str]:
    problems = []
    for folder in sorted(p for p in root.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        if len(modules) > MAX_MODULES:
            problems.append(f"{folder.relative_to(root)} holds {len(modules)} modules")
        prefixed = [p.name for p in modules if p.stem.startswith(folder.name + "_")]
        if prefixed:
            problems.append(f"{folder.relative_to(root)}: prefixes repeat the folder: {prefixed}")
    return problems


def table_models(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "TableModel" in ast.unparse(base) for base in node.bases
            ):
                yield node.name


def untested_table_models(paths: list[Path], tests: Path = TESTS) -> list[str]:
    test_text = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py"))
    return [name for name in table_models(paths) if name + "(" not in test_text]


# --- the rules, on the real code ----------------------------------------------------------------


def test_features_use_each_other_only_through_pages_tabs_and_dialogs() -> None:
    assert not (problems := cross_feature_leaks(ui_modules())), "\n".join(problems)


def test_every_operation_has_an_owner_and_only_shutdown_waits() -> None:
    assert not (problems := unguarded_operations(ui_modules())), "\n".join(problems)


def test_the_widget_gone_guard_is_written_once() -> None:
    assert not (problems := private_guards(ui_modules())), "\n".join(problems)


def test_every_module_and_function_of_the_package_stays_small() -> None:
    """The desktop app's limits, for domain, vault, services, reporting and cli too."""
    modules = sorted(PACKAGE.rglob("*.py"))
    layers = {path.relative_to(PACKAGE).parts[0] for path in modules}
    assert {"domain", "vault", "services", "reporting", "cli", "ui"} <= layers, layers
    assert not (problems := oversized(modules, PACKAGE)), "\n".join(problems)


def test_folders_stay_small_and_names_do_not_repeat_them() -> None:
    assert not (problems := crowded_folders()), "\n".join(problems)


def test_every_table_model_is_built_by_a_test() -> None:
    models = list(table_models(ui_modules()))
    assert len(models) >= 15, models  # the walker finds the app's models
    assert not (problems := untested_table_models(ui_modules())), "\n".join(problems)


def test_tables_are_set_up_by_the_kit() -> None:
    """Row heights, selection and Tab behaviour are decided in one place."""
    problems = [
        f"{path.relative_to(UI)}:{node.lineno}"
        for path in ui_modules()
        if path.name != "table_kit.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("setSelectionBehavior", "setTabKeyNavigation")
        and "table" in ast.unparse(node.func.value).lower()
    ]
    assert not problems, "\n".join(problems)


# --- each checker catches what it claims to -----------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_feature_rule_would_catch_a_private_helper(tmp_path: Path) -> None:
    root = tmp_path / "ui"
    leak = write(
        root / "caseload" / "page.py",
        "from survivorapp.ui.case.answer_widgets import AnswerCombo\n"
        "from survivorapp.ui.case.page import CaseViewPage\n"
        "from survivorapp.ui.referrals.status_dialog import StatusDialog\n"
        "from survivorapp.ui.widgets.fields import date_field\n",
    )
    assert cross_feature_leaks([leak], root) == [
        "caseload/page.py:1 uses survivorapp.ui.case.answer_widgets"
    ]


def test_the_operations_rule_would_catch_a_missing_owner(tmp_path: Path) -> None:
    root = tmp_path / "ui"
    bad = write(
        root / "today" / "page.py",
        "def load(self):\n"
        "    self._operations.run(work, shown)\n"
        "    self._operations.run(work, shown, owner=self, changed='cases')\n"
        "    self._operations.call(work)\n"
        "    self._operations.run_long(work, owner=self)\n",
    )
    assert unguarded_operations([bad], root) == [
        "today/page.py:2 runs work without owner=",
        "today/page.py:3 names a change as text (use changes=Changes)",
        "today/page.py:4 waits on the vault thread (Operations.call)",
    ]


def test_the_guard_rule_would_catch_a_private_copy(tmp_path: Path) -> None:
    root = tmp_path / "ui"
    bad = write(
        root / "admin" / "page.py",
        "import shiboken6\n\nclass Page:\n    def _run(self, work):\n        pass\n",
    )
    assert private_guards([bad], root) == [
        "admin/page.py:4 defines _run",
        "admin/page.py:1 imports shiboken6",
    ]


def test_the_size_rules_would_catch_a_long_function_and_a_crowded_folder(tmp_path: Path) -> None:
    root = tmp_path / "ui"
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    long = write(root / "today" / "page.py", f"def build():\n{body}")
    assert oversized([long], root) == [f"today/page.py:1 build has {MAX_FUNCTION_LINES + 1} lines"]
    for i in range(MAX_MODULES + 1):
        write(root / "justice" / f"part{i}.py", "")
    write(root / "justice" / "justice_tab.py", "")
    assert crowded_folders(root) == [
        f"justice holds {MAX_MODULES + 2} modules",
        "justice: prefixes repeat the folder: ['justice_tab.py']",
    ]


def test_the_table_model_rule_would_catch_an_untested_model(tmp_path: Path) -> None:
    model = write(
        tmp_path / "ui" / "model.py",
        "class RowsTableModel(ListTableModel[int]):\n    pass\n"
        "class OtherTableModel(QAbstractTableModel):\n    pass\n",
    )
    tests = tmp_path / "tests"
    write(tests / "test_rows.py", "model = RowsTableModel()\n")
    assert untested_table_models([model], tests) == ["OtherTableModel"]


@pytest.mark.parametrize("name", ["page", "tab", "presenter", "contact_attempt_dialog"])
def test_pages_tabs_presenters_and_dialogs_are_public(name: str, tmp_path: Path) -> None:
    user = write(tmp_path / "ui" / "app" / "x.py", f"from survivorapp.ui.case.{name} import A\n")
    assert cross_feature_leaks([user], tmp_path / "ui") == []
