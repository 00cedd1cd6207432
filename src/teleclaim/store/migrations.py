"""A small migrations registry (the idea of sqlite-utils' ``migrations.py``).

Each migration is a numbered, named function that receives a DB-API connection and changes the
schema. Applied migrations are recorded in ``schema_migrations``; opening a store applies the
missing ones in order, inside one transaction each. Never edit a released migration: add one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Connection = Any


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Connection], None]
    #: ``reference``: the read-only code index, kept in each process's embedded SQLite file;
    #: ``state``: shared, changing state (keys, audit, history, roster ...), on PostgreSQL when
    #: ``store.url`` is set. The SQLite store applies both.
    scope: str = "state"


MIGRATIONS: list[Migration] = []


def migration(
    number: int, name: str, *, scope: str = "state"
) -> Callable[[Callable[[Connection], None]], Callable[[Connection], None]]:
    """Register a migration. Write portable SQL (it runs on SQLite and, for scope ``state``, on
    PostgreSQL through ``store.postgres.pg_sql``): TEXT/INTEGER/REAL/NUMERIC columns, ``?``
    placeholders, ``INTEGER PRIMARY KEY`` for generated ids."""
    if scope not in ("state", "reference"):
        raise RuntimeError(f"migration {number}: scope must be 'state' or 'reference', not {scope!r}")

    def deco(fn: Callable[[Connection], None]) -> Callable[[Connection], None]:
        if any(m.number == number for m in MIGRATIONS):
            raise RuntimeError(f"migration {number} registered twice")
        MIGRATIONS.append(Migration(number, name, fn, scope))
        MIGRATIONS.sort(key=lambda m: m.number)
        return fn

    return deco


@migration(1, "code_index", scope="reference")
def _m1_code_index(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE release (
            id TEXT PRIMARY KEY,          -- 'curated' or e.g. 'HCPC2026_JAN'
            kind TEXT NOT NULL,           -- 'curated' | 'hcpcs'
            label TEXT NOT NULL,
            source TEXT,                  -- file name it was loaded from
            source_sha256 TEXT,
            effective TEXT,               -- ISO date the release takes effect, when known
            loaded_at TEXT NOT NULL,
            record_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE code_entry (
            id INTEGER PRIMARY KEY,
            release_id TEXT NOT NULL REFERENCES release(id) ON DELETE CASCADE,
            system TEXT NOT NULL,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            effective_from TEXT,
            effective_to TEXT,
            data TEXT NOT NULL            -- the whole entry as JSON
        );
        CREATE INDEX code_entry_code ON code_entry(code);
        CREATE INDEX code_entry_release ON code_entry(release_id);
        CREATE VIRTUAL TABLE code_fts USING fts5(
            code, name, synonyms, body, tokenize = 'porter unicode61', prefix = '2 3'
        );
        CREATE VIRTUAL TABLE code_vocab USING fts5vocab(code_fts, 'row');
        """
    )


@migration(2, "api_keys_and_audit")
def _m2_keys(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE api_key (
            name TEXT PRIMARY KEY,
            prefix TEXT NOT NULL,
            key_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            key_name TEXT,
            action TEXT NOT NULL,
            status INTEGER,
            detail TEXT
        );
        """
    )


@migration(3, "claim_history")
def _m3_history(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE claim_history (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            claim_id TEXT NOT NULL,
            patient_key TEXT NOT NULL,    -- hashed patient identity, never the member id in clear
            provider_npi TEXT,
            code TEXT NOT NULL,
            service_date TEXT NOT NULL,
            units TEXT,
            data TEXT
        );
        CREATE INDEX claim_history_patient ON claim_history(patient_key, code, service_date);
        """
    )


@migration(4, "store_secret")
def _m4_secret(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE store_secret (
            name TEXT PRIMARY KEY,        -- e.g. 'history_key': keys the patient hashes of claim_history
            value TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """
    )


def pending(applied: set[int], scope: str | None = None) -> list[Migration]:
    """Migrations not yet applied, in order; only those of ``scope`` when given."""
    return [m for m in MIGRATIONS if m.number not in applied and (scope is None or m.scope == scope)]
