"""The fees package is core (STYLE.md tower): it imports nothing from adapters, service or faces."""

from __future__ import annotations

import ast
from pathlib import Path

import teleclaim


def test_fees_core_does_not_import_upper_layers():
    root = Path(teleclaim.__file__).parent
    upper = ("teleclaim.store", "teleclaim.x12", "teleclaim.report", "teleclaim.cli", "teleclaim.api",
             "teleclaim.web", "teleclaim.library", "teleclaim.service", "teleclaim.checking", "teleclaim.engines")
    bad = []
    for f in (root / "fees").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            bad += [f"{f.relative_to(root)}: {n}" for n in names if n.startswith(upper)]
    assert not bad, bad
