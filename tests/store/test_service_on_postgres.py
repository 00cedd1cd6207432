"""The service on PostgreSQL, several worker processes and concurrent clients: nothing lost, nothing doubled."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_concurrent_checks_with_history_and_audit_count_exactly(pg_url):
    spec = importlib.util.spec_from_file_location("bench_store_load", REPO / "bench" / "bench_store_load.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = mod.run(pg_url, workers=2, clients=4, seconds=3.0, claims=3)
    assert out["errors"] == 0, out["error_samples"]
    assert out["requests"] > 0
    assert out["audit_rows"] == out["requests"]
    assert out["history_rows"] == out["history_rows_expected"] > 0
