"""``teleclaim demo``: a short tour on the embedded default store, every step a real command.

1. code reference: look-ups by date of service and a lay-term search;
2. code selection: what to bill for one home-health nursing visit;
3. the claim linter: the five synthetic home-health claims of ``examples/home_health_errors_837i.837``
   and the six telehealth claims of ``examples/telehealth_errors_837p.837`` (built in memory, written
   as 837, read back and checked, cross-claim edits included), findings grouped by claim.
Exit 0 when the tour ran (the findings are the point of it).
"""

from __future__ import annotations

import datetime as dt

import click

from teleclaim.cli.common import echo


@click.command()
def demo() -> int:
    """A tour: look codes up, pick the code for a visit, and check claims with billing mistakes."""
    from teleclaim.cli.reference_cmds import print_entry
    from teleclaim.service.reference import open_reference

    ref = open_reference()
    for code in ("G0321", "G0154"):
        echo(f"$ teleclaim code {code} --on 2026-03-02")
        print_entry(ref.lookup(code, on=dt.date(2026, 3, 2)))
        echo("")
    q = "nurse phone call"
    echo(f'$ teleclaim search "{q}"')
    for r in ref.search(q, limit=5)["results"]:
        echo(f"{r['score']:6.1f}  {r['code']:<8} {r['system']:<15} {r.get('name') or ''}")
    echo("")
    _suggest_step()
    _check_step()
    echo("Next: teleclaim check examples/*.837, teleclaim suggest --help, teleclaim rules, teleclaim serve.")
    return 0


def _suggest_step() -> None:
    from teleclaim.service.suggesting import suggest

    enc = {
        "kind": "home_health_visit",
        "discipline": "RN",
        "purpose": "direct_care",
        "minutes": 50,
        "date": "2026-03-02",
    }
    echo(
        "$ teleclaim suggest --kind home_health_visit --discipline RN --purpose direct_care --minutes 50 "
        "--date 2026-03-02"
    )
    try:
        out = suggest(enc)
    except Exception as exc:  # the tour goes on; the suggest command itself reports errors properly
        echo(f"(suggest: {exc})\n")
        return
    for ln in out.get("lines", []):
        bits = [
            ln.get("code"),
            f"rev {ln['revenue_code']}" if ln.get("revenue_code") else None,
            f"{ln.get('units')} unit(s)" if ln.get("units") is not None else None,
        ]
        echo("  " + "  ".join(str(b) for b in bits if b) + (f"  - {ln['reason']}" if ln.get("reason") else ""))
    echo("")


def _check_step() -> None:
    from teleclaim.report.text import render
    from teleclaim.service.checking import check_claims
    from teleclaim.service.x12files import example_claims

    for claims, name in example_claims():
        echo(f"$ teleclaim check {name}")
        click.echo(render(check_claims(claims, name)), nl=False)
        echo("")
