"""The shape of the apps, read from the code's own imports (function-local ones included)."""

import ast
import sys
from pathlib import Path

APPS_DIR = Path(__file__).resolve().parents[2] / "apps"


def app_imports():
    """{app: {other app it imports}} over every module outside migrations."""
    graph = {}
    for path in APPS_DIR.rglob("*.py"):
        parts = path.relative_to(APPS_DIR).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        app = parts[0]
        targets = graph.setdefault(app, set())
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                bits = name.split(".")
                if bits[0] == "apps" and len(bits) > 1 and bits[1] != app:
                    targets.add(bits[1])
    return graph


def reaches(graph, start):
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_core_imports_no_other_app():
    assert app_imports()["core"] == set()


def test_kernel_and_space_apps_are_in_no_cycle():
    graph = app_imports()
    for app in ("core", "accounts", "spaces", "taxonomy", "backoffice"):
        assert app not in reaches(graph, app), f"{app} is in an import cycle"


def test_backoffice_imports_no_content_app():
    assert app_imports()["backoffice"] <= {"core", "spaces"}


def cycles(graph):
    """The strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in list(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_between_apps():
    assert cycles(app_imports()) == []


def test_generic_apps_import_no_content_app():
    """Comments, notifications and moderation know content only through apps/core/content.py."""
    graph = app_imports()
    for generic in ("comments", "notifications", "moderation"):
        assert not {"proposals", "supports"} & graph[generic], (generic, graph[generic])
    assert "comments" not in graph["moderation"]  # comments are reportable content: hidden through the contract


def test_the_walker_sees_deferred_imports(tmp_path, monkeypatch):
    app = tmp_path / "apps" / "demoapp"
    app.mkdir(parents=True)
    source = "def f():\n    from apps.spaces.models import Process\n    import apps.taxonomy.models\n"
    (app / "views.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "APPS_DIR", tmp_path / "apps")
    assert app_imports() == {"demoapp": {"spaces", "taxonomy"}}
