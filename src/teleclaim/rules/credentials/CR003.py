"""CR003: the license or privilege a line rests on expires within 30 days of the run date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.credentials._view import LICENSURE, facts
from teleclaim.rules.meta import Effective, Rule, RuleMeta


class CR003(Rule):
    """
    What it checks:
        With a roster, the license or compact privilege that authorizes a line's clinician in the
        patient's address state expires within 30 days (option `credential_expiry_days`) after the
        run date (`--as-of`, default today). Already lapsed on the date of service is CR002.

    Why it matters:
        A lapse stops the next claims; renewing takes weeks. An early reminder is cheaper than
        denials.

    Failing example:
        Run as of 2026-01-15; the clinician's TX license expires 2026-02-14 (30 days later).

    Passing example:
        Run as of 2026-01-15; the license expires 2026-02-15 (31 days later).

    Known limits:
        Only the credentials the claim's lines rest on are reported; `teleclaim clinicians expiring`
        lists everything on the roster.
    """

    meta = RuleMeta(
        code="CR003",
        name="credential-expires-soon",
        severity="info",
        summary="The license or privilege a line rests on expires within 30 days of the run date",
        message="{what} of NPI {npi} ({name}) expires {expires}, in {days} days",
        fix="Renew the license or privilege before it lapses and update the roster.",
        authority=(LICENSURE,),
        confidence="V2",
        effective=Effective(keyed_to="line_date"),
        claim_types=("837P",),
        bill_types=("*",),
    )
    requires = ("roster",)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        if ctx.roster is None:
            return
        window = int(ctx.option("credential_expiry_days", 30))
        lo, hi = ctx.as_of.isoformat(), (ctx.as_of + dt.timedelta(days=window)).isoformat()
        seen = set()
        for r in facts(claim, ctx)[2]:
            if r.licensure is None or r.licensure[1] or r.clinician is None:
                continue
            c = r.clinician
            for b in r.licensure[0]:
                iso = b.get("expires")
                if not iso or not lo <= iso <= hi:  # ISO dates compare as strings
                    continue
                exp = dt.date.fromisoformat(iso)
                days = (exp - ctx.as_of).days
                key = (c.npi, b["kind"], b.get("compact"), b.get("number"), exp)
                if 0 <= days <= window and key not in seen:
                    seen.add(key)
                    what = (
                        f"the {b['state']} license {b.get('number') or ''}".rstrip()
                        if b["kind"] == "license"
                        else f"the {b.get('compact')} {b.get('privilege') or 'multistate license'}"
                    )
                    yield self.finding(
                        claim,
                        line=r.line,
                        value=b["expires"],
                        what=what[0].upper() + what[1:],
                        npi=c.npi,
                        name=c.name,
                        expires=exp,
                        days=days,
                    )
