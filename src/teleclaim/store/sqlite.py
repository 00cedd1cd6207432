"""SQLite store: the embedded default.

Written on the standard ``sqlite3`` module rather than SQLAlchemy: ``teleclaim code X`` must answer
in well under half a second including interpreter start, and SQLAlchemy's import alone costs a
large part of that. The PostgreSQL store will implement the same public methods.

The code index uses FTS5 (``code_fts``) for word search and its ``fts5vocab`` companion to
expand misspelt query words to nearby indexed words (typo tolerance, see ``refdata.search``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from teleclaim.errors import NotFoundError, StoreError
from teleclaim.store import schema as migrations  # every migration, features included


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class SQLiteStore:
    """One SQLite file. Cheap to open; migrations run on first open of an old or new file."""

    kind = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the store at {self.path}: {exc}. Set TELECLAIM_STORE to a writable file path.",
                path=str(self.path),
            ) from None
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 10000")  # first: other processes may hold the lock
        self.conn.execute("PRAGMA foreign_keys = ON")
        if isinstance(self.path, Path):
            self._wal()
        self._migrate()

    def _wal(self) -> None:
        """WAL mode; switching needs a moment alone with the file, which SQLite's busy handler does
        not wait for when another process opens the same new store at once: retry for up to 10 s."""
        import time

        for attempt in range(100):
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 99:
                    raise StoreError(
                        f"cannot open the store at {self.path}: {exc}. Another process holds it; "
                        "try again, or set TELECLAIM_STORE to another file.",
                        path=str(self.path),
                    ) from None
                time.sleep(0.1)

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        c = self.conn
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
        applied = {r[0] for r in c.execute("SELECT number FROM schema_migrations")}
        for m in migrations.pending(applied):
            try:
                c.execute("BEGIN IMMEDIATE")
                # re-check inside the lock: another process may have migrated meanwhile
                if c.execute("SELECT 1 FROM schema_migrations WHERE number=?", (m.number,)).fetchone():
                    c.execute("COMMIT")
                    continue
                m.apply(_NoCommit(c))
                c.execute("INSERT INTO schema_migrations VALUES (?,?,?)", (m.number, m.name, _now()))
                c.execute("COMMIT")
            except sqlite3.Error as exc:
                c.execute("ROLLBACK") if c.in_transaction else None
                raise StoreError(f"store migration {m.number} ({m.name}) failed on {self.path}: {exc}") from None

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(number) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @property
    def where(self) -> str:
        return str(self.path)

    def lock(self, name: str) -> None:
        """Serialise writers of ``name`` until the transaction ends: ``BEGIN IMMEDIATE`` already holds
        SQLite's one write lock, so there is nothing more to take (PostgreSQL takes an advisory lock)."""

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        self.conn.close()

    # -- releases -----------------------------------------------------------------------------
    def releases(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM release ORDER BY kind, coalesce(effective, ''), loaded_at")
        return [dict(r) for r in rows]

    def release(self, release_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM release WHERE id = ?", (release_id,)).fetchone()
        return dict(row) if row else None

    def replace_release(self, meta: dict[str, Any], entries: Iterable[dict[str, Any]]) -> int:
        """Atomically load a release: its old rows go and the new ones come in one transaction.

        ``entries`` are dicts with at least system, code, name, effective_from, effective_to and the
        search fields ``synonyms``/``body`` (strings); everything is kept as JSON in ``data``.
        If anything fails, the store is left exactly as it was.
        """
        c = self.conn
        count = 0
        try:
            c.execute("BEGIN IMMEDIATE")
            self._delete_release_rows(meta["id"])
            c.execute(
                "INSERT INTO release(id, kind, label, source, source_sha256, effective, loaded_at, record_count)"
                " VALUES (?,?,?,?,?,?,?,0)",
                (
                    meta["id"],
                    meta["kind"],
                    meta.get("label") or meta["id"],
                    meta.get("source"),
                    meta.get("source_sha256"),
                    meta.get("effective"),
                    _now(),
                ),
            )
            for e in entries:
                cur = c.execute(
                    "INSERT INTO code_entry(release_id, system, code, name, effective_from, effective_to, data)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (
                        meta["id"],
                        e["system"],
                        e["code"],
                        e.get("name") or "",
                        e.get("effective_from"),
                        e.get("effective_to"),
                        json.dumps(e, default=str, separators=(",", ":")),
                    ),
                )
                c.execute(
                    "INSERT INTO code_fts(rowid, code, name, synonyms, body) VALUES (?,?,?,?,?)",
                    (
                        cur.lastrowid,
                        e.get("search_codes") or e["code"],
                        e.get("name") or "",
                        e.get("search_synonyms") or "",
                        e.get("search_body") or "",
                    ),
                )
                count += 1
            c.execute("UPDATE release SET record_count = ? WHERE id = ?", (count, meta["id"]))
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return count

    def _delete_release_rows(self, release_id: str) -> None:
        c = self.conn
        c.execute("DELETE FROM code_fts WHERE rowid IN (SELECT id FROM code_entry WHERE release_id = ?)", (release_id,))
        c.execute("DELETE FROM code_entry WHERE release_id = ?", (release_id,))
        c.execute("DELETE FROM release WHERE id = ?", (release_id,))

    def remove_release(self, release_id: str) -> dict[str, Any]:
        meta = self.release(release_id)
        if meta is None:
            known = ", ".join(r["id"] for r in self.releases() if r["kind"] != "curated") or "none"
            raise NotFoundError(
                f"release {release_id!r} is not loaded (loaded: {known}). See `teleclaim data releases`.",
                release=release_id,
            )
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            self._delete_release_rows(release_id)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return meta

    # -- code index queries ------------------------------------------------------------------
    def entries_for(self, codes: Sequence[str]) -> list[dict[str, Any]]:
        """Every stored entry (curated and imported) for any of ``codes``, with its release."""
        if not codes:
            return []
        marks = ",".join("?" * len(codes))
        rows = self.conn.execute(
            "SELECT e.data, e.release_id, r.kind, r.label, r.effective, r.loaded_at FROM code_entry e"
            f" JOIN release r ON r.id = e.release_id WHERE e.code IN ({marks})",
            tuple(codes),
        )
        return [self._row(r) for r in rows]

    def entries_by_ids(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT e.id, e.data, e.release_id, r.kind, r.label, r.effective, r.loaded_at FROM code_entry e"
            f" JOIN release r ON r.id = e.release_id WHERE e.id IN ({marks})",
            tuple(ids),
        )
        return {r["id"]: self._row(r) for r in rows}

    def entries_brief(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Search's view of entries: the indexed columns only (no JSON decoding of the whole entry)."""
        if not ids:
            return {}
        out: dict[int, dict[str, Any]] = {}
        ids = list(ids)
        for k in range(0, len(ids), 900):
            chunk = ids[k : k + 900]
            rows = self.conn.execute(
                "SELECT e.id, e.system, e.code, e.name, e.effective_from, e.effective_to, r.kind FROM code_entry e"
                f" JOIN release r ON r.id = e.release_id WHERE e.id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            )
            for r in rows:
                out[r[0]] = {
                    "system": r[1],
                    "code": r[2],
                    "name": r[3],
                    "effective_from": r[4],
                    "effective_to": r[5],
                    "origin": "curated" if r[6] == "curated" else "hcpcs_file",
                }
        return out

    @staticmethod
    def _row(r: sqlite3.Row) -> dict[str, Any]:
        d = json.loads(r["data"])
        d["_release"] = {
            "id": r["release_id"],
            "kind": r["kind"],
            "label": r["label"],
            "effective": r["effective"],
            "loaded_at": r["loaded_at"],
        }
        return d

    def fts(self, match: str, limit: int) -> list[tuple[int, float]]:
        """Run an FTS5 MATCH; returns (entry id, bm25 score: lower is better)."""
        try:
            rows = self.conn.execute(
                "SELECT rowid, bm25(code_fts, 20.0, 6.0, 4.0, 1.0) FROM code_fts WHERE code_fts MATCH ?"
                " ORDER BY 2 LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [(r[0], r[1]) for r in rows]

    def codes_with_prefix(self, prefix: str, limit: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT id FROM code_entry WHERE code >= ? AND code < ? ORDER BY code LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r[0] for r in rows]

    def vocabulary(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT term FROM code_vocab")]

    def all_codes(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT code FROM code_entry")]


class _NoCommit:
    """Connection proxy for migrations: runs statements one by one inside the outer transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._c = conn

    def executescript(self, script: str) -> None:
        for stmt in _split_sql(script):
            self._c.execute(stmt)

    def execute(self, *a: Any) -> Any:
        return self._c.execute(*a)


def _split_sql(script: str) -> list[str]:
    out, buf = [], []
    for line in script.splitlines():
        line = line.split("--", 1)[0]
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip().rstrip(";")
            if stmt:
                out.append(stmt)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out
