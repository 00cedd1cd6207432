"""The tokens of one claim, which the engine compares with the rules' ``Triggers`` to skip rules
that have nothing to say about the claim.

A token is a kind and a value: ``c:G0299`` (a line's procedure code), ``r:0551`` and ``r:055X`` (a
line's revenue code and its family), ``m:GT`` (a line modifier), ``k:A6`` (a condition code), ``p:10``
(the place of service of an 837P line: the line's, else the claim's), ``s:30`` (the patient status),
and ``c:*``, ``r:*``, ``m:*``, ``k:*``, ``p:*`` when the claim has any value of that kind. Each value
appears in every spelling a rule may compare it in (upper-cased; upper-cased and stripped; a revenue code also
zero-padded to four digits), so the tokens over-approximate what the rules see: a rule is skipped
only when the claim holds none of its triggers in any spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from teleclaim.model.claim import Claim
from teleclaim.text import digits


@lru_cache(maxsize=4096)
def revenue4(rev: str) -> str:
    """``"551"`` -> ``"0551"`` (three-digit codes zero-padded), stripped."""
    rev = rev.strip()
    return "0" + rev if len(rev) == 3 and digits(rev) else rev


@lru_cache(maxsize=4096)
def revenue_family(rev: str) -> str:
    """``"0551"`` -> ``"055X"``; three-digit codes are zero-padded (``"551"`` -> ``"055X"``)."""
    rev = revenue4(rev)
    return rev[:3] + "X" if len(rev) == 4 else rev


def line_tokens(rev: str | None, code: str | None) -> tuple[str, ...]:
    """The tokens of a line's revenue code and procedure code."""
    out = set()
    if code:
        out |= {"c:*", "c:" + code.upper(), "c:" + code.strip().upper()}
    if rev:
        out |= {"r:*", "r:" + revenue4(rev), "r:" + revenue_family(rev)}
    return tuple(out)


def modifier_tokens(m: str) -> tuple[str, ...]:
    """A modifier's tokens; a modifier that is no string fails here, as in the rules (see the engine)."""
    return ("m:" + m.upper(), "m:" + m.strip().upper(), "m:*") if m else ("m:" + m.upper(), "m:" + m.strip().upper())


def condition_tokens(c: str) -> tuple[str, ...]:
    return ("k:" + c.strip(), "k:" + c.strip().upper(), "k:*") if c else ("k:" + c.strip(), "k:" + c.strip().upper())


def place_tokens(pos: str) -> tuple[str, ...]:
    return ("p:*", "p:" + pos, "p:" + pos.strip().upper())


def claim_tokens(claim: Claim) -> set[str]:
    """The claim's tokens (see the module docstring)."""
    out: set[str] = set()
    professional = claim.kind == "837P"
    for ln in claim.lines:
        out.update(line_tokens(ln.revenue_code, ln.code))
        pos = ln.pos or claim.facility_code
        if professional and pos:
            out.update(place_tokens(pos))
        for m in ln.modifiers:
            out.update(modifier_tokens(m))
    for c in claim.conditions:
        out.update(condition_tokens(c))
    if claim.patient_status:
        out.update(status_tokens(claim.patient_status))
    return out


def status_tokens(status: str) -> tuple[str, ...]:
    return ("s:" + status.strip(), "s:" + status.strip().upper())


class TokenMasks:
    """A claim's tokens as a bit mask over the tokens the rules' triggers name (one bit each): the
    engine's pre-filter asks ``mask & group`` (0: the claim holds none of the group). The mask of a
    line's (revenue code, code), of a modifier, a condition, a place, a status is kept once computed,
    so a claim costs one dictionary look-up per line; it equals ``mask(claim_tokens(claim))``."""

    def __init__(self, tokens: Iterable[str]) -> None:
        self.bits = {t: 1 << i for i, t in enumerate(sorted(set(tokens)))}
        self._lines: dict[tuple[str | None, str | None], int] = {}
        self._parts: dict[tuple[Callable[[str], tuple[str, ...]], str], int] = {}

    def mask(self, tokens: Iterable[str]) -> int:
        bits = self.bits
        out = 0
        for t in tokens:
            out |= bits.get(t, 0)
        return out

    def _part(self, kind: Callable[[str], tuple[str, ...]], value: str) -> int:
        key = (kind, value)
        hit = self._parts.get(key)
        if hit is None:
            hit = self.mask(kind(value))
            if len(self._parts) >= 65536:  # bounded: odd input must not grow it without end
                self._parts.clear()
            self._parts[key] = hit
        return hit

    def claim_mask(self, claim: Claim) -> int:
        out = 0
        known = self._lines
        professional = claim.kind == "837P"
        for ln in claim.lines:
            key = (ln.revenue_code, ln.code)
            hit = known.get(key)
            if hit is None:
                hit = self.mask(line_tokens(*key))
                if len(known) >= 65536:
                    known.clear()
                known[key] = hit
            out |= hit
            if professional:
                pos = ln.pos or claim.facility_code
                if pos:
                    out |= self._part(place_tokens, pos)
            for m in ln.modifiers:  # most lines have none
                out |= self._part(modifier_tokens, m)
        for c in claim.conditions:
            out |= self._part(condition_tokens, c)
        if claim.patient_status:
            out |= self._part(status_tokens, claim.patient_status)
        return out
