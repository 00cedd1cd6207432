"""Fixtures of the service tests (tests/api, tests/web): an app on a fresh store per test, an
ASGI client on https://testserver (so Secure cookies are sent), and an API key."""

from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)


@pytest.fixture()
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("TELECLAIM_STORE", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("TELECLAIM_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def app(env):
    from teleclaim.api import create_app

    return create_app()


@pytest.fixture()
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture()
def key(env):
    from teleclaim.store import open_store
    from teleclaim.store.keys import KeyStore

    return KeyStore(open_store()).create("tester")


@pytest.fixture()
def auth(key):
    return {"Authorization": f"Bearer {key}"}
