"""Money helpers of the fees core: CMS rounds payment amounts half-up to cents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def s(x: Decimal | None) -> str | None:
    """A decimal as the JSON string of the contracts (None stays None)."""
    return None if x is None else str(x)
