"""The tokens of one claim, which the engine compares with the rules' ``Triggers`` to skip rules
that have nothing to say about the claim.

A token is a kind and a value: ``c:G0299`` (a line's procedure code), ``r:0551`` and ``r:055X`` (a
line's revenue code and its family), ``m:GT`` (a line modifier), ``k:A6`` (a condition code), ``p:10``
(the place of service of an 837P line: the line's, else the claim's), and ``c:*``, ``r:*``, ``m:*``,
``k:*``, ``p:*`` when the claim has any value of that kind. Each value appears in
every spelling a rule may compare it in (upper-cased; upper-cased and stripped; a revenue code also
zero-padded to four digits), so the tokens over-approximate what the rules see: a rule is skipped
only when the claim holds none of its triggers in any spelling.
"""

from __future__ import annotations

from functools import lru_cache

from teleclaim.model.claim import Claim


@lru_cache(maxsize=4096)
def revenue4(rev: str) -> str:
    """``"551"`` -> ``"0551"`` (three-digit codes zero-padded), stripped."""
    rev = rev.strip()
    return "0" + rev if len(rev) == 3 and rev.isdigit() else rev


@lru_cache(maxsize=4096)
def revenue_family(rev: str) -> str:
    """``"0551"`` -> ``"055X"``; three-digit codes are zero-padded (``"551"`` -> ``"055X"``)."""
    rev = revenue4(rev)
    return rev[:3] + "X" if len(rev) == 4 else rev


#: (revenue code, procedure code) of a line -> its tokens; filled as lines come
_LINE: dict[tuple[str | None, str | None], tuple[str, ...]] = {}


def _line_tokens(rev: str | None, code: str | None) -> tuple[str, ...]:
    out = set()
    if code:
        out |= {"c:*", "c:" + code.upper(), "c:" + code.strip().upper()}
    if rev:
        out |= {"r:*", "r:" + revenue4(rev), "r:" + revenue_family(rev)}
    hit = tuple(out)
    if len(_LINE) < 65536:  # bounded: odd input must not grow it without end
        _LINE[(rev, code)] = hit
    return hit


def claim_tokens(claim: Claim) -> set[str]:
    """The claim's tokens (see the module docstring); one cached look-up per line."""
    out: set[str] = set()
    known = _LINE
    professional = claim.kind == "837P"
    claim_pos = claim.facility_code
    for ln in claim.lines:
        key = (ln.revenue_code, ln.code)
        hit = known.get(key)
        out.update(hit if hit is not None else _line_tokens(*key))
        if professional:
            pos = ln.pos or claim_pos
            if pos:
                out.update(("p:*", "p:" + pos, "p:" + pos.strip().upper()))
        for m in ln.modifiers:  # a modifier that is no string fails here, as in the rules: see the engine
            out.update(("m:" + m.upper(), "m:" + m.strip().upper()))
            if m:
                out.add("m:*")
    for c in claim.conditions:
        out.update(("k:" + c.strip(), "k:" + c.strip().upper()))
        if c:
            out.add("k:*")
    return out
