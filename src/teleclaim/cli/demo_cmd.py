"""``teleclaim demo``: a short tour on the embedded default store."""

from __future__ import annotations

import click

from teleclaim.cli.common import echo


@click.command()
def demo() -> int:
    """Look up and search a few codes a home-health biller meets every week."""
    from teleclaim.cli.reference_cmds import _print_entry, _reference

    ref = _reference()
    import datetime as dt

    steps = [
        ("teleclaim code G0321 --on 2026-03-02", lambda: _print_entry(ref.lookup("G0321", on=dt.date(2026, 3, 2)))),
        ("teleclaim code G0154 --on 2026-03-02", lambda: _print_entry(ref.lookup("G0154", on=dt.date(2026, 3, 2)))),
    ]
    for title, fn in steps:
        echo(f"$ {title}")
        fn()
        echo("")
    for q in ("nurse phone call", "physcial therapy asistant maintenance"):
        echo(f'$ teleclaim search "{q}"')
        for r in ref.search(q, limit=5)["results"]:
            echo(f"{r['score']:6.1f}  {r['code']:<8} {r['system']:<15} {r.get('name') or ''}")
        echo("")
    return 0
