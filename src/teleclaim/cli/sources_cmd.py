"""``teleclaim sources [ID]``: the authorities teleclaim cites (one registry shipped with the package,
``refdata/data/sources.yaml``), or one source with the rules that cite it. Exit 1 for an unknown id."""

from __future__ import annotations

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format


@click.command("sources")
@click.argument("source_id", metavar="[ID]", required=False)
@output_options()
def sources(source_id: str | None, fmt: str, as_json: bool) -> int:
    """List the sources teleclaim cites (S1 ..., code-set publishers, X12), or show one with its rules."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.sources import source_object, sources_object

    if source_id:
        obj = source_object(source_id)
        if fmt == "json":
            emit_json(obj)
        else:
            src = obj["source"]
            echo(f"{src['id']}: {src['title']}")
            echo(f"  link: {src['url'] or 'none (not published online)'}")
            if src["confidence"]:
                echo(f"  confidence: {src['confidence']}")
            echo("  cited by: " + (", ".join(src["cited_by"]) or "no rule (data files, code selection)"))
        return EXIT_OK
    everything = sources_object()
    rows = everything["sources"]
    if fmt == "json":
        emit_json(everything)
    else:
        for s in rows:
            echo(f"{s['id']:<10} {s['title']}")
        echo(f"\n{len(rows)} sources. `teleclaim sources ID` shows one with its link and the rules citing it.")
    return EXIT_OK
