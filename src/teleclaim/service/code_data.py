"""Use cases behind ``teleclaim data``: import reference releases (CMS HCPCS Level II files, PFS
relative value releases and the practitioner MUE table, told apart by content), list them, remove one.

Nothing is stored when any file is malformed: parsing finishes (and raises ``DataError`` naming
file, line and field) before the store is touched, and each store write is one transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.errors import InputError

if TYPE_CHECKING:
    from teleclaim.settings import Settings
    from teleclaim.store.sqlite import SQLiteStore


def import_paths(
    store: SQLiteStore,
    paths: list[Path],
    *,
    release_id: str | None = None,
    settings: Settings | None = None,
    effective: dt.date | None = None,
) -> dict[str, Any]:
    """Import one release from ``paths``; returns the summary the faces print."""
    from teleclaim.refdata.mue import parse_mue, sniff_mue_path
    from teleclaim.refdata.pfs import parse_pfs_paths, sniff_path

    for p in paths:
        if not p.is_file():
            raise InputError(f"{p}: file not found.", code="file_not_found", file=str(p))
    from teleclaim.fees.wage_index import sniff_path as is_wage_index

    if len(paths) == 1 and is_wage_index(paths[0]):  # the CMS HH PPS wage index (fees)
        from teleclaim.service.fees import import_wage_index

        return {
            "kind": "hh_wage_index",
            **import_wage_index(store, paths[0], release_id=release_id, year=effective.year if effective else None),
        }
    if len(paths) == 1 and sniff_mue_path(paths[0]):
        from teleclaim.store.unit_limits import save_mue

        return {"kind": "mue", **save_mue(store, parse_mue(paths[0], effective=effective), release_id)}
    pfs = [sniff_path(p) for p in paths]
    if any(pfs):
        if not all(pfs):
            other = paths[pfs.index(False)]
            raise InputError(
                f"{other}: not a PFS relative value file; import HCPCS files on their own.",
                code="invalid_input",
                file=str(other),
            )
        from teleclaim.store.pfs import save_pfs

        vals = dict(getattr(settings, "values", {}) or {})
        parsed = parse_pfs_paths(list[str | Path](paths), settings=vals)  # raises before anything is stored
        return {"kind": "pfs", **save_pfs(store, parsed, release_id=release_id)}
    if len(paths) > 1:
        raise InputError(
            "import one HCPCS file at a time (several files are accepted for PFS releases).", code="invalid_input"
        )
    return {"kind": "hcpcs", **_import_hcpcs(store, paths[0], release_id)}


def _import_hcpcs(store: SQLiteStore, path: Path, release_id: str | None) -> dict[str, Any]:
    from teleclaim.refdata.hcpcs_file import parse_hcpcs_file, record_to_entry

    release = parse_hcpcs_file(path)  # raises DataError with line and field; nothing is stored then
    if release_id:
        release.release_id = release_id
    replaced = store.release(release.release_id) is not None
    meta = {
        "id": release.release_id,
        "kind": "hcpcs",
        "label": release.label,
        "source": release.source,
        "source_sha256": release.source_sha256,
        "effective": release.effective,
    }
    count = store.replace_release(meta, (record_to_entry(r, release) for r in release.records))
    procedures = sum(1 for r in release.records if r.kind == "procedure")
    return {
        "release": release.release_id,
        "label": release.label,
        "source": release.source,
        "effective": release.effective,
        "records": count,
        "procedures": procedures,
        "modifiers": count - procedures,
        "replaced": replaced,
    }


def list_releases(store: SQLiteStore) -> list[dict[str, Any]]:
    """HCPCS/curated releases (as before) followed by the PFS releases (kind ``pfs``)."""
    from teleclaim.store.pfs import pfs_releases
    from teleclaim.store.unit_limits import mue_tables

    rows = store.releases()
    for r in pfs_releases(store):
        rows.append(
            {
                "id": r["id"],
                "kind": "pfs",
                "label": r["label"],
                "source": r["source"],
                "source_sha256": r["source_sha256"],
                "effective": r["effective"],
                "loaded_at": r["loaded_at"],
                "record_count": r["rvu_count"],
                "cf": r["cf"],
                "qp_cf": r["qp_cf"],
                "counts": {k: r[f"{k}_count"] for k in ("rvu", "gpci", "locco", "zip5")},
            }
        )
    from teleclaim.store.fees import wage_index_releases

    for r in wage_index_releases(store):
        rows.append(
            {
                "id": r["id"],
                "kind": "hh_wage_index",
                "label": r["id"],
                "source": r["source"],
                "source_sha256": r["source_sha256"],
                "effective": f"{r['year']}-01-01",
                "loaded_at": r["loaded_at"],
                "record_count": r["row_count"],
            }
        )
    return rows + mue_tables(store)


def remove_release(store: SQLiteStore, release_id: str) -> dict[str, Any]:
    """Remove a PFS release (by id or label) or an imported HCPCS release; NotFoundError otherwise."""
    from teleclaim.store.pfs import remove_pfs

    if release_id == "curated":
        raise InputError("the curated sets ship with teleclaim and cannot be removed.", code="invalid_input")
    from teleclaim.store.fees import remove_wage_index
    from teleclaim.store.unit_limits import remove_mue

    meta = remove_pfs(store, release_id) or remove_wage_index(store, release_id)
    if meta is not None and meta.get("kind") == "hh_wage_index":
        return meta
    if meta is not None:
        return {"id": meta["id"], "kind": "pfs", "record_count": meta["record_count"]}
    meta = remove_mue(store, release_id)
    if meta is not None:
        return {"id": meta["id"], "kind": "mue", "record_count": meta["record_count"]}
    meta = store.remove_release(release_id)
    return {"id": meta["id"], "kind": meta.get("kind", "hcpcs"), "record_count": meta["record_count"]}
