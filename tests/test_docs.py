"""Docs that cannot drift: CLI reference generated from the CLI; every setting documented."""

from __future__ import annotations

from pathlib import Path

from teleclaim import settings

REPO = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_the_cli(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    from teleclaim.cli.docgen import render

    doc = REPO / "docs" / "cli.md"
    assert doc.is_file(), "docs/cli.md missing: run python -m teleclaim.cli.docgen > docs/cli.md"
    assert doc.read_text() == render(), "docs/cli.md is stale: run python -m teleclaim.cli.docgen > docs/cli.md"


def test_every_setting_is_documented():
    doc = (REPO / "docs" / "settings.md").read_text()
    missing = [k for k in settings.ENV_VARS if k not in doc or settings.ENV_VARS[k] not in doc]
    assert not missing, f"settings not documented in docs/settings.md: {missing}"


def test_readme_opens_with_the_two_commands():
    text = (REPO / "README.md").read_text()
    blocks = [b.split("```", 1)[0].strip() for b in text.split("```bash")[1:3]]
    assert blocks[0].startswith("pip install") and "teleclaim" in blocks[0]
    assert blocks[1].startswith("pip install") and "pytest" in blocks[1]
