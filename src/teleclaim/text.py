"""Small text tests shared by every layer (it sits on the lowest floor, like ``clock``).

``str.isdigit()`` is true for characters ``int()`` refuses (superscripts such as ``'²'``) and for
digits of other scripts (``'٣'``) that X12, CMS files and HTTP headers never mean: a value passes
as a number here only when it is made of ASCII ``0``-``9``.
"""

from __future__ import annotations


def digits(v: str) -> bool:
    """True when ``v`` is one or more ASCII digits 0-9 (so ``int(v)`` cannot fail)."""
    return v.isascii() and v.isdigit()
