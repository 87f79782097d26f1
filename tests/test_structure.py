"""The package's shape: every SQL statement behind the store interface, stages that never
reach the store, and no import cycle between modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyweave"
STAGES = ("ingest", "analyze", "link", "reconcile", "render")
# SQL keywords as statements write them (upper case), and the calls that run statements.
SQL = re.compile(
    r"\bexecute(?:many|script)?\(|\bSELECT\s|\bINSERT\s|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIRTUAL|TRIGGER|VIEW)\b|\bPRAGMA\s|\bsqlite3\b"
    r"|\bpsycopg\b"
)
# No import cycle is tolerated; a cycle to be removed later would be listed here.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports, at any level (inside functions too: a lazy
    import still ties two modules together)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, *([node.module] if node.module else [])])
                # "from . import timex" imports the module timex; "from .x import f" imports x.
                subs = [f"{base}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in modules] or [base]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        graph[name] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_sql_outside_the_store():
    hits = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "store" or not path.is_file():
            continue
        if path.suffix == ".sql":
            hits.append(f"{rel}: an SQL file")
        elif path.suffix == ".py":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SQL.search(line):
                    hits.append(f"{rel}:{n}: {line.strip()}")
    assert not hits, "SQL outside src/storyweave/store/:\n" + "\n".join(hits)


def test_the_sql_check_finds_sql():
    for line in ('db.execute("x")', "rows = 'SELECT id FROM articles'", "DELETE FROM stories",
                 "CREATE TABLE t (a)", "UPDATE origins SET file = ?", "import sqlite3"):  # fmt: skip
        assert SQL.search(line), line
    for line in ("# select the best story", "Update the index", "created a table of names"):
        assert not SQL.search(line), line


def test_stages_never_import_the_store():
    graph = imports(_modules())
    bad = [
        f"{name} imports {dep}"
        for name, deps in graph.items()
        if name.split(".")[1:2] and name.split(".")[1] in STAGES
        for dep in deps
        if dep.startswith("storyweave.store")
    ]
    assert not bad, bad


def test_no_import_cycle():
    found = [c for c in cycles(imports(_modules())) if c not in KNOWN_CYCLES]
    assert not found, [sorted(c) for c in found]


def test_the_cycle_check_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert cycles({"a": {"b"}, "b": set()}) == []
