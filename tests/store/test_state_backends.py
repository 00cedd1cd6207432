"""The state store (keys, audit, history) behaves the same on SQLite and on PostgreSQL.

Every test here runs twice: on an embedded SQLite file and on a fresh database of the test
PostgreSQL server (skipped with the reason where none can start)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest

from teleclaim.errors import StoreError
from teleclaim.rules.cross import ServiceRecord
from teleclaim.settings import Settings
from teleclaim.store import migrations, open_reference_store, open_store, store_status
from teleclaim.store.history import History
from teleclaim.store.keys import KeyStore


@pytest.fixture(params=["sqlite", "postgresql"])
def state_settings(request, tmp_path):
    values = {"store.path": str(tmp_path / "s.sqlite3")}
    if request.param == "postgresql":
        values["store.url"] = request.getfixturevalue("pg_url")
    return _make(values)


def _make(values: dict) -> Settings:
    return Settings(values=dict(values))


def _rec(patient="P1", claim="C1", line=1, code="99421", day=dt.date(2026, 3, 2)) -> ServiceRecord:
    return ServiceRecord(
        patient=patient,
        clinician="1234567893",
        code=code,
        day=day,
        units=Decimal("1"),
        claim_id=claim,
        line=line,
        modifiers=("95",),
        run=None,
    )


def test_backend_is_the_one_configured(state_settings):
    st = open_store(state_settings)
    expected = "postgresql" if state_settings.get("store.url") else "sqlite"
    assert st.kind == expected
    assert st.schema_version() == max(
        m.number for m in migrations.MIGRATIONS if expected == "sqlite" or m.scope == "state"
    )


def test_keys_create_verify_revoke_and_audit(state_settings):
    ks = KeyStore(open_store(state_settings))
    key = ks.create("desk")
    assert ks.verify(key).ok and ks.verify(key).name == "desk"
    assert ks.verify(key + "x").reason == "unknown"
    with pytest.raises(Exception, match="active key named 'desk'"):
        ks.create("desk")
    ks.revoke("desk")
    assert ks.verify(key).reason == "revoked"
    ks.audit("desk", "POST /v1/check", 200, "3 claims")
    assert ks.audit_log(1)[0]["detail"] == "3 claims"
    assert [k["status"] for k in ks.list()] == ["revoked"]


def test_history_stores_each_line_once_and_reads_it_back(state_settings):
    h = History(open_store(state_settings))
    assert h.save([_rec(), _rec(line=2)]) == 2
    assert h.save([_rec(), _rec(line=3)]) == 1  # line 1 is stored already
    back = History(open_store(state_settings)).load({"P1"})
    assert sorted(r.line for r in back) == [1, 2, 3]
    assert back[0].units == Decimal("1") and back[0].modifiers == ("95",)
    assert h.count() == 3


def test_concurrent_savers_store_nothing_twice_and_lose_nothing(state_settings):
    """Eight writers save overlapping lines at once: every distinct line is stored exactly once."""
    errors: list[BaseException] = []
    History(open_store(state_settings))  # the store exists (and is migrated) before the writers start

    def worker(i: int) -> None:
        try:
            h = History(open_store(state_settings))
            h.save([_rec(claim=f"C{j}", line=1) for j in range(i, i + 10)])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert History(open_store(state_settings)).count() == 17  # C0..C16


def test_status_reports_backend_version_and_counts(state_settings):
    KeyStore(open_store(state_settings)).create("desk")
    st = store_status(state_settings)
    assert st["counts"]["api_key"] == 1 and st["schema_version"] == st["latest_version"]
    assert "pw" not in st["where"]


def test_reference_data_stays_in_the_embedded_file(state_settings):
    ref = open_reference_store(state_settings)
    assert ref.kind == "sqlite"
    assert {"release", "code_entry"} <= {
        r[0] for r in ref.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }


def test_wrong_password_is_exit_2_naming_the_host_never_the_password(pg_server):
    url = pg_server.url.replace("teleclaim-test-pw", "not-the-password")
    with pytest.raises(StoreError) as ei:
        open_store(_make({"store.url": url}))
    msg = ei.value.message
    assert ei.value.exit_code == 2 and ei.value.code == "store_unavailable"
    assert "127.0.0.1:" in msg and "not-the-password" not in msg and "teleclaim-test-pw" not in msg
    assert "password authentication failed" in msg


def test_server_down_is_a_clear_error():
    with pytest.raises(StoreError) as ei:
        open_store(_make({"store.url": "postgresql://u:secretpw@127.0.0.1:1/db"}))
    msg = ei.value.message
    assert "127.0.0.1:1/db" in msg and "secretpw" not in msg
    assert "Connection refused" in msg and "\t" not in msg and "?." not in msg  # libpq's reason, on one line
