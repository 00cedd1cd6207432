"""The tower (STYLE.md "Layout"): one declared layer table, and no import that goes up it.

``LAYERS`` maps a module (or a package prefix) to its floor; the longest matching prefix wins, and
the package root matches only itself. Every module under ``src/teleclaim`` must be covered (a new
top-level module or package fails ``test_every_module_is_in_the_layer_table`` until it is given a
floor here). Every import statement is read from the source (module level, function level and
``TYPE_CHECKING`` blocks alike, relative imports resolved, and ``importlib.import_module("...")``
with a literal name), and ``test_no_upward_import`` fails on any import of a higher floor.

The faces (cli, api, web, and the package root as the Python library face) are stricter still: they
import only the service layer, the report renderers, the model and the base modules (errors,
version, settings), besides their own face package (``FACE_EXTRA`` lists the declared exceptions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import teleclaim

ROOT = Path(teleclaim.__file__).parent

#: floor number -> name (an import may go sideways or down, never up)
FLOORS = {0: "base", 1: "core", 2: "adapters", 3: "service", 4: "faces"}

#: module or package prefix -> floor. The longest matching prefix wins.
LAYERS: dict[str, int] = {
    # base: imported by everything, import (almost) nothing
    "teleclaim._version": 0,
    "teleclaim.errors": 0,
    "teleclaim.clock": 0,
    "teleclaim.text": 0,
    "teleclaim.settings": 0,
    # core (STYLE.md): plain objects, reference data, rules, selection, credentials, fees
    "teleclaim.model": 1,
    "teleclaim.refdata": 1,
    "teleclaim.rules": 1,
    "teleclaim.select": 1,
    "teleclaim.credentials": 1,
    "teleclaim.fees": 1,
    # the X12 problem kinds and their 999 codes: pure data that the rules catalog lists; it lives in
    # x12/ with the reader and the 999 writer, and imports nothing from teleclaim (checked below)
    "teleclaim.x12.kinds": 1,
    # adapters: on the core
    "teleclaim.x12": 2,
    "teleclaim.store": 2,
    "teleclaim.report": 2,
    "teleclaim.engines": 2,
    # the service layer: the use cases every face calls
    "teleclaim.service": 3,
    # faces
    "teleclaim.cli": 4,
    "teleclaim.api": 4,
    "teleclaim.web": 4,
    "teleclaim": 4,  # the package root: the Python library face (matches only itself)
}

#: what a face may import besides its own face package
FACE_ALLOWED = (
    "teleclaim.service",
    "teleclaim.report",
    "teleclaim.model",
    "teleclaim._version",
    "teleclaim.errors",
    "teleclaim.settings",
    "teleclaim.text",
)
#: declared exceptions: (importing face prefix, imported prefix, why)
FACE_EXTRA = [
    (
        "teleclaim.web",
        "teleclaim.api.deps",
        "the web pages share the HTTP helpers of the API (answer shape, time-out, key check)",
    ),
    ("teleclaim.api.app", "teleclaim.web", "the API app mounts the web UI (one server)"),
]
FACES = ("teleclaim.cli", "teleclaim.api", "teleclaim.web")
#: modules that must not import anything from teleclaim at all
PURE = ("teleclaim.x12.kinds", "teleclaim._version", "teleclaim.clock", "teleclaim.text")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def floor_of(module: str) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for prefix, floor in LAYERS.items():
        if module == prefix or (prefix != "teleclaim" and module.startswith(prefix + ".")):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, floor)
    return best


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (ROOT.parent / rel.with_suffix(".py")).is_file() or (ROOT.parent / rel / "__init__.py").is_file()


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported teleclaim module) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for a in node.names:  # `from teleclaim import checking` imports the module teleclaim.checking
                sub = f"{mod}.{a.name}"
                out.append((node.lineno, sub if _is_module(sub) else mod))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            out.append((node.lineno, node.args[0].value))
    return [(ln, m) for ln, m in out if m == "teleclaim" or m.startswith("teleclaim.")]


def test_every_module_is_in_the_layer_table():
    missing = [m for m in modules() if floor_of(m) is None]
    assert not missing, f"give these modules a floor in LAYERS (tests/test_layers.py): {missing}"


def test_no_upward_import():
    bad = []
    for mod, path in modules().items():
        mine = floor_of(mod)
        assert mine is not None
        for line, target in imports_of(mod, path):
            theirs = floor_of(target)
            if theirs is None:
                bad.append(f"{path.relative_to(ROOT.parent)}:{line}: {target} is in no layer")
            elif theirs[1] > mine[1]:
                bad.append(
                    f"{path.relative_to(ROOT.parent)}:{line}: {mod} ({FLOORS[mine[1]]}) imports "
                    f"{target} ({FLOORS[theirs[1]]})"
                )
    assert not bad, "upward imports:\n" + "\n".join(bad)


def _face_may_import(mod: str, target: str) -> bool:
    def under(name: str, prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    own = next((f for f in FACES if under(mod, f)), None)
    if own and under(target, own):
        return True
    if any(under(target, p) for p in FACE_ALLOWED):
        return True
    return any((mod == f if f == "teleclaim" else under(mod, f)) and under(target, t) for f, t, _ in FACE_EXTRA)


def test_faces_import_only_service_renderers_model_and_errors():
    bad = []
    for mod, path in modules().items():
        if mod != "teleclaim" and not any(mod == f or mod.startswith(f + ".") for f in FACES):
            continue
        for line, target in imports_of(mod, path):
            if not _face_may_import(mod, target):
                bad.append(f"{path.relative_to(ROOT.parent)}:{line}: {mod} imports {target}")
    assert not bad, "faces reaching below the service layer:\n" + "\n".join(bad)


def test_pure_modules_import_nothing_from_teleclaim():
    for mod in PURE:
        path = modules()[mod]
        assert imports_of(mod, path) == [], mod


# -- the test itself must be able to fail ---------------------------------------------------------------
def test_the_scan_sees_function_level_and_relative_imports(tmp_path):
    src = (
        "import os\nfrom . import sibling\n\ndef f():\n    from teleclaim.cli.main import main\n"
        "    import importlib\n    importlib.import_module('teleclaim.web.views')\n"
    )
    fake = ROOT / "rules" / "_layer_probe.py"  # never written: parse a temporary copy under that name
    probe = tmp_path / "probe.py"
    probe.write_text(src)
    found = {m for _, m in imports_of("teleclaim.rules._layer_probe", probe)}
    assert found == {"teleclaim.rules", "teleclaim.cli.main", "teleclaim.web.views"}, found
    assert not fake.exists()
    assert floor_of("teleclaim.rules._layer_probe") == ("teleclaim.rules", 1)
    assert floor_of("teleclaim.cli.main")[1] > floor_of("teleclaim.rules._layer_probe")[1]


@pytest.mark.parametrize(
    "module, floor",
    [
        ("teleclaim", 4),
        ("teleclaim.x12.kinds", 1),
        ("teleclaim.x12.reader", 2),
        ("teleclaim.service.checking", 3),
        ("teleclaim.model.finding", 1),
        ("teleclaim.clock", 0),
    ],
)
def test_layer_table_examples(module, floor):
    assert floor_of(module)[1] == floor
