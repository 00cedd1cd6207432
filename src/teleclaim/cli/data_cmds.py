"""``teleclaim data``: load official CMS HCPCS releases into the store, list and remove them."""

from __future__ import annotations

from pathlib import Path

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format
from teleclaim.errors import InputError


def _store():
    from teleclaim.refdata.reference import ensure_curated
    from teleclaim.store import open_store

    s = open_store()
    ensure_curated(s)
    return s


@click.group()
def data() -> None:
    """Manage reference data releases (the CMS HCPCS Level II file)."""


@data.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--release", "release_id", help="Release id to store it under (default: from the file name).")
@output_options()
def import_(path: Path, release_id: str | None, fmt: str, as_json: bool) -> int:
    """Load a CMS HCPCS alpha-numeric file (fixed-width ANWEB text, the CMS zip, or an xz/gzip copy),
    or the CMS Medicare Telehealth Trends CSV (TMEDTREND_PUBLIC_*.csv), recognised by content."""
    from teleclaim.refdata.hcpcs_file import parse_hcpcs_file, record_to_entry

    fmt = resolve_format(fmt, as_json)
    if not path.is_file():
        raise InputError(f"{path}: file not found.", code="file_not_found", file=str(path))
    from teleclaim.service.reports import import_trends_if_trends

    if (trends := import_trends_if_trends(path)) is not None:  # CMS Medicare Telehealth Trends, by content
        emit_json(trends) if fmt == "json" else echo(trends["message"])
        return EXIT_OK
    release = parse_hcpcs_file(path)  # raises DataError with line and field; nothing is stored then
    if release_id:
        release.release_id = release_id
    store = _store()
    replaced = store.release(release.release_id) is not None
    meta = {"id": release.release_id, "kind": "hcpcs", "label": release.label, "source": release.source,
            "source_sha256": release.source_sha256, "effective": release.effective}
    count = store.replace_release(meta, (record_to_entry(r, release) for r in release.records))
    procedures = sum(1 for r in release.records if r.kind == "procedure")
    result = {"release": release.release_id, "label": release.label, "source": release.source,
              "effective": release.effective, "records": count, "procedures": procedures,
              "modifiers": count - procedures, "replaced": replaced}
    if fmt == "json":
        emit_json(result)
    else:
        echo(f"{'Replaced' if replaced else 'Loaded'} release {release.release_id} from {release.source}: "
             f"{procedures} procedure codes, {count - procedures} modifiers"
             + (f" (effective {release.effective})" if release.effective else "") + ".")
    return EXIT_OK


@data.command("releases")
@output_options()
def releases(fmt: str, as_json: bool) -> int:
    """List the releases loaded in the store (the curated sets are always there)."""
    fmt = resolve_format(fmt, as_json)
    rows = _store().releases()
    if fmt == "json":
        emit_json({"releases": rows})
    else:
        for r in rows:
            echo(f"{r['id']:<20} {r['kind']:<8} {r['record_count']:>6} records  "
                 f"effective {r.get('effective') or '-':<10}  loaded {r['loaded_at']}  {r.get('source') or ''}")
    return EXIT_OK


@data.command("remove")
@click.argument("release_id")
@output_options()
def remove(release_id: str, fmt: str, as_json: bool) -> int:
    """Remove one imported release (the curated sets cannot be removed)."""
    fmt = resolve_format(fmt, as_json)
    if release_id == "curated":
        raise InputError("the curated sets ship with teleclaim and cannot be removed.", code="invalid_input")
    meta = _store().remove_release(release_id)
    if fmt == "json":
        emit_json({"removed": meta["id"], "records": meta["record_count"]})
    else:
        echo(f"Removed release {meta['id']} ({meta['record_count']} records).")
    return EXIT_OK
