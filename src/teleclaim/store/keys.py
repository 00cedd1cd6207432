"""API keys and the audit log, on the store (tables ``api_key`` and ``audit_log``, migration 2).

A key is ``tck_`` + 43 random URL-safe characters (256 bits, ``secrets``). Only its SHA-256 hash is
stored, with a short prefix to find it; a plain hash is enough for a random 256-bit secret (no
dictionary to guess from) and keeps each request's check cheap. Comparison uses
``hmac.compare_digest``. Keys may expire; revoked keys stay listed. The audit log records who called
what, when and with which status, plus counts (bytes, claims, findings): never claim contents.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from teleclaim.errors import InputError, NotFoundError

PREFIX = "tck_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KeyCheck:
    ok: bool
    name: str | None = None
    reason: str | None = None  # missing | unknown | revoked | expired


class KeyStore:
    def __init__(self, store: Any) -> None:
        self.conn = store.conn

    def create(self, name: str, expires: dt.date | None = None) -> str:
        if not _NAME.match(name or ""):
            raise InputError(
                f"key name {name!r}: use 1-64 letters, digits and . _ @ - (starting with a letter or digit).",
                code="invalid_key_name",
                value=name,
            )
        row = self.conn.execute("SELECT revoked_at FROM api_key WHERE name = ?", (name,)).fetchone()
        if row is not None and row["revoked_at"] is None:
            raise InputError(
                f"an active key named {name!r} exists; revoke it first or pick another name.",
                code="key_exists",
                value=name,
            )
        key = PREFIX + secrets.token_urlsafe(32)
        exp = dt.datetime.combine(expires, dt.time(23, 59, 59), dt.UTC).isoformat() if expires else None
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM api_key WHERE name = ?", (name,))
            self.conn.execute(
                "INSERT INTO api_key (name, prefix, key_hash, created_at, expires_at) VALUES (?,?,?,?,?)",
                (name, key[:12], _hash(key), _now().isoformat(), exp),
            )
        return key

    def list(self) -> list[dict[str, Any]]:
        now = _now().isoformat()
        out = []
        for r in self.conn.execute(
            "SELECT name, prefix, created_at, expires_at, revoked_at FROM api_key ORDER BY name"
        ):
            status = (
                "revoked" if r["revoked_at"] else "expired" if r["expires_at"] and r["expires_at"] < now else "active"
            )
            out.append(
                {
                    "name": r["name"],
                    "prefix": r["prefix"],
                    "created_at": r["created_at"],
                    "expires_at": r["expires_at"],
                    "revoked_at": r["revoked_at"],
                    "status": status,
                }
            )
        return out

    def revoke(self, name: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT revoked_at FROM api_key WHERE name = ?", (name,)).fetchone()
        if row is None:
            names = [k["name"] for k in self.list()]
            raise NotFoundError(
                f"no API key named {name!r}" + (f"; keys: {', '.join(names)}" if names else ""),
                code="key_not_found",
                value=name,
            )
        if row["revoked_at"] is None:
            self.conn.execute("UPDATE api_key SET revoked_at = ? WHERE name = ?", (_now().isoformat(), name))
        return next(k for k in self.list() if k["name"] == name)

    def verify(self, key: str | None) -> KeyCheck:
        if not key:
            return KeyCheck(False, reason="missing")
        digest = _hash(key)
        rows = self.conn.execute(
            "SELECT name, key_hash, expires_at, revoked_at FROM api_key WHERE prefix = ?", (key[:12],)
        ).fetchall()
        for r in rows:
            if hmac.compare_digest(r["key_hash"], digest):
                if r["revoked_at"]:
                    return KeyCheck(False, r["name"], "revoked")
                if r["expires_at"] and r["expires_at"] < _now().isoformat():
                    return KeyCheck(False, r["name"], "expired")
                return KeyCheck(True, r["name"])
        hmac.compare_digest(digest, digest)  # same work whether or not the prefix matched
        return KeyCheck(False, reason="unknown")

    def is_active(self, name: str | None) -> bool:
        """True while the named key exists, is not revoked and has not expired (web sessions)."""
        return bool(name) and any(k["name"] == name and k["status"] == "active" for k in self.list())

    # -- audit log ------------------------------------------------------------------------------------
    def audit(self, key_name: str | None, action: str, status: int, detail: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (at, key_name, action, status, detail) VALUES (?,?,?,?,?)",
            (_now().isoformat(), key_name, action, status, detail),
        )

    def audit_log(self, limit: int = 100) -> builtins.list[dict[str, Any]]:  # builtins: ``list`` is a method here
        rows = self.conn.execute(
            "SELECT at, key_name, action, status, detail FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [dict(r) for r in rows]
