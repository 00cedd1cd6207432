"""``teleclaim sources [ID]``: the authorities teleclaim cites (one registry shipped with the package,
``refdata/data/sources.yaml``), or one source with the rules that cite it. Exit 1 for an unknown id."""

from __future__ import annotations

import click

from teleclaim.cli.common import EXIT_OK, echo, emit_json, output_options, resolve_format


def _cited_by(source_id: str) -> list[str]:
    from teleclaim.rules.registry import catalog

    return [code for code, m in catalog().items() if any(a.source == source_id for a in m.authority)]


@click.command("sources")
@click.argument("source_id", metavar="[ID]", required=False)
@output_options()
def sources(source_id: str | None, fmt: str, as_json: bool) -> int:
    """List the sources teleclaim cites (S1 ..., code-set publishers, X12), or show one with its rules."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.refdata.sources import source, sources as all_sources

    if source_id:
        src = source(source_id)
        rules = _cited_by(src.id)
        if fmt == "json":
            emit_json({"source": {**src.to_dict(), "cited_by": rules}})
        else:
            echo(f"{src.id}: {src.title}")
            echo(f"  link: {src.url or 'none (not published online)'}")
            if src.confidence:
                echo(f"  confidence: {src.confidence}")
            echo("  cited by: " + (", ".join(rules) if rules else "no rule (data files, code selection)"))
        return EXIT_OK
    rows = list(all_sources().values())
    if fmt == "json":
        emit_json({"sources": [s.to_dict() for s in rows]})
    else:
        for s in rows:
            echo(f"{s.id:<10} {s.title}")
        echo(f"\n{len(rows)} sources. `teleclaim sources ID` shows one with its link and the rules citing it.")
    return EXIT_OK
