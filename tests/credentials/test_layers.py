"""credentials/ is core (STYLE.md tower): it imports nothing above the core."""

from __future__ import annotations

import ast
from pathlib import Path

import teleclaim


def test_credentials_imports_only_core():
    root = Path(teleclaim.__file__).parent
    upper = ("teleclaim.store", "teleclaim.x12", "teleclaim.report", "teleclaim.cli", "teleclaim.api",
             "teleclaim.web", "teleclaim.library", "teleclaim.service", "teleclaim.checking")
    bad = []
    for area in ("credentials", "rules/credentials"):
        for f in (root / area).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
                bad += [f"{f.relative_to(root)}: {n}" for n in names if n.startswith(upper)]
    assert not bad, bad
