"""The engine: runs the applicable rules on each claim and collects their findings.

Per (claim kind, type of bill, payer) the engine computes once which rules apply, with which
severity, and keeps that plan; a claim then costs one dict look-up plus its rules' own work.
Claim-level effective windows (keyed to the statement From or Through date, or to the check date
``as_of``) are applied here; windows keyed to the service-line date are applied by the rule on each
line. A rule whose window date is missing on the claim reports ``not_checked`` (info).

Rules with nothing to say are not run: a rule that ``requires`` a context the run lacks (no roster) is
left out of the plan; a rule whose ``triggers`` the claim does not hold (``rules.facts``: its codes,
revenue codes, modifiers, condition codes) is skipped on that claim, after its window is applied.

Findings are data: nothing here raises for a bad claim. A rule that crashes on an odd claim is
reported as a ``not_checked`` finding naming the rule (and logged), not as a failed run.
"""

from __future__ import annotations

import datetime as dt
import logging
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from teleclaim.clock import today
from teleclaim.model.claim import Claim
from teleclaim.model.finding import Finding
from teleclaim.rules.config import Resolver, RuleConfig, Selection
from teleclaim.rules.context import Context, default_codes
from teleclaim.rules.cross import CrossRule, records_of
from teleclaim.rules.facts import TokenMasks
from teleclaim.rules.meta import Effective, Rule
from teleclaim.rules.registry import all_rules, catalog

log = logging.getLogger(__name__)
_UNSET: Any = object()
_DATE_FIELDS = {"period_from": "statement_from", "period_through": "statement_to"}
_DAY = dt.timedelta(days=1)


def bill_type_matches(patterns: Sequence[str], tob: str | None) -> bool:
    if "*" in patterns:  # any place of service / type of bill (the telehealth edits)
        return True
    if not tob:
        return False
    for p in patterns:
        if p.endswith("X") and len(p) == 3 and tob[:2] == p[:2]:
            return True
        if p == tob:
            return True
    return False


class _Plan:
    __slots__ = ("rules", "enabled", "severity", "ctx")

    def __init__(self, rules: list[Rule], enabled: set[str], severity: dict[str, str], ctx: Context) -> None:
        self.rules = rules
        self.enabled = enabled
        self.severity = severity
        self.ctx = ctx


#: one applicable rule: (its bound ``check``, the claim date its window is keyed to ("" none,
#: "as_of" the check date, else a Claim field), its window, its triggers as token masks (one per
#: ``Triggers.groups``, ``rules.facts.TokenMasks``; empty when it runs on every claim), the rule)
_Step = tuple[Callable[[Claim, Context], Iterable[Finding]], str, Effective, tuple[int, ...], Rule]


#: a step to take on one claim: (its bound ``check``, its trigger masks, the rule, "" or the claim
#: date its window is keyed to when the claim lacks it: the rule then reports not_checked)
_Run = tuple[Callable[[Claim, Context], Iterable[Finding]], tuple[int, ...], Rule, str]


class _Applicable:
    """The rules that apply to one (claim kind, bill type or POS, payer), in catalog order, and the
    codes the cross-claim edits among them watch (None when none of them is a cross-claim edit)."""

    __slots__ = ("steps", "watch", "_bounds", "_runs", "_taken", "_triggered")

    def __init__(self, steps: tuple[_Step, ...], watch: frozenset[str] | None) -> None:
        self.steps = steps
        self.watch = watch
        # the days where some window keyed to a statement date opens or closes: the statement dates
        # between two of them see the same windows
        bounds: set[dt.date] = set()
        for _check, field, eff, _triggers, _rule in steps:
            if field and field != "as_of":
                if eff.start is not None:
                    bounds.add(eff.start)
                if eff.end is not None and eff.end < dt.date.max:
                    bounds.add(eff.end + _DAY)
        self._bounds = sorted(bounds)
        self._runs: dict[tuple[int, int], tuple[_Run, ...]] = {}
        self._taken: dict[tuple[int, int, int], tuple[_Run, ...]] = {}
        self._triggered = any(triggers for _check, _field, _eff, triggers, _rule in steps)

    def taken(self, claim: Claim, as_of: dt.date, held_of: Callable[[Claim], int]) -> tuple[_Run, ...]:
        """``runs`` less the steps whose triggers the claim does not hold (``held_of``: the claim's token
        mask): what ``Engine.check`` calls. Kept by (window span, mask): about 40 steps a claim of which
        half are skipped by their triggers, and a few hundred masks in a whole file; testing each step's
        triggers on every claim cost more than the look-up. The mask is the claim's whatever the order it
        is taken in (the edits do not change the claim), so it is taken first, once."""
        key = self._span(claim)
        runs = self._runs.get(key)
        if runs is None:
            runs = self.runs(claim, as_of, key)
        if not self._triggered:
            return runs
        held = held_of(claim)
        hit = self._taken.get((*key, held))
        if hit is None:
            hit = tuple(
                run
                for run in runs
                # a step whose window cannot be applied reports that whatever its triggers
                if run[3] or not run[1] or not _lacks(run[1], held)
            )
            if len(self._taken) >= 4096:  # bounded: odd input must not grow it without end
                self._taken.clear()
            self._taken[(*key, held)] = hit
        return hit

    def _span(self, claim: Claim) -> tuple[int, int]:
        """Which span between window bounds the claim's statement dates fall in (-1: no date)."""
        start, end = claim.statement_from, claim.statement_to
        bounds = self._bounds
        return (-1 if start is None else bisect_right(bounds, start), -1 if end is None else bisect_right(bounds, end))

    def runs(self, claim: Claim, as_of: dt.date, key: tuple[int, int] | None = None) -> tuple[_Run, ...]:
        """The steps to take on the claim: the effective windows applied to its statement dates (and
        ``as_of``, fixed for the engine's life); computed once per span between window bounds (``key``,
        the claim's ``_span`` when the caller has it)."""
        if key is None:
            key = self._span(claim)
        hit = self._runs.get(key)
        if hit is None:
            out: list[_Run] = []
            for check, field, eff, triggers, rule in self.steps:
                if field:
                    day = as_of if field == "as_of" else getattr(claim, field)
                    if day is None:
                        out.append((check, triggers, rule, field))
                        continue
                    if not eff.contains(day):
                        continue
                out.append((check, triggers, rule, ""))
            hit = self._runs[key] = tuple(out)
        return hit


def _finding_order(f: Finding) -> tuple[int, str]:
    return (f.line or 0, f.rule)


def _lacks(triggers: tuple[int, ...], held: int) -> bool:
    for group in triggers:
        if not group & held:
            return True
    return False


class Engine:
    """``Engine(config=..., as_of=...).check(claim) -> list[Finding]``."""

    def __init__(
        self,
        rules: Sequence[Rule] | None = None,
        config: RuleConfig | None = None,
        as_of: dt.date | None = None,
        codes: Any = _UNSET,
        profiles: Any = None,
        history: Any = None,
        refs: Any = None,
        roster: Any = None,
    ) -> None:
        from teleclaim.refdata.payers import shipped_profiles

        self.rules = list(rules) if rules is not None else all_rules()
        self.profiles = profiles if profiles is not None else shipped_profiles()
        self.history = history  # an object with load(patient_keys) and save(records), or None
        self.roster = roster  # teleclaim.credentials.RosterIndex or None (the credential edits need it)
        self._cross = [cast(CrossRule, r) for r in self.rules if getattr(r, "cross", False)]
        self._masks = TokenMasks(t for r in self.rules if r.triggers for g in r.triggers.groups() for t in g)
        self._watch: dict[str, frozenset[str]] = {}
        for r in self._cross:
            for kind in r.meta.claim_types:
                self._watch[kind] = self._watch.get(kind, frozenset()) | r.watched()
        self._records: list[Any] = []
        self.config = config or RuleConfig()
        self.as_of = as_of or today()
        self.codes = default_codes() if codes is _UNSET else codes
        self.refs = refs  # refdata.code_sets.CodeRefs, or None: the generic code edits do not run
        self._catalog = catalog()
        self._resolver = Resolver(self._catalog)
        self._payer_plans: dict[str | None, _Plan] = {}
        self._plans: dict[tuple[str, str | None, str | None], _Applicable] = {}
        self._plan_for(None)  # validates the selectors up front (unknown rule -> InputError)
        for pid in self.config.payers:
            self._plan_for(pid)

    # -- selection --------------------------------------------------------------------------------
    def _plan_for(self, payer_id: str | None) -> _Plan:
        plan = self._payer_plans.get(payer_id)
        if plan is not None:
            return plan
        if payer_id is not None and payer_id not in self.config.payers:
            plan = self._plan_for(None)
            self._payer_plans[payer_id] = plan
            return plan
        base = self.config.base
        sel = self.config.payers.get(payer_id) if payer_id is not None else None
        merged = Selection(
            select=sel.select if sel and sel.select is not None else base.select,
            ignore=base.ignore + (sel.ignore if sel else ()),
            severity={**base.severity, **(sel.severity if sel else {})},
            options={**base.options, **(sel.options if sel else {})},
        )
        r = self._resolver
        enabled = set(self._catalog) if merged.select is None else r.codes_for(merged.select)
        enabled -= r.codes_for(merged.ignore)
        severity = r.severities(merged.severity)
        ctx = Context(as_of=self.as_of, codes=self.codes, options=merged.options, refs=self.refs, roster=self.roster)
        plan = _Plan([x for x in self.rules if x.meta.code in enabled], enabled, severity, ctx)
        self._payer_plans[payer_id] = plan
        return plan

    def enabled(self, code: str, payer_id: str | None = None) -> bool:
        return code in self._plan_for(payer_id).enabled

    def _rules_for(self, claim: Claim, plan: _Plan, payer_id: str | None) -> _Applicable:
        """The rules that apply to claims of this kind, bill type or POS and payer, computed once
        per (claim kind, bill type or POS, payer)."""
        tob = claim.type_of_bill if claim.kind == "837I" else claim.facility_code
        key = (claim.kind, tob, payer_id)
        hit = self._plans.get(key)
        if hit is None:
            steps: list[_Step] = []
            cross = False
            ctx = plan.ctx
            for x in plan.rules:
                if any(getattr(ctx, need) is None for need in x.requires):
                    continue  # e.g. a credential edit in a run without a roster: it has nothing to say
                if claim.kind in x.meta.claim_types and bill_type_matches(x.meta.bill_types, tob):
                    eff = x.meta.effective
                    if not eff.bounded or eff.keyed_to == "line_date":
                        field = ""
                    else:
                        field = "as_of" if eff.keyed_to == "as_of" else _DATE_FIELDS[eff.keyed_to]
                    if getattr(x, "cross", False):
                        cross = True
                        if not field and type(x).check is CrossRule.check:
                            continue  # judged over the run's records at the end, nothing per claim
                    masks = tuple(self._masks.mask(g) for g in x.triggers.groups()) if x.triggers else ()
                    steps.append((x.check, field, eff, masks, x))
            watch = self._watch.get(claim.kind) if cross else None
            hit = self._plans[key] = _Applicable(tuple(steps), watch or None)
        return hit

    # -- running ----------------------------------------------------------------------------------
    def check(self, claim: Claim) -> list[Finding]:
        payer = claim.payer
        payer_id = payer.id if payer is not None else None
        plan = self._payer_plans.get(payer_id) or self._plan_for(payer_id)
        applicable = self._rules_for(claim, plan, payer_id)
        if not applicable.steps and not applicable.watch:
            return []
        ctx = plan.ctx
        ctx.scratch = {}
        ctx.payer = self.profiles.for_claim(payer_id, claim.claim_filing)
        if applicable.watch:
            self._records.extend(records_of(claim, applicable.watch))
        out: list[Finding] = []
        # (the steps whose triggers the claim holds: a rule has something to say only on claims holding
        # one token of each of its trigger groups)
        for check, _triggers, rule, missing in applicable.taken(claim, ctx.as_of, self._held):
            if missing:
                what = "statement From date" if missing == "statement_from" else "statement Through date"
                out.append(
                    rule.not_checked(
                        claim, f"the {what} is missing, so the rule's effective window cannot be applied", field=missing
                    )
                )
                continue
            try:
                out.extend(check(claim, ctx))
            except Exception as exc:  # noqa: BLE001 - one broken edit must not stop the run
                log.error("rule %s failed on a claim: %s", rule.meta.code, type(exc).__name__)
                log.debug("rule %s failed on claim %s", rule.meta.code, claim.claim_id, exc_info=True)
                out.append(
                    rule.not_checked(claim, f"the rule failed internally ({type(exc).__name__}); please report it")
                )
        if out:
            if len(out) > 1:
                out.sort(key=_finding_order)
            self._finish(out, claim, plan)
        return out

    def check_all(self, claims: Iterable[Claim]) -> Iterator[tuple[Claim, list[Finding]]]:
        for claim in claims:
            yield claim, self.check(claim)

    def finish(self) -> list[Finding]:
        """Findings of the cross-claim edits over every claim checked since the last call (and the
        history store's earlier runs); saves this run's records to the history store."""
        recs, self._records = self._records, []
        if not recs or not self._cross:
            return []
        current = {(r.file, r.claim_id, r.line) for r in recs}
        pool = list(recs)
        if self.history is not None:
            seen = {(r.claim_id, r.line, r.code, r.day) for r in recs}
            earlier = self.history.load({r.patient for r in recs})
            pool += [r for r in earlier if (r.claim_id, r.line, r.code, r.day) not in seen]
            self.history.save(recs)
        payer_of = {(r.file, r.claim_id, r.line): r.payer for r in recs}
        ctx = self._plan_for(None).ctx
        ctx.scratch = {}
        out: list[Finding] = []
        for rule in self._cross:
            try:
                found = list(rule.check_records(pool, ctx))
            except Exception as exc:  # noqa: BLE001 - one broken edit must not stop the run
                log.error("rule %s failed on the run's records: %s", rule.meta.code, type(exc).__name__)
                continue
            for f in found:
                key = (f.file, f.claim_id, f.line)
                if key not in current:
                    continue
                plan = self._plan_for(payer_of[key])
                if f.rule not in plan.enabled:
                    continue
                if f.status == "failed" and plan.severity.get(f.rule):
                    f.severity = plan.severity[f.rule]  # type: ignore[assignment]
                out.append(f)
        out.sort(key=lambda f: (f.file or "", f.claim_id or "", f.line or 0, f.rule))
        return out

    def _finish(self, findings: list[Finding], claim: Claim, plan: _Plan) -> None:
        src = claim.source
        for f in findings:
            if f.status == "failed":
                sev = plan.severity.get(f.rule)
                if sev:
                    f.severity = sev  # type: ignore[assignment]
            if src is not None:
                f.file = src.file
                seg = src.line_segments.get(f.line) if f.line is not None else None
                f.segment = seg if seg is not None else src.claim_segment

    def _held(self, claim: Claim) -> int:
        """The claim's token mask (``rules.facts``); on a claim too odd to read it from, every bit (no
        rule is skipped, so a rule that would fail on it still reports that)."""
        try:
            return self._masks.claim_mask(claim)
        except Exception:  # noqa: BLE001 - the rules judge odd claims, the pre-filter must not
            return -1

    def structural(self, errors: Iterable[Any], file: str | None = None) -> list[Finding]:
        """Structural X12 problems as findings, filtered and re-graded like any rule."""
        from teleclaim.rules.structural import finding_from_error

        plan = self._plan_for(None)
        out = []
        for e in errors:
            if e.code not in plan.enabled:
                continue
            f = finding_from_error(e, file)
            sev = plan.severity.get(f.rule)
            if sev:
                f.severity = sev  # type: ignore[assignment]
            out.append(f)
        return out


def check_claims(claims: Iterable[Claim], **kwargs: Any) -> list[Finding]:
    """Convenience: all findings of ``claims`` with a fresh engine (``kwargs`` as ``Engine``)."""
    eng = Engine(**kwargs)
    out = [f for c in claims for f in eng.check(c)]
    return out + eng.finish()
