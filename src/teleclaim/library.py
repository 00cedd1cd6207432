"""Compat re-export: the Python library face lives in ``teleclaim.service.reference``.

>>> import teleclaim
>>> teleclaim.lookup("G0321", on="2026-01-05")["valid_on"]
True
"""
# compat shim: remove after the round-2 merges

from teleclaim.service.reference import Reference, _default, lookup, open_reference, search  # noqa: F401

__all__ = ["Reference", "open_reference", "lookup", "search"]
