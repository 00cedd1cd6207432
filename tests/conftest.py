"""Test-wide set-up: every test session gets its own store and config dirs (never the user's)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="teleclaim-tests-"))
os.environ["TELECLAIM_STORE"] = str(_TMP / "store.sqlite3")
os.environ["TELECLAIM_CONFIG_DIR"] = str(_TMP / "config")
os.environ["TELECLAIM_DATA_DIR"] = str(_TMP / "data")
os.environ.pop("TELECLAIM_STORE_URL", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (CMS files, X12 corpus); skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


@pytest.fixture
def tmp_store(tmp_path: Path) -> Path:
    """A fresh, empty store path for one test (and TELECLAIM_STORE pointing at it)."""
    p = tmp_path / "store.sqlite3"
    old = os.environ["TELECLAIM_STORE"]
    os.environ["TELECLAIM_STORE"] = str(p)
    import teleclaim.service.reference as lib

    lib._default.cache_clear()
    yield p
    os.environ["TELECLAIM_STORE"] = old
    lib._default.cache_clear()


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole run (skips the test with the reason when none can start)."""
    from pgserver import PgServer

    srv = PgServer()
    ok = srv.start()
    if not ok:
        srv.stop()
        pytest.skip(srv.why_not)
    yield srv
    srv.stop()


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """The URL of a new, empty database on the test server, for one test."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return pg_server.fresh_database(name)
