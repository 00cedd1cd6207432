"""Fixtures of the fees tests (tests/fees/feekit.py)."""

from feekit import pfs_store  # noqa: F401
