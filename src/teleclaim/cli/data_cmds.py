"""``teleclaim data``: load official CMS HCPCS and PFS relative value releases into the store, list and remove them."""

from __future__ import annotations

from pathlib import Path

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format


def _store():
    from teleclaim.service.data import store

    return store()


@click.group()
def data() -> None:
    """Manage reference data releases (the CMS HCPCS Level II file)."""


@data.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--release",
    "release_id",
    help="Release id to store it under (HCPCS: default from the file name; PFS: the loaded release "
    "a GPCI/locality/ZIP5 file imported on its own joins).",
)
@click.option(
    "--effective",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="MUE table: the date its values take effect, when the file does not print it.",
)
@output_options()
def import_(paths: tuple[Path, ...], release_id: str | None, effective, fmt: str, as_json: bool) -> int:
    """Load a CMS HCPCS alpha-numeric file (fixed-width ANWEB text, the CMS zip, or an xz/gzip copy), a
    CMS PFS relative value release (the RVU zip as downloaded or its files: PPRRVU CSV, GPCI, LOCCO, ZIP5),
    the CMS practitioner MUE table (unit limits), the CMS Order and Referring file (CSV, for the
    certifier edits), or the CMS Medicare Telehealth Trends CSV (TMEDTREND_PUBLIC_*.csv); each file is
    recognised by its content."""
    from teleclaim.service.code_data import import_paths
    from teleclaim.settings import load_settings

    fmt = resolve_format(fmt, as_json)
    if len(paths) == 1 and paths[0].is_file():
        from teleclaim.service.credentials import looks_like_order_referring

        with paths[0].open("rb") as fh:
            if looks_like_order_referring(fh.read(4096)):  # the CMS Order and Referring file, by its content
                from teleclaim.cli.credentials_cmds import import_order_referring_cmd

                return import_order_referring_cmd(paths[0], fmt)
        from teleclaim.service.reports import import_trends_if_trends

        if (trends := import_trends_if_trends(paths[0])) is not None:  # Medicare Telehealth Trends, by content
            emit_json(trends) if fmt == "json" else echo(trends["message"])
            return EXIT_OK
    result = import_paths(
        _store(),
        list(paths),
        release_id=release_id,
        settings=load_settings(),
        effective=effective.date() if effective else None,
    )
    if fmt == "json":
        emit_json(result)
    elif result["kind"] == "hh_wage_index":
        echo(
            f"{'Replaced' if result['replaced'] else 'Loaded'} HH wage index {result['release']} (periods ending in "
            f"{result['year']}) from {result['source']}: {result['rows']} CBSAs."
        )
    elif result["kind"] == "mue":
        echo(
            f"{'Replaced' if result['replaced'] else 'Loaded'} unit-limit table {result['release']} from "
            f"{result['source']}: {result['records']} codes (effective {result['effective']})."
        )
    elif result["kind"] == "pfs":
        c = result["counts"]
        verb = "Replaced" if result["replaced"] else "Loaded" if "cf" in result else "Updated"
        echo(
            f"{verb} PFS release {result['label']} (effective {result['effective']}): {c['rvu']} code lines, "
            f"{c['gpci']} GPCI localities, {c['locco']} locality-county rows, {c['zip5']} ZIP codes."
        )
        if "cf" in result:
            echo(f"Conversion factors: non-QP {result['cf']}, QP {result['qp_cf']} ({result['cf_source']}).")
        for name in result["ignored"]:
            echo(f"Ignored (not a PFS table teleclaim reads): {name}")
    else:
        echo(
            f"{'Replaced' if result['replaced'] else 'Loaded'} release {result['release']} from {result['source']}: "
            f"{result['procedures']} procedure codes, {result['modifiers']} modifiers"
            + (f" (effective {result['effective']})" if result["effective"] else "")
            + "."
        )
    return EXIT_OK


@data.command("releases")
@output_options()
def releases(fmt: str, as_json: bool) -> int:
    """List the releases loaded in the store (the curated sets are always there; PFS releases as kind pfs)."""
    from teleclaim.service.code_data import list_releases

    fmt = resolve_format(fmt, as_json)
    rows = list_releases(_store())
    if fmt == "json":
        emit_json({"releases": rows})
    else:
        for r in rows:
            extra = f"  CF {r['cf']} / QP {r['qp_cf']}" if r["kind"] == "pfs" else ""
            r.setdefault("loaded_at", "")
            echo(
                f"{r['label'] if r['kind'] == 'pfs' else r['id']:<20} {r['kind']:<8} {r['record_count']:>6} records  "
                f"effective {r.get('effective') or '-':<10}  loaded {r['loaded_at']}  {r.get('source') or ''}{extra}"
            )
    return EXIT_OK


@data.command("remove")
@click.argument("release_id")
@output_options()
def remove(release_id: str, fmt: str, as_json: bool) -> int:
    """Remove one imported release, HCPCS or PFS (the curated sets cannot be removed)."""
    from teleclaim.service.code_data import remove_release

    fmt = resolve_format(fmt, as_json)
    meta = remove_release(_store(), release_id)
    if fmt == "json":
        emit_json({"removed": meta["id"], "kind": meta["kind"], "records": meta["record_count"]})
    else:
        echo(f"Removed release {meta['id']} ({meta['record_count']} records).")
    return EXIT_OK
