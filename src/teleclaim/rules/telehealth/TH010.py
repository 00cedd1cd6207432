"""TH010: a therapist's virtual check-in or e-visit without the therapy discipline modifier."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, family, tables, view


class TH010(Rule):
    """
    What it checks:
        When a physical therapist, occupational therapist or speech-language pathologist (by the
        rendering taxonomy) bills G2250, G2251 or 98970-98972, the line carries the modifier of the
        discipline: GP (PT), GO (OT) or GN (SLP).

    Why it matters:
        Furnished by therapists these are "sometimes therapy" services: payers expect the therapy
        plan modifier, and lines without it are returned.

    Failing example:
        Rendering taxonomy 225100000X (PT), line `G2251` without GP.

    Passing example:
        Rendering taxonomy 225100000X, line `G2251 GP`.

    Known limits:
        Confidence V2/I: restated only in secondary material (source S34) and partly inferred, not
        verified in a source: a warning. Clinicians other than PT/OT/SLP are not checked.
    """

    meta = RuleMeta(
        code="TH010",
        name="therapy-modifier-missing",
        severity="warning",
        summary="Therapist's G2250/G2251/98970-98972 without GP, GO or GN",
        message="{code} by a {who} needs modifier {need}{extra}",
        fix="Add the therapy modifier of the clinician's discipline: GP physical therapy, GO "
        "occupational therapy, GN speech-language pathology.",
        authority=(auth("S34", "rules.md §3.3"),),
        confidence="I",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=family("therapy_modifier_codes"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        need_by = tables()["therapy_modifiers"]
        for ln in v.lines("therapy_modifier_codes"):
            who, _tax = v.clinician(ln)
            if who is None or who["clinician"] not in need_by:
                continue
            need = need_by[who["clinician"]]
            mods = v.mods(ln)
            if need in mods:
                continue
            other = [m for m in mods if m in need_by.values()]
            extra = f" (it has {', '.join(other)}, another discipline's)" if other else ""
            yield self.finding(
                claim,
                line=ln,
                field="modifiers",
                value=",".join(mods) or None,
                code=ln.code,
                who=who["clinician"],
                need=need,
                extra=extra,
            )
