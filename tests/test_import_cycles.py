"""No import cycles among the program's modules (app, db, ui), counting the imports made inside
functions too: a cycle hidden that way still ties the modules together. An import inside a
function is left only where it defers a slow module, and says so."""

from __future__ import annotations

import ast
import io
import tokenize

import grimp

from tests.conftest import REPO

PACKAGES = ("app", "db", "ui")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other, round and round (Tarjan's strongly connected
    components of more than one module, or of a module importing itself)."""
    modules = sorted(graph.modules)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(imports[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            module, pending = work[-1]
            following = next((m for m in pending if m not in index or m in stack), None)
            if following is not None and following not in index:
                index[following] = low[following] = len(index)
                stack.append(following)
                work.append((following, iter(imports[following])))
                continue
            if following is not None:
                low[module] = min(low[module], index[following])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = stack[stack.index(module):]
                del stack[stack.index(module):]
                if len(group) > 1 or module in imports[module]:
                    found.append(sorted(group))
    return sorted(found)


def described(graph: grimp.ImportGraph, group: list[str]) -> str:
    lines = []
    for importer in group:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & set(group)):
            where = [d["line_number"] for d in graph.get_import_details(importer=importer,
                                                                        imported=imported)]
            lines.append(f"  {importer} → {imported} (line {', '.join(map(str, where))})")
    return "\n".join(lines)


def test_no_import_cycles():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n\n".join(described(graph, g) for g in found)


def test_the_check_finds_a_cycle_and_sees_imports_inside_functions():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    # record_pages imports the forms inside open_form only
    assert graph.direct_import_exists(importer="ui.register.record_pages",
                                      imported="ui.register.forms")
    graph.add_import(importer="db.changelog", imported="db.models", line_number=1,
                     line_contents="from db import models")
    graph.add_import(importer="app.reports.layout", imported="app.reports.story", line_number=1,
                     line_contents="from app.reports import story")
    assert cycles(graph) == [["app.reports.charts", "app.reports.layout", "app.reports.story"],
                             ["db.changelog", "db.models"]]


def unexplained_imports_in_functions() -> list[str]:
    """Imports made inside a function of app, db or ui with no comment saying why, on the import
    (or one of its group of imports) or on the line above the group."""
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            source = path.read_text("utf-8")
            lines = source.splitlines()
            commented = {token.start[0] for token in tokenize.generate_tokens(
                io.StringIO(source).readline) if token.type == tokenize.COMMENT}
            for function in ast.walk(ast.parse(source)):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if not isinstance(node, ast.Import | ast.ImportFrom):
                        continue
                    first = node.lineno
                    while lines[first - 2].strip().startswith(("import ", "from ")):
                        first -= 1
                    if not commented & set(range(first - 1, node.end_lineno + 1)):
                        found.append(f"{path.relative_to(REPO)}:{node.lineno}: "
                                     f"{lines[node.lineno - 1].strip()}")
    return sorted(set(found))


def test_an_import_inside_a_function_says_why():
    """Modules are imported at the top; one imported inside a function defers a slow module until
    it is needed (start-up, a command of its own), and says so."""
    assert unexplained_imports_in_functions() == []
