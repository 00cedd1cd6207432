"""Faces stay thin (STYLE.md "Small rooms"): no function or method in cli/, api/ or web/ is longer
than ``MAX_LINES`` lines (decorators included); work that needs more belongs in the service layer."""

from __future__ import annotations

import ast
from pathlib import Path

import teleclaim

ROOT = Path(teleclaim.__file__).parent
MAX_LINES = 80


def long_functions(path: Path, limit: int = MAX_LINES) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > limit:
                out.append(f"{path.name}:{node.lineno} {node.name}() is {length} lines")
    return out


def test_no_face_function_is_longer_than_80_lines():
    bad = [
        f"{face}/{msg}"
        for face in ("cli", "api", "web")
        for p in sorted((ROOT / face).rglob("*.py"))
        for msg in long_functions(p)
    ]
    assert not bad, "split these (or move the work into teleclaim/service/):\n" + "\n".join(bad)


def test_the_measure_sees_nested_functions(tmp_path):
    body = "".join(f"        x{i} = {i}\n" for i in range(MAX_LINES))
    probe = tmp_path / "probe.py"
    probe.write_text("def outer():\n    def inner():\n" + body + "    return inner\n\n\ndef short():\n    pass\n")
    found = long_functions(probe)
    assert [m.split()[1] for m in found] == ["outer()", "inner()"], found
