"""The facts of one professional (837P) claim that the telehealth edits share, computed once.

- ``pos(line)``: the line's place of service, else the claim's (CLM05-1);
- ``mods(line)``: its modifiers, upper-cased;
- ``clinician(line)``: (clinician type, bills E/M?, taxonomy) from the rendering provider of the line,
  else of the claim, else a person billing provider; ``None`` type when no taxonomy is known;
- ``behavioral``: the claim carries a mental/behavioral-health diagnosis (ICD-10-CM chapter F);
- ``profile``: the payer profile of the claim (``Context.payer``, set by the engine).
Code families come from ``tables.yaml`` (ranges expanded once).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from teleclaim.model.claim import Claim, ServiceLine
from teleclaim.refdata.payers import Profile, shipped_profiles
from teleclaim.rules.context import Context
from teleclaim.rules.meta import Effective, Scope

#: What every telehealth edit shares in its RuleMeta: keyed to the service-line date, 837P, any POS.
PROFESSIONAL: Scope = {"effective": Effective(keyed_to="line_date"), "claim_types": ("837P",), "bill_types": ("*",)}


def _expand(spec: str) -> list[str]:
    lo, _, hi = spec.partition("-")
    if not hi:
        return [lo]
    i = next(k for k, ch in enumerate(lo) if ch.isdigit())
    prefix, a, b = lo[:i], int(lo[i:]), int(hi[i:])
    return [f"{prefix}{n:0{len(lo) - i}d}" for n in range(a, b + 1)]


@cache
def tables() -> dict[str, Any]:
    raw = yaml.safe_load((files("teleclaim.rules.telehealth") / "tables.yaml").read_text("utf-8"))
    return {k: v["values"] for k, v in raw.items()}


@cache
def family(name: str) -> frozenset[str]:
    """The codes of a table: a list of codes/ranges, or (management tables) first codes and add-ons."""
    t = tables()[name]
    specs = [*t["first"], *t["addon"]] if isinstance(t, dict) else t
    return frozenset(c for spec in specs for c in _expand(str(spec)))


@cache
def families(*names: str) -> frozenset[str]:
    """The union of several tables' codes, built once."""
    return frozenset().union(*(family(n) for n in names))


def clinician_of(taxonomy: str | None) -> dict[str, Any] | None:
    if not taxonomy:
        return None
    hit: dict[str, Any] | None = _CLINICIANS.get(taxonomy, _MISS)
    if hit is _MISS:
        hit = _clinician_of(taxonomy)
        if len(_CLINICIANS) < 65536:  # bounded: odd input must not grow it without end
            _CLINICIANS[taxonomy] = hit
    return hit


#: taxonomy as given -> its entry of the clinician map (asked for most lines; a run sees few taxonomies)
_CLINICIANS: dict[str, dict[str, Any] | None] = {}
_MISS: Any = object()


def _clinician_of(taxonomy: str) -> dict[str, Any] | None:
    tax = taxonomy.strip().upper()
    hit: dict[str, Any] | None = tables()["taxonomy"].get(tax)
    if hit is not None:
        return hit
    prefixes: dict[str, dict[str, Any]] = tables()["taxonomy_prefixes"]
    for n in range(len(tax), 1, -1):
        if tax[:n] in prefixes:
            return prefixes[tax[:n]]
    return None


class View:
    __slots__ = ("claim", "profile", "_behavioral")

    def __init__(self, claim: Claim, profile: Profile) -> None:
        self.claim = claim
        self.profile = profile
        self._behavioral: bool | None = None

    @property
    def behavioral(self) -> bool:
        """The claim carries a mental/behavioral-health diagnosis (asked by few edits: computed on demand)."""
        if self._behavioral is None:
            self._behavioral = False
            for d in (self.claim.principal_diagnosis, *self.claim.diagnoses):
                if d is not None and d.code.upper().startswith("F"):
                    self._behavioral = True
                    break
        return self._behavioral

    def pos(self, line: ServiceLine) -> str | None:
        return line.pos or self.claim.facility_code

    @staticmethod
    def mods(line: ServiceLine) -> list[str]:
        return [m.upper() for m in line.modifiers]

    def taxonomy(self, line: ServiceLine) -> str | None:
        for p in (line.rendering, self.claim.rendering):
            if p is not None and p.taxonomy:
                return p.taxonomy
        bp = self.claim.billing_provider
        if bp is not None and bp.taxonomy and (bp.entity_type == "1" or self.claim.rendering is None):
            return bp.taxonomy
        return None

    def clinician(self, line: ServiceLine) -> tuple[dict[str, Any] | None, str | None]:
        tax = self.taxonomy(line)
        return clinician_of(tax), tax

    def lines(self, fam: str) -> list[ServiceLine]:
        codes = family(fam)
        return [ln for ln in self.claim.lines if ln.code and ln.code.upper() in codes]


def view(claim: Claim, ctx: Context) -> View:
    v: View | None = ctx.scratch.get("th")
    if v is None:
        prof = getattr(ctx, "payer", None)
        if prof is None:
            pid = claim.payer.id if claim.payer is not None else None
            prof = shipped_profiles().for_claim(pid, claim.claim_filing)
        v = ctx.scratch["th"] = View(claim, prof)
    return v


def code_of(line: ServiceLine) -> str:
    return (line.code or "").upper()
