"""Compat re-export: the check runner lives in ``teleclaim.service.checking``."""
# compat shim: remove after the round-2 merges

from teleclaim.service.checking import _kind_of, _read_json_claims, code_refs, make_engine, run_check

__all__ = ["make_engine", "run_check", "_kind_of", "_read_json_claims", "code_refs"]
