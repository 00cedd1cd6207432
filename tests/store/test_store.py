from __future__ import annotations

import sqlite3

import pytest

from teleclaim.errors import NotFoundError
from teleclaim.store import SQLiteStore, migrations


def _entry(code: str, name: str = "Thing", **kw):
    return {
        "system": "hcpcs",
        "code": code,
        "name": name,
        "origin": "hcpcs_file",
        "search_codes": code,
        "search_body": name,
        **kw,
    }


def test_new_store_is_migrated_to_the_latest_schema(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    assert s.schema_version() == max(m.number for m in migrations.MIGRATIONS)
    tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"release", "code_entry", "api_key", "audit_log", "claim_history"} <= tables


def test_reopening_applies_no_migration_twice(tmp_path):
    p = tmp_path / "a.sqlite3"
    SQLiteStore(p).close()
    s = SQLiteStore(p)
    rows = s.conn.execute("SELECT number, count(*) FROM schema_migrations GROUP BY number").fetchall()
    assert all(n == 1 for _, n in rows)


def test_replace_release_swaps_rows_and_keeps_other_releases(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    s.replace_release({"id": "R1", "kind": "hcpcs"}, [_entry("A0001"), _entry("A0002")])
    s.replace_release({"id": "R2", "kind": "hcpcs"}, [_entry("A0001", "Newer")])
    s.replace_release({"id": "R1", "kind": "hcpcs"}, [_entry("A0003")])
    assert {r["id"]: r["record_count"] for r in s.releases()} == {"R1": 1, "R2": 1}
    assert sorted(e["code"] for e in s.entries_for(["A0001", "A0002", "A0003"])) == ["A0001", "A0003"]
    assert s.fts('"newer"', 5) and not s.fts('"a0002"', 5)


def test_failed_load_leaves_the_store_as_it_was(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    s.replace_release({"id": "R1", "kind": "hcpcs"}, [_entry("A0001")])

    def broken():
        yield _entry("B0001")
        raise ValueError("malformed line 7")

    with pytest.raises(ValueError):
        s.replace_release({"id": "R1", "kind": "hcpcs"}, broken())
    assert [e["code"] for e in s.entries_for(["A0001", "B0001"])] == ["A0001"]
    assert s.release("R1")["record_count"] == 1


def test_remove_unknown_release_is_not_found(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    with pytest.raises(NotFoundError) as ei:
        s.remove_release("HCPC1999")
    assert "teleclaim data releases" in ei.value.message


def test_store_in_unwritable_place_is_a_clear_error(tmp_path):
    from teleclaim.errors import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as ei:
        SQLiteStore(blocker / "sub" / "store.sqlite3")
    assert "TELECLAIM_STORE" in ei.value.message


def test_store_file_is_real_sqlite(tmp_path):
    p = tmp_path / "a.sqlite3"
    SQLiteStore(p).close()
    assert sqlite3.connect(p).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
