"""CV003: a modifier that is not a CPT or HCPCS modifier on the date of service."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.model.finding import Finding
from teleclaim.refdata.code_sets import CodeRefs, cpt_modifiers
from teleclaim.rules.codes._common import ANY_CLAIM, auth, did_you_mean, judged
from teleclaim.rules.context import Context
from teleclaim.rules.meta import ANY, Rule, RuleMeta, Triggers
from teleclaim.text import digits

_SHAPE = re.compile(r"[A-Z0-9]{2}")
_MISS = object()
#: (modifier, why, did-you-mean, inferred?) of a modifier that fails
_Verdict = tuple[str, str, str, bool]


class CV003(Rule):
    """
    What it checks:
        Every modifier of a judged line is a modifier on the line's date: a two-digit modifier
        from teleclaim's curated list of the numbers Medicare manuals use (22-99), a Level II
        modifier (letters, or letter and digit) from the dated HCPCS index. Anything else (`9X`,
        `X`, `955`) is an error.

    Why it matters:
        An unknown modifier is rejected or, worse, ignored while the service is priced without
        the reduction or the telehealth meaning it was meant to carry.

    Failing example:
        An 837P line `99212` with modifier `9X`.

    Passing example:
        `99212 95`, `G0151 GP`, `97110 GO 59`.

    Known limits:
        Whether a modifier fits the code or the payer is left to the specific edits (TH004,
        TH005 ...). Two-digit modifiers whose start date is inferred (confidence I, e.g. 95, 96,
        97) are warnings before that date, not errors.
    """

    meta = RuleMeta(
        code="CV003",
        name="modifier-unknown-on-date",
        severity="error",
        summary="Modifier is not a CPT or HCPCS modifier on the date of service",
        message="modifier {mod!r} {why}{hint}",
        fix="Use a valid modifier (two-digit CPT modifiers such as 25, 59, 95; HCPCS Level II such as GT, GP, FQ) "
        "or remove it.",
        authority=(auth("CMS-CPM-CH12", "modifiers"), auth("CMS-HCPCS-FILES", "modifier records")),
        confidence="V",
        since="0.2.0",
        **ANY_CLAIM,
    )
    requires = ("refs",)
    triggers = Triggers(modifiers=ANY)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        refs = getattr(ctx, "refs", None)
        if refs is None:
            return
        memo = ctx.memo
        for ln, _code, day in judged(claim, ctx):
            for raw in ln.modifiers:
                key = ("CV003", raw, day)
                verdict = memo.get(key, _MISS)
                if verdict is _MISS:
                    verdict = memo[key] = self._judge(ctx, refs, (raw or "").strip().upper(), day)
                if verdict is not None:
                    mod, why, hint, inferred = verdict
                    yield self._bad(claim, ln, mod, why, hint, inferred)

    @staticmethod
    def _judge(ctx: Context, refs: CodeRefs, mod: str, day: dt.date | None) -> _Verdict | None:
        """None, or (modifier, why, did-you-mean, inferred?) for this modifier on this date."""
        if not mod:
            return None
        if not _SHAPE.fullmatch(mod):
            return mod, "is not two letters or digits", "", False
        if digits(mod):
            m = cpt_modifiers().get(mod)
            if m is None:
                return mod, "is not a two-digit modifier Medicare uses", "", False
            if day is not None and not m.valid_on(day):
                return (
                    mod,
                    f"is not in use on {day} (from {m.start or '…'} to {m.end or 'now'})",
                    "",
                    m.confidence == "I",
                )
            return None
        e = refs.hcpcs.get("M", mod)
        curated = ctx.codes is not None and ctx.codes.get("modifier", mod)
        if e is None and not curated:
            return (
                mod,
                "is not an HCPCS Level II modifier",
                did_you_mean(refs.hcpcs.near("M", mod, day) if day else []),
                False,
            )
        if e is not None and not curated and day is not None and not e.valid_on(day):
            return mod, f"is not valid on {day} (valid {e.window()})", "", False
        return None

    def _bad(self, claim: Claim, ln: ServiceLine, mod: str, why: str, hint: str, inferred: bool) -> Finding:
        return self.finding(
            claim,
            line=ln,
            field="modifiers",
            value=mod,
            mod=mod,
            why=why,
            hint=hint,
            severity="warning" if inferred else None,
        )
