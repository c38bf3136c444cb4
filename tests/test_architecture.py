"""ARCHITECTURE.md is true: the module map, the layers, the pure core, internals only behind their doors.

Read from the code itself (its syntax tree), so these run in well under a second.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "extensions" / "handbook"

# Each unit (a top-level module or a package) and its layer: a unit imports only from units
# of lower layers (and from within itself). ARCHITECTURE.md's "Layers" table says the same.
LAYERS = {
    "core": 0,
    "warnings": 1, "capabilities": 1,
    "config": 2, "runs": 2, "compat": 2,
    "ledger": 3, "speedups": 3,
    "book": 4,
    "reading": 5,
    "web": 6, "pdf": 6, "epub": 6,
    "commands": 7,
    "__init__": 8,
}
# Where reaching into Sphinx's, docutils' or furo's internals is allowed (each entry says why).
INTERNALS_ALLOWED = ("speedups", "compat")
# Sphinx's objects, by the names the code gives them: no attribute of theirs is set outside those doors.
SPHINX_OBJECTS = {"app", "builder", "env", "translator", "app.builder", "app.env", "self.app", "self.builder",
                  "self.env", "self.translator"}


def modules() -> dict[str, Path]:
    """Dotted name (below ``handbook``) -> file, for every module of the extension."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def unit(module: str) -> str:
    return module.split(".", 1)[0]


def handbook_imports(module: str, path: Path, inside_functions: bool = False) -> set[str]:
    """The extension's modules this one imports (every import: top level, in functions, for typing)."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    if module == "__init__":
        package = ""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = [n for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
             for n in ast.walk(f)] if inside_functions else list(ast.walk(tree))
    known = modules()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.add(candidate if candidate in known else target or "__init__")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handbook"):
            found.add(node.module.removeprefix("handbook").lstrip(".") or "__init__")
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("handbook.") for a in node.names if a.name.startswith("handbook."))
    return {m for m in found if m != module}


def graph() -> dict[str, set[str]]:
    return {name: handbook_imports(name, path) for name, path in modules().items()}


def test_every_module_belongs_to_a_layer():
    assert {unit(m) for m in modules()} <= set(LAYERS)


def test_imports_only_point_down():
    wrong = [(m, target) for m, targets in graph().items() for target in targets
             if unit(target) != unit(m) and LAYERS[unit(target)] >= LAYERS[unit(m)]]
    assert wrong == []


def test_the_import_graph_has_no_circles():
    edges = graph()
    circles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target):], target] if target in path else [module, target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_no_import_of_the_extension_hides_inside_a_function():
    hidden = {m: sorted(found) for m, path in modules().items() if (found := handbook_imports(m, path, True))}
    assert hidden == {}


def test_the_build_never_imports_the_writers_commands():
    assert [m for m, targets in graph().items() if unit(m) != "commands" and any(unit(t) == "commands" for t in targets)
            ] == []


def test_at_most_twelve_modules_sit_in_the_top_folder():
    assert len(list(PACKAGE.glob("*.py"))) <= 12


def external_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module or "")
    return found


def test_the_core_is_pure():
    """core/ imports nothing from Sphinx, docutils or MyST: it runs, and is tested, without them."""
    for name, path in modules().items():
        if unit(name) == "core":
            outside = {m for m in external_imports(path) if m.split(".")[0] in ("sphinx", "docutils", "myst_parser")}
            assert outside == set(), name


def _outside_the_doors() -> list[tuple[str, Path]]:
    return [(name, path) for name, path in modules().items() if unit(name) not in INTERNALS_ALLOWED]


def test_internals_are_reached_only_behind_their_doors():
    """No private module or attribute of anyone else, no setattr, no attribute set on Sphinx's objects,
    nothing imported reassigned (monkeypatching): only in speedups/ and compat.py."""
    found = []
    for name, path in _outside_the_doors():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names}
        for module in external_imports(path):
            if any(part.startswith("_") and not part.startswith("__") for part in module.split(".")):
                found.append((name, "private module", module))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = ast.unparse(node.value)
                if owner not in ("self", "cls"):
                    found.append((name, node.lineno, f"private attribute {ast.unparse(node)}"))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr",
                                                                                                   "delattr"):
                found.append((name, node.lineno, "setattr"))
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Attribute):
                        owner = ast.unparse(target.value)
                        if owner in SPHINX_OBJECTS:
                            found.append((name, node.lineno, f"sets {ast.unparse(target)}"))
                        elif isinstance(target.value, ast.Name) and target.value.id in imported:
                            found.append((name, node.lineno, f"monkeypatches {ast.unparse(target)}"))
    assert found == []


@pytest.mark.parametrize("door", ["compat.py", "speedups/__init__.py"])
def test_each_door_says_why_for_every_entry(door):
    """compat.py names the version each workaround is for; speedups/ lists each speed-up and its Sphinx line."""
    text = (PACKAGE / door).read_text(encoding="utf-8")
    if door == "compat.py":
        sections = re.findall(r"^# ---- (.+?) -+$", text, flags=re.MULTILINE)
        assert sections and all(re.search(r"\d+\.\d+", s) for s in sections)
        functions = [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name != "register"]
        assert all(f in text.split("# ----", 1)[1] for f in functions)  # every one below a section heading
    else:
        for module in ("gc_freeze", "images_index", "parallel_read", "parallel_write", "pickle_later"):
            assert f"``{module}``" in text


# ---- ARCHITECTURE.md ----------------------------------------------------------------------------
ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return ARCHITECTURE.split(f"\n## {title}", 1)[1].split("\n## ", 1)[0]


def test_the_module_map_lists_every_module_once():
    listed = re.findall(r"^\| `([\w/.-]+)` \|", section("Module map"), flags=re.MULTILINE)
    assert len(listed) == len(set(listed))
    present = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*") if p.suffix in (".py", ".css", ".js", ".html")
               and "__pycache__" not in p.parts}
    assert set(listed) == present


def test_the_layers_table_is_the_code_s():
    rows = re.findall(r"^\| (\d+) \| (.+?) \|", section("Layers"), flags=re.MULTILINE)
    documented = {name.strip("/").removesuffix(".py"): int(layer) for layer, names in rows
                  for name in re.findall(r"`([\w/.]+)`", names)}
    assert documented == {name.removesuffix(".py"): layer for name, layer in LAYERS.items()}


def test_the_test_list_names_every_test_file():
    named = set(re.findall(r"`(test_\w+)`", section("Tests")))
    present = {p.stem for p in (REPO / "tests").glob("test_*.py")}
    assert named == present
