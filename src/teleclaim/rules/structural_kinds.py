"""Compat re-export: the X12 problem kinds and their 999 codes live in ``teleclaim.x12.kinds``."""
# compat shim: remove after the round-2 merges

from teleclaim.x12.kinds import KINDS, ProblemKind

__all__ = ["KINDS", "ProblemKind"]
