"""Cutting one big X12 file into chunks that Spark tasks read apart (stub)."""

from __future__ import annotations

import functools
from typing import Any


def planner(claims: int = 5000, size: int = 32 << 20) -> Any:
    return functools.partial(plan, claims=claims, size=size)


def plan(path: str, *, claims: int = 5000, size: int = 32 << 20) -> list[Any] | None:
    return None
