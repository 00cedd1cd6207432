"""``teleclaim data``: load official CMS HCPCS releases into the store, list and remove them."""

from __future__ import annotations

from pathlib import Path

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format




@click.group()
def data() -> None:
    """Manage reference data releases (the CMS HCPCS Level II file)."""


@data.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--release", "release_id", help="Release id to store it under (default: from the file name).")
@output_options()
def import_(path: Path, release_id: str | None, fmt: str, as_json: bool) -> int:
    """Load a CMS HCPCS alpha-numeric file (fixed-width ANWEB text, the CMS zip, or an xz/gzip copy)."""
    from teleclaim.service.data import import_hcpcs

    fmt = resolve_format(fmt, as_json)
    result = import_hcpcs(path, release_id)  # a bad line raises DataError (line, field); nothing is stored then
    replaced, procedures, count = result["replaced"], result["procedures"], result["records"]
    if fmt == "json":
        emit_json(result)
    else:
        echo(f"{'Replaced' if replaced else 'Loaded'} release {result['release']} from {result['source']}: "
             f"{procedures} procedure codes, {count - procedures} modifiers"
             + (f" (effective {result['effective']})" if result["effective"] else "") + ".")
    return EXIT_OK


@data.command("releases")
@output_options()
def releases(fmt: str, as_json: bool) -> int:
    """List the releases loaded in the store (the curated sets are always there)."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.data import releases as all_releases

    rows = all_releases()
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
    from teleclaim.service.data import remove_release

    meta = remove_release(release_id)
    if fmt == "json":
        emit_json({"removed": meta["id"], "records": meta["record_count"]})
    else:
        echo(f"Removed release {meta['id']} ({meta['record_count']} records).")
    return EXIT_OK
