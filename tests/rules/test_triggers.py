"""The engine's pre-filter never hides a finding.

A rule's ``triggers`` say what a claim must hold for it to have anything to say, ``requires`` which
context (roster, code references) it needs; the engine skips it otherwise. Here every claim of the
rule cases, of the examples and of generated files, also in an odd spelling (codes lower-cased and
padded, three-digit revenue codes), is checked twice: with the pre-filter and with every rule run.
The findings must be the same, and no rule may report on a claim lacking its triggers.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casekit import DEFAULT_AS_OF, build_claims, case_files, case_refs, case_roster, load_case_file

from teleclaim.model.claim import Claim
from teleclaim.refdata.payers import Profiles
from teleclaim.rules.config import RuleConfig
from teleclaim.rules.engine import Engine
from teleclaim.rules.facts import TokenMasks, claim_tokens
from teleclaim.rules.registry import rule_classes
from teleclaim.x12 import X12Reader
from teleclaim.x12.generate import generate_claims

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TRIGGERED = {c.meta.code: c.triggers.groups() for c in rule_classes() if c.triggers is not None}


def _odd(claim: Claim) -> Claim:
    """The claim spelled as a careless sender might: codes, modifiers and conditions lower-cased and
    padded, revenue codes without their leading zero, the patient status padded."""
    c = copy.deepcopy(claim)
    for ln in c.lines:
        ln.code = f" {ln.code.lower()} " if ln.code else ln.code
        ln.modifiers = [f"{m.lower()} " for m in ln.modifiers]
        rev = ln.revenue_code
        ln.revenue_code = rev[1:] if rev and len(rev) == 4 and rev.startswith("0") else rev
    c.conditions = [f" {k.lower()}" for k in c.conditions]
    c.patient_status = f"{c.patient_status} " if c.patient_status else c.patient_status
    return c


def _runs() -> Iterator[tuple[str, dict[str, Any], list[Claim]]]:
    """(name, Engine keyword arguments, claims checked together)."""
    for path in case_files():
        doc = load_case_file(path)
        for case in doc["cases"]:
            as_of = case.get("as_of", DEFAULT_AS_OF)
            kwargs = {
                "config": case.get("config"),
                "payer": case.get("payer"),
                "as_of": dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of,
                "codes": case.get("codes"),
                "refs": case.get("refs"),
                "roster": case,
            }
            claims = build_claims(case)
            name = f"{doc['rule']}-{case['name']}"
            yield name, kwargs, claims
            yield name + " (odd spelling)", kwargs, [_odd(c) for c in claims]
    for f in sorted(EXAMPLES.glob("*.837")):
        claims = list(X12Reader(f).claims())
        yield f.name, {"refs": "shipped"}, claims
        yield f.name + " (odd spelling)", {"refs": "shipped"}, [_odd(c) for c in claims]
    for kind in ("hh", "th"):
        claims = list(generate_claims(kind, 150, seed=7))
        yield f"generated {kind}", {"refs": "shipped", "as_of": dt.date(2026, 6, 1)}, claims
        yield f"generated {kind} (odd spelling)", {"refs": "shipped"}, [_odd(c) for c in claims]


RUNS = list(_runs())


def _engine(kwargs: dict[str, Any], codes: Any) -> Engine:
    config = kwargs.get("config")
    return Engine(
        config=RuleConfig.from_settings(config),
        as_of=kwargs.get("as_of") or DEFAULT_AS_OF,
        codes=None if kwargs.get("codes") == "none" else codes,
        profiles=Profiles(config, forced=kwargs.get("payer")),
        refs=case_refs(kwargs.get("refs")),
        roster=case_roster(kwargs["roster"]) if "roster" in kwargs else None,
    )


def _findings(engine: Engine, claims: list[Claim]) -> list[list[dict[str, Any]]]:
    out = [[f.to_dict() for f in engine.check(c)] for c in claims]
    return [*out, [f.to_dict() for f in engine.finish()]]


def _unfiltered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule runs: no claim tokens (the engine then takes every trigger as held), no requirement."""

    def no_tokens(self: TokenMasks, claim: Claim) -> int:
        raise ValueError("pre-filter off")

    monkeypatch.setattr(TokenMasks, "claim_mask", no_tokens)
    for cls in rule_classes():
        monkeypatch.setattr(cls, "requires", ())


@pytest.mark.parametrize(("name", "kwargs", "claims"), RUNS, ids=[r[0] for r in RUNS])
def test_prefilter_changes_no_finding(name, kwargs, claims, codes, monkeypatch):
    filtered = _findings(_engine(kwargs, codes), claims)
    _unfiltered(monkeypatch)
    everything = _findings(_engine(kwargs, codes), claims)
    assert filtered == everything, name
    for claim, found in zip(claims, everything, strict=False):
        tokens = claim_tokens(claim)
        for f in found:
            if f["message"].endswith("so the rule's effective window cannot be applied"):
                continue  # the engine's own finding, reported before the triggers are looked at
            groups = TRIGGERED.get(f["rule"], ())
            assert all(not g.isdisjoint(tokens) for g in groups), (
                f"{name}: {f['rule']} reported on claim {claim.claim_id} without its triggers: {f['message']}"
            )


def test_every_triggered_rule_is_exercised(codes, monkeypatch):
    """The runs above hold a finding of every rule with triggers (else the comparison proves little)."""
    _unfiltered(monkeypatch)
    seen = set()
    for _name, kwargs, claims in RUNS:
        for found in _findings(_engine(kwargs, codes), claims):
            seen.update(f["rule"] for f in found)
    assert sorted(set(TRIGGERED) - seen) == []


def test_the_mask_of_a_claim_is_the_mask_of_its_tokens():
    """The engine's cached per-line masks say what ``claim_tokens`` says, on every claim above."""
    masks = TokenMasks(t for groups in TRIGGERED.values() for g in groups for t in g)
    for name, _kwargs, claims in RUNS:
        for claim in claims:
            assert masks.claim_mask(claim) == masks.mask(claim_tokens(claim)), (name, claim.claim_id)
    assert masks.claim_mask(claims[0]) != 0


def test_claim_tokens_cover_each_spelling():
    claim = _odd(next(iter(generate_claims("hh", 1, seed=3))))
    claim.conditions = [" a6", "21 "]
    claim.lines[1].modifiers = [" gt"]
    claim.patient_status = " 20"
    tokens = claim_tokens(claim)
    code, rev = claim.lines[1].code, claim.lines[1].revenue_code
    assert {"c:" + code.strip().upper(), "r:0" + rev, "r:0" + rev[:2] + "X"} <= tokens
    assert {"m:GT", "m:*", "k:A6", "k:21", "k:*", "s:20"} <= tokens
    assert not any(t.startswith("m:") for t in claim_tokens(next(iter(generate_claims("hh", 1, seed=3)))))


def test_a_claim_without_tokens_runs_every_rule(codes):
    """A claim too odd to read tokens from (a modifier that is no string) is checked by every rule."""
    claim = next(iter(generate_claims("hh", 1, seed=3)))
    claim.conditions = ["A6"]  # HH003: A6 belongs on a 34X bill, not on this 32X
    claim.lines[1].modifiers = [None]  # type: ignore[list-item]
    with pytest.raises(AttributeError):
        claim_tokens(claim)
    with pytest.raises(AttributeError):
        TokenMasks(["m:GT"]).claim_mask(claim)
    found = Engine(as_of=dt.date(2026, 6, 1), codes=codes).check(claim)
    assert "HH003" in {f.rule for f in found}
