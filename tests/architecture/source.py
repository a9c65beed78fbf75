"""Reading the package's source with the AST (never importing it) for the architecture rules.

Imports are found wherever they are written, inside functions too. SQL is found in string
literals by the shape of a statement, not by a lone keyword, so prose such as "select a case
from the list" or "update the form" does not trip it. The import graph is between the
package's own modules.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# --- imports ------------------------------------------------------------------------------------


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) for every import in the file, ``from a import b`` giving both
    ``a`` and ``a.b``; relative imports are resolved against the file's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    yield from _imports_in(tree, _package_of(path))


def _imports_in(tree: ast.AST, package: str | None) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            if module is None:
                continue
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, str(node.args[0].value)


def _absolute(node: ast.ImportFrom, package: str | None) -> str | None:
    if node.level == 0:
        return node.module
    if package is None:
        return None
    parts = package.split(".")
    base = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
    return ".".join([*base, node.module] if node.module else base)


def _package_of(path: Path) -> str | None:
    """The dotted package holding ``path``, found by walking up through ``__init__.py`` files."""
    parts: list[str] = []
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or None


def matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


# --- SQL ----------------------------------------------------------------------------------------

_NAME = r'["\w.]+'
SQL_UPPER = re.compile(
    rf"""
      \bSELECT\s+(?:DISTINCT\s+)?(?:\*|[\w."(]).*?\bFROM\s+{_NAME}
    | \bSELECT\s+(?:\d+|\*|count\()
    | \b(?:INSERT|REPLACE)\s+(?:OR\s+[A-Z]+\s+)?INTO\s+{_NAME}
    | \bUPDATE\s+{_NAME}\s+SET\b
    | \bDELETE\s+FROM\s+{_NAME}
    | \bPRAGMA\s+\w+
    | \b(?:CREATE|DROP)\s+(?:TEMP(?:ORARY)?\s+|UNIQUE\s+|VIRTUAL\s+)?
          (?:TABLE|INDEX|VIEW|TRIGGER)\b
    | \bALTER\s+TABLE\b
    """,
    re.VERBOSE | re.DOTALL,
)
"""SQL as this code base writes it: keywords in capitals, then what a statement puts after
them (a table, a column list and FROM ...). Prose does not write SELECT or DELETE FROM."""
SQL_ANY_CASE = re.compile(
    rf"""
      \bselect\s+[\w.*(),\s]+?\s+from\s+{_NAME}
          (?:\s+(?:where|join|order\s+by|group\s+by|limit)\b|\s*;|\s*$)
    | \b(?:insert|replace)\s+(?:or\s+\w+\s+)?into\s+{_NAME}\s*(?:\(|values\b|select\b)
    | \bupdate\s+{_NAME}\s+set\s+{_NAME}\s*=
    | \bdelete\s+from\s+{_NAME}(?:\s+where\b|\s*;|\s*$)
    | \bpragma\s+\w+\s*(?:=|\(|;|$)
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
"""SQL in any case, by the stricter shape of a whole statement, so that "select a case from
the list", "update the form" or "delete from the vault." in a message is not SQL."""
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
"""Methods that send SQL to a connection."""
SQL_FRAGMENT_CALLS = frozenset({"select"})
"""``Repository.select(where, params, order_by=...)``: its text arguments are SQL."""


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.what}"


def looks_like_sql(text: str) -> bool:
    """Whether ``text`` holds a SQL statement (prose that merely uses a keyword does not)."""
    return bool(SQL_UPPER.search(text) or SQL_ANY_CASE.search(text))


def sql_literals(path: Path) -> Iterator[Finding]:
    """String literals (f-string parts included, docstrings left out) holding SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = {id(node) for node in _docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "x"
                for v in node.values
            )
            if looks_like_sql(text):
                yield Finding(path, node.lineno, f"SQL in an f-string: {text[:60]!r}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and looks_like_sql(node.value)
        ):
            yield Finding(path, node.lineno, f"SQL in a string: {node.value[:60]!r}")


def _docstrings(tree: ast.AST) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def sql_calls(path: Path) -> Iterator[Finding]:
    """Calls that hand SQL text to the database: ``conn.execute("...")`` and the like, and
    ``repository.select("case_reference = ?", ...)`` with a text WHERE or ORDER BY."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        texts = [a for a in node.args if _is_text(a)]
        texts += [k.value for k in node.keywords if _is_text(k.value)]
        if name in SQL_CALLS and texts:
            yield Finding(path, node.lineno, f".{name}() with SQL text")
        elif name in SQL_FRAGMENT_CALLS and texts:
            yield Finding(path, node.lineno, f".{name}() with a WHERE or ORDER BY fragment")


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


# --- the import graph and its cycles ------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    """``root/pkg/sub/mod.py`` -> ``pkg.sub.mod``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (inside functions and ``TYPE_CHECKING``
    blocks too: two modules that need each other's types are as tangled as two that import
    each other at run time; a small Protocol on one side unties them).

    ``from a import b`` points at ``a.b`` when that is a module, otherwise at ``a``. Importing
    ``a.b`` also runs ``a/__init__.py``, but that edge is left out: counting it would call
    every package whose ``__init__`` imports its own modules a cycle.
    """
    root = package.parent
    files = {module_name(p, root): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for _, imported in imports_of(path):
            target = _known_module(imported, files)
            if target is not None and target != name:
                graph[name].add(target)
    return graph


def _known_module(dotted: str, modules: Iterable[str]) -> str | None:
    known = set(modules)
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)
