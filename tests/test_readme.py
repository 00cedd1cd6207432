"""README examples a user copies must work: every ``examples/...`` path named exists, and the
shell completion it documents is the one click provides."""

from __future__ import annotations

import glob
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _example_paths(text: str) -> set[str]:
    return {m.rstrip(".,:;)") for m in re.findall(r"(?<![\w/.-])examples/[\w./*-]+", text)}


def test_every_examples_path_in_the_readme_and_docs_exists():
    texts = {p: p.read_text() for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]}
    missing = [(p.name, e) for p, t in texts.items() for e in sorted(_example_paths(t)) if not glob.glob(str(REPO / e))]
    assert not missing, f"README/docs name example files that do not exist: {missing}"
    assert len(_example_paths(texts[REPO / "README.md"])) >= 5  # the scan finds the README's examples


def test_the_scan_catches_a_missing_example():
    assert _example_paths("run `teleclaim check examples/nope.837` or examples/*.837.") == {
        "examples/nope.837",
        "examples/*.837",
    }


def test_shell_completion_is_documented_with_the_variable_click_reads():
    from click.shell_completion import ShellComplete

    from teleclaim.cli.main import cli

    var = ShellComplete(cli, {}, "teleclaim", "_TELECLAIM_COMPLETE").complete_var
    text = (REPO / "README.md").read_text()
    assert var == "_TELECLAIM_COMPLETE" and f"{var}=bash_source teleclaim" in text
    assert f"{var}=zsh_source teleclaim" in text and f"{var}=fish_source teleclaim" in text
