"""The public library names are complete and importable (httpx-style exported-members test)."""

from __future__ import annotations

import teleclaim


def test_public_names_resolve():
    for name in teleclaim.__all__:
        assert getattr(teleclaim, name) is not None, name


def test_library_face_matches_the_cli_json():
    import json

    from teleclaim.cli.main import main

    r = teleclaim.lookup("G0320", on="2026-02-01")
    assert r["code"] == "G0320" and r["valid_on"] is True


def test_core_does_not_import_upper_layers():
    """model, refdata, rules, select import nothing from store/x12/report/cli/api/web (STYLE.md tower)."""
    import ast
    from pathlib import Path

    root = Path(teleclaim.__file__).parent
    upper = ("teleclaim.store", "teleclaim.x12", "teleclaim.report", "teleclaim.cli", "teleclaim.api",
             "teleclaim.web", "teleclaim.library")
    bad = []
    for area in ("model", "refdata", "rules", "select"):
        for f in (root / area).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                bad += [f"{f.relative_to(root)}: {n}" for n in names if n.startswith(upper)]
    assert not bad, bad
