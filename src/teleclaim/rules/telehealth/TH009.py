"""TH009: a code billed by a clinician type that may not bill it (by the rendering taxonomy)."""

from __future__ import annotations

from collections.abc import Iterable

from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Rule, RuleMeta, Triggers
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL, code_of, families, family, view


class TH009(Rule):
    """
    What it checks:
        The rendering clinician's NUCC taxonomy (line, else claim rendering provider, else billing
        provider) gives the clinician type. E/M-family codes (office E/M, 99421-99423, G2010, G2012,
        G2252, 98016, telephone E/M 99441-99443, prolonged 99417/G2212) need a clinician who bills E/M
        (physician, NP, PA, CNS, CNM). G2250/G2251, 98970-98972, G2061-G2063 and 98966-98968 are for
        clinicians who cannot bill E/M (PT/OT/SLP, LCSW, psychologist, dietitian ...).

    Why it matters:
        The codes are split by who may bill them; the wrong family is denied (a therapist's
        virtual check-in is G2251, a physician's is G2252 or 98016).

    Failing example:
        Rendering taxonomy 225100000X (physical therapist), line `99422`.

    Passing example:
        Rendering taxonomy 225100000X, line `98971 GP`.

    Known limits:
        Taxonomies outside teleclaim's taxonomy map (codes and groups of the NUCC taxonomy code set,
        source NUCC) are reported not_checked, once per claim. Clinical staff time billed
        incident-to a physician is not modelled.
    """

    meta = RuleMeta(
        code="TH009",
        name="code-not-for-clinician-type",
        severity="error",
        summary="E/M-family code by a clinician who cannot bill E/M, or the reverse",
        message="{code} is for clinicians who {need}; the rendering taxonomy {taxonomy} is a {who}",
        fix="Bill the family of the clinician's type: G2250/G2251 or 98970-98972 for therapists, "
        "LCSWs and psychologists; G2010/G2252/98016 or 99421-99423 for physicians and NPPs.",
        authority=(auth("S34", "rules.md §3.3 taxonomy map, §3.5"), auth("S33", "rules.md §3.5")),
        confidence="V2",
        **PROFESSIONAL,
    )
    triggers = Triggers(codes=families("needs_em_clinician", "needs_non_em_clinician"))

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        v = view(claim, ctx)
        em_codes, non_em = family("needs_em_clinician"), family("needs_non_em_clinician")
        unknown = False
        for ln in claim.lines:
            code = code_of(ln)
            if code not in em_codes and code not in non_em:
                continue
            who, tax = v.clinician(ln)
            if who is None:
                if not unknown:
                    unknown = True
                    yield self.not_checked(
                        claim,
                        f"the rendering taxonomy ({tax or 'none on the claim'}) is not "
                        "in the clinician map, so who may bill the code is unknown",
                        line=ln,
                    )
                continue
            if code in em_codes and not who["em"]:
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=code,
                    code=code,
                    taxonomy=tax,
                    need="bill E/M (physicians, NPPs)",
                    who=who["clinician"],
                )
            elif code in non_em and who["em"]:
                yield self.finding(
                    claim,
                    line=ln,
                    field="code",
                    value=code,
                    code=code,
                    taxonomy=tax,
                    need="cannot bill E/M (therapists, LCSWs, psychologists ...)",
                    who=who["clinician"],
                )
