"""Every change a person makes is an ``app`` function returning ``Changes``, and the UI runs
each only through the one runner (``ui.ops.run``): no module under ``ui/`` calls one itself."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

# Modules of ``ui`` allowed to call a mutating function directly, each with why. Keep it empty:
# a new entry needs a reason a change cannot run on the write lane.
ALLOWED: dict[tuple[str, str], str] = {}


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _parsed(package: str) -> dict[str, ast.Module]:
    return {_module(p): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted((REPO / package).rglob("*.py"))}


def _bindings(module: str, tree: ast.Module) -> dict[str, str]:
    """Local name → the dotted name it stands for, from the module's imports (also those inside
    functions)."""
    names: dict[str, str] = {}
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    names[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                source = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1],
                                   *([source] if source else [])])
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
    return names


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def mutating_functions() -> set[str]:
    """The dotted names of the ``app`` functions that return ``Changes``, and the names they
    are imported under in other ``app`` modules."""
    trees = _parsed("app")
    found = {f"{module}.{node.name}" for module, tree in trees.items() for node in tree.body
             if isinstance(node, ast.FunctionDef) and node.returns is not None
             and "Changes" in ast.unparse(node.returns)}
    grown = True
    while grown:  # re-exports: ``from app.x import f`` in app/y makes app.y.f the same function
        grown = False
        for module, tree in trees.items():
            for local, target in _bindings(module, tree).items():
                alias = f"{module}.{local}"
                if target in found and alias not in found:
                    found.add(alias)
                    grown = True
    return found


def direct_calls(trees: dict[str, ast.Module]) -> list[tuple[str, str, int]]:
    """(module, function, line) of every call from ``ui`` to a mutating ``app`` function."""
    mutating = mutating_functions()
    calls = []
    for module, tree in trees.items():
        names = _bindings(module, tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                target = _dotted(node.func, names)
                if target in mutating:
                    calls.append((module, target, node.lineno))
    return calls


def test_the_mutating_functions_are_found():
    """The check below is only as good as this list: it holds the entry points of every domain."""
    mutating = mutating_functions()
    for name in ("app.register.people.save_person", "app.history.recycle.delete",
                 "app.register.views.bulk_set", "app.history.record_merge.merge",
                 "app.activities.checkin.check_in", "app.activities.service_logs.approve",
                 "app.activities.events.invite", "app.activities.events.save_outcome",
                 "app.demands.lifecycle.claim", "app.demands.lifecycle.close",
                 "app.exchange.importing.run_import", "app.exchange.merge.apply_merge",
                 "app.history.undo.undo", "app.history.purge.purge", "app.activities.attachments.add",
                 "app.data.session.expire_demands", "app.demo.load"):
        assert name in mutating, name


def test_every_write_of_register_data_returns_changes():
    """A public ``app`` function that opens a change-log batch is a change a person makes (or
    the program's own, as expiring demands): it returns ``Changes`` for the UI to announce."""
    missing = []
    for module, tree in _parsed("app").items():
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
                    and "changelog.batch(" in ast.unparse(node)
                    and "Changes" not in ast.unparse(node.returns or ast.Constant(None))):
                missing.append(f"{module}.{node.name}")
    assert missing == []


def test_ui_changes_data_only_through_the_one_runner():
    calls = [c for c in direct_calls(_parsed("ui")) if (c[0], c[1]) not in ALLOWED]
    assert calls == [], ("Run these through ui.ops.run(partial(function, …), parent=…) "
                         "instead of calling them on the UI thread", calls)


def test_the_check_catches_a_direct_call():
    """The check itself: a form that saved on the UI thread, as before this rule, is caught."""
    source = ("from app.register import people\n"
              "from app.demands import lifecycle as d\n"
              "from app.history.recycle import delete\n"
              "def save(data):\n"
              "    people.save_person(data)\n"
              "    d.publish(1, None)\n"
              "    delete('person', [1])\n")
    calls = direct_calls({"ui.demands.example": ast.parse(source)})
    assert [(target, line) for _m, target, line in calls] == [
        ("app.register.people.save_person", 5), ("app.demands.lifecycle.publish", 6),
        ("app.history.recycle.delete", 7)]
