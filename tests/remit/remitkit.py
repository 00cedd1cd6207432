"""Helpers of the remittance tests: synthetic 837s and the 835s that answer them."""

from __future__ import annotations

from pathlib import Path

from teleclaim.x12.gen835 import remit_for, write_835
from teleclaim.x12.generate import generate_claims
from teleclaim.x12.writer import write_837


def submitted(tmp_path: Path, n: int = 6, seed: int = 2, bad_modifiers: tuple[int, ...] = (1,)) -> tuple[Path, list]:
    """An 837P of ``n`` generated claims; the claims at ``bad_modifiers`` carry 93+95 (TH007)."""
    claims = list(generate_claims("th", n, seed))
    for i in bad_modifiers:
        claims[i].lines[0].modifiers = ["93", "95"]
    p = tmp_path / "sent.837"
    p.write_text(write_837(claims))
    return p, claims


def remittance(tmp_path: Path, claims: list, deny: dict | None = None, name: str = "paid.835", **kw) -> Path:
    p = tmp_path / name
    p.write_text(write_835([remit_for(claims, deny=deny, **kw)]))
    return p
