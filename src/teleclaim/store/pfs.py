"""Writing PFS releases into the store's ``pfs_*`` tables (reading is ``refdata.pfs.PfsIndex``).

``save_pfs(store, parsed)`` loads one parsed import in one transaction: a PPRRVU file creates or
replaces its quarter's release (a revised release replaces the original); GPCI, locality-county
and ZIP5 files replace that table of the release they come with. Imported without a PPRRVU,
they join the release named by ``release_id``, else the loaded release of their year and quarter
(ZIP5 carries its quarter), else the latest loaded release of their year. On any error nothing
changes. ``remove_pfs(store, id)`` drops a release and everything attached to it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from teleclaim.errors import DataError, NotFoundError
from teleclaim.refdata.pfs import PfsImport, PfsRow

_RVU_COLS = list(PfsRow.__slots__)
_TABLE = {"rvu": "pfs_rvu", "gpci": "pfs_gpci", "locco": "pfs_locco", "zip5": "pfs_zip5"}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def pfs_releases(store: Any) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT * FROM pfs_release ORDER BY effective")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=False)) for r in cur.fetchall()]


def _target(conn: Any, imp: PfsImport, release_id: str | None) -> str:
    if imp.release is not None:
        return imp.release.id
    loaded = [tuple(r) for r in conn.execute("SELECT id, year, quarter FROM pfs_release ORDER BY effective")]
    if release_id:
        rid = release_id.upper()
        rid = rid[:-1] if rid.endswith("R") and len(rid) == 7 else rid
        if any(r[0] == rid for r in loaded):
            return rid
        raise NotFoundError(
            f"PFS release {release_id!r} is not loaded; import its PPRRVU file first "
            "(`teleclaim data releases` lists what is loaded).",
            release=release_id,
        )
    f = imp.files[0]
    exact = [r[0] for r in loaded if r[1] == f.year and r[2] == f.quarter]
    if exact:
        return exact[0]
    same_year = [r[0] for r in loaded if r[1] == f.year]
    if same_year:
        return same_year[-1]
    raise DataError(
        f"{f.name}: no PFS release of {f.year or 'its year'} is loaded to attach this {f.kind.upper()} "
        "file to. Import the PPRRVU file (or the CMS RVU zip) with it, or pass --release RVU<yy><A-D>.",
        code="pfs_release_missing",
        file=f.name,
    )


def save_pfs(store: Any, imp: PfsImport, *, release_id: str | None = None) -> dict[str, Any]:
    """Store a parsed import; returns ``{"release", "replaced", "counts", "ignored"}``."""
    conn = store.conn
    rid = _target(conn, imp, release_id)
    kinds = {f.kind for f in imp.files}
    replaced = conn.execute("SELECT 1 FROM pfs_release WHERE id = ?", (rid,)).fetchone() is not None
    conn.execute("BEGIN IMMEDIATE")
    try:
        rel = imp.release
        if rel is not None:
            if replaced:
                conn.execute(
                    "UPDATE pfs_release SET label=?, year=?, quarter=?, revision=?, effective=?, cf=?, qp_cf=?,"
                    " cf_source=?, source=?, source_sha256=?, loaded_at=? WHERE id=?",
                    (
                        rel.label,
                        rel.year,
                        rel.quarter,
                        rel.revision,
                        rel.effective.isoformat(),
                        str(rel.cf),
                        str(rel.qp_cf),
                        rel.cf_source,
                        rel.source,
                        rel.source_sha256,
                        _now(),
                        rid,
                    ),
                )
            else:
                conn.execute(
                    "INSERT INTO pfs_release(id, label, year, quarter, revision, effective, cf, qp_cf, cf_source,"
                    " source, source_sha256, loaded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        rid,
                        rel.label,
                        rel.year,
                        rel.quarter,
                        rel.revision,
                        rel.effective.isoformat(),
                        str(rel.cf),
                        str(rel.qp_cf),
                        rel.cf_source,
                        rel.source,
                        rel.source_sha256,
                        _now(),
                    ),
                )
        for kind in kinds:
            conn.execute(f"DELETE FROM {_TABLE[kind]} WHERE release_id = ?", (rid,))
        rvu_done = False
        for f in imp.files:
            if f.kind == "rvu":
                if rvu_done:
                    continue  # the QP twin of the same lines: only its factor was needed
                rvu_done = True
                marks = ",".join("?" * (len(_RVU_COLS) + 1))
                conn.executemany(
                    f"INSERT INTO pfs_rvu(release_id, {', '.join(_RVU_COLS)}) VALUES ({marks})",
                    [(rid, *[_val(getattr(r, c)) for c in _RVU_COLS]) for r in f.rows],
                )
            elif f.kind == "gpci":
                conn.executemany(
                    "INSERT OR REPLACE INTO pfs_gpci VALUES (?,?,?,?,?,?,?,?)",
                    [(rid, g.mac, g.state, g.locality, g.name, str(g.pw), str(g.pe), str(g.mp)) for g in f.rows],
                )
            elif f.kind == "locco":
                conn.executemany(
                    "INSERT INTO pfs_locco VALUES (?,?,?,?,?,?)",
                    [(rid, c.mac, c.locality, c.state, c.area, c.counties) for c in f.rows],
                )
            else:
                conn.executemany(
                    "INSERT OR REPLACE INTO pfs_zip5 VALUES (?,?,?,?,?,?,?)",
                    [(rid, z.zip5, z.state, z.carrier, z.locality, z.rural, z.year_quarter) for z in f.rows],
                )
        counts = {}
        for kind, table in _TABLE.items():
            counts[kind] = conn.execute(f"SELECT count(*) FROM {table} WHERE release_id = ?", (rid,)).fetchone()[0]
            conn.execute(f"UPDATE pfs_release SET {kind}_count = ? WHERE id = ?", (counts[kind], rid))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    label = conn.execute("SELECT label, effective FROM pfs_release WHERE id = ?", (rid,)).fetchone()
    return {
        "release": rid,
        "label": label[0],
        "effective": label[1],
        "replaced": replaced and rel is not None,
        "files": [{"name": f.name, "kind": f.kind, "rows": len(f.rows)} for f in imp.files],
        "counts": counts,
        "ignored": imp.ignored,
        **({"cf": str(rel.cf), "qp_cf": str(rel.qp_cf), "cf_source": rel.cf_source} if rel else {}),
    }


def _val(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    return str(v) if not isinstance(v, str) else v


def remove_pfs(store: Any, release_id: str) -> dict[str, Any] | None:
    """Remove a PFS release (by id or published label); None when no such PFS release is loaded."""
    conn = store.conn
    rid = release_id.upper()
    row = conn.execute("SELECT id, label, rvu_count FROM pfs_release WHERE id = ? OR label = ?", (rid, rid)).fetchone()
    if row is None:
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in _TABLE.values():
            conn.execute(f"DELETE FROM {table} WHERE release_id = ?", (row[0],))
        conn.execute("DELETE FROM pfs_release WHERE id = ?", (row[0],))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {"id": row[0], "label": row[1], "record_count": row[2]}
