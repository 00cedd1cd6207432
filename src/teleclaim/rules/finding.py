"""Compat re-export: findings live in ``teleclaim.model.finding`` (beside the claim model)."""
# compat shim: remove after the round-2 merges

from teleclaim.model.finding import SEVERITY_RANK, Finding, Severity

__all__ = ["SEVERITY_RANK", "Finding", "Severity"]
