"""Reference data releases in the store: import a CMS HCPCS file, list and remove releases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from teleclaim.errors import InputError

if TYPE_CHECKING:
    from teleclaim.settings import Settings
    from teleclaim.store.sqlite import SQLiteStore


def store(settings: Settings | None = None) -> SQLiteStore:
    """The store, with the curated sets compiled into it."""
    from teleclaim.refdata.reference import ensure_curated
    from teleclaim.store import open_reference_store

    s = open_reference_store(settings)
    ensure_curated(s)
    return s


def import_hcpcs(path: Path, release_id: str | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Load a CMS HCPCS alpha-numeric file; nothing is stored when a line is bad (``DataError``)."""
    from teleclaim.refdata.hcpcs_file import parse_hcpcs_file, record_to_entry

    if not path.is_file():
        raise InputError(f"{path}: file not found.", code="file_not_found", file=str(path))
    release = parse_hcpcs_file(path)
    if release_id:
        release.release_id = release_id
    st = store(settings)
    replaced = st.release(release.release_id) is not None
    meta = {
        "id": release.release_id,
        "kind": "hcpcs",
        "label": release.label,
        "source": release.source,
        "source_sha256": release.source_sha256,
        "effective": release.effective,
    }
    count = st.replace_release(meta, (record_to_entry(r, release) for r in release.records))
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


def releases(settings: Settings | None = None) -> list[dict[str, Any]]:
    return store(settings).releases()


def remove_release(release_id: str, settings: Settings | None = None) -> dict[str, Any]:
    if release_id == "curated":
        raise InputError("the curated sets ship with teleclaim and cannot be removed.", code="invalid_input")
    return store(settings).remove_release(release_id)
