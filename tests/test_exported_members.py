"""The public library names are complete and importable (httpx-style exported-members test)."""

from __future__ import annotations

import teleclaim


def test_public_names_resolve():
    for name in teleclaim.__all__:
        assert getattr(teleclaim, name) is not None, name


def test_library_face_matches_the_cli_json():

    r = teleclaim.lookup("G0320", on="2026-02-01")
    assert r["code"] == "G0320" and r["valid_on"] is True


# The tower (no upward import anywhere) is checked by tests/test_layers.py against one layer table.
