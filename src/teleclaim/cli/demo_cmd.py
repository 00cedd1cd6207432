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
    from teleclaim.cli.reference_cmds import _print_entry, _reference

    ref = _reference()
    for code in ("G0321", "G0154"):
        echo(f"$ teleclaim code {code} --on 2026-03-02")
        _print_entry(ref.lookup(code, on=dt.date(2026, 3, 2)))
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
    try:
        from teleclaim.select import suggest
    except ImportError:  # pragma: no cover - code selection not in this build
        return
    enc = {"kind": "home_health_visit", "discipline": "RN", "purpose": "direct_care", "minutes": 50,
           "date": "2026-03-02"}
    echo("$ teleclaim suggest --kind home_health_visit --discipline RN --purpose direct_care --minutes 50 "
         "--date 2026-03-02")
    try:
        out = suggest(enc)
    except Exception as exc:  # the tour goes on; the suggest command itself reports errors properly
        echo(f"(suggest: {exc})\n")
        return
    for ln in out.get("lines", []):
        bits = [ln.get("code"), f"rev {ln['revenue_code']}" if ln.get("revenue_code") else None,
                f"{ln.get('units')} unit(s)" if ln.get("units") is not None else None]
        echo("  " + "  ".join(str(b) for b in bits if b) + (f"  - {ln['reason']}" if ln.get("reason") else ""))
    echo("")


def _check_step() -> None:
    from teleclaim.report import CheckReport
    from teleclaim.report.text import render
    from teleclaim.rules.engine import Engine
    from teleclaim.x12 import X12Reader
    from teleclaim.x12.generate import SUBMITTED, error_claims
    from teleclaim.x12.writer import write_837

    from teleclaim.x12.generate import telehealth_error_claims

    for claims, name in ((error_claims(), "examples/home_health_errors_837i.837"),
                         (telehealth_error_claims(), "examples/telehealth_errors_837p.837")):
        text = write_837(claims, now=dt.datetime.combine(SUBMITTED, dt.time(9, 30)))
        echo(f"$ teleclaim check {name}")
        engine = Engine(as_of=SUBMITTED)
        reader = X12Reader(text.encode(), name=name)
        report = CheckReport()
        report.files.append(reader.name)
        for claim in reader.claims():
            report.claims += 1
            report.findings.extend(engine.check(claim))
        report.findings.extend(engine.structural(reader.errors, reader.name))
        report.findings.extend(engine.finish())
        click.echo(render(report), nl=False)
        echo("")
