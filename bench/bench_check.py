"""Claims per second for `teleclaim check`: read + all edits on a generated home-health 837I.

Usage: python bench/bench_check.py [--n 10000] [--repeat 3]

In one run it measures, on one core:
  1. engine only: all edits on N in-memory home-health claims (varied period claims);
  2. read + all edits: X12Reader over a generated N-claim 837I file (teleclaim.x12.generate)
     plus the engine, i.e. what `teleclaim check FILE` does minus printing;
  3. pyx12 validation of the same file, when bench/bench_x12.py exposes a `pyx12_validate(path)`
     helper and pyx12 is installed.
Parts whose prerequisites are missing are reported as skipped, with the reason.
Goal (issue 5): 5,000+ claims/s for read + all edits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "rules"))


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def engine_only(n: int, repeat: int) -> str:
    from casekit import build_claim, case_codes

    from teleclaim.rules.engine import Engine

    claims = []
    for i in range(n):
        case = {"name": str(i), "claim": {"claim_id": f"C{i}"}}
        if i % 3 == 1:
            case["lines_set"] = {2: {"code": "G0151"}}  # one finding
        if i % 7 == 2:
            case["claim"]["values"] = [{"code": "61", "amount": "16980.00"}]
        claims.append(build_claim(case))
    eng = Engine(as_of=dt.date(2026, 1, 15), codes=case_codes())

    def run():
        for c in claims:
            eng.check(c)

    secs = _best(run, repeat)
    return f"engine only (all {len(eng.rules)} edits), {n} claims: {n / secs:,.0f} claims/s ({secs:.3f} s)"


def write_generated(n: int, path: Path, kind: str = "hh") -> str | None:
    try:
        from teleclaim.x12.generate import generate_x12
    except ImportError as exc:
        return f"skipped: teleclaim.x12.generate is not available ({exc})"
    path.write_text(generate_x12(kind, n))
    return None


def read_and_check(path: Path, n: int, repeat: int) -> str:
    try:
        from teleclaim.x12 import X12Reader
    except ImportError as exc:
        return f"read + all edits: skipped, X12Reader not available ({exc})"
    from teleclaim.rules.engine import Engine
    from teleclaim.x12.generate import SUBMITTED

    eng = Engine(as_of=SUBMITTED)  # the generated files' creation day: every service is before it
    counts = {}

    def run():
        r = X12Reader(path)
        k = f = 0
        for claim in r.claims():
            k += 1
            f += len(eng.check(claim))
        f += len(eng.finish())  # the cross-claim edits (telehealth) at the end of the run
        counts.update(claims=k, findings=f, structural=len(r.errors))

    secs = _best(run, repeat)
    rd = _best(lambda: sum(1 for _ in X12Reader(path).claims()), repeat)
    return (
        f"read + all edits, {counts['claims']} claims ({path.stat().st_size / 1e6:.1f} MB): "
        f"{counts['claims'] / secs:,.0f} claims/s ({secs:.3f} s; read alone {counts['claims'] / rd:,.0f} "
        f"claims/s); findings {counts['findings']}, structural {counts['structural']}"
    )


def pyx12(path: Path, n: int) -> str:
    try:
        import bench_x12  # type: ignore[import-not-found]

        helper = bench_x12.pyx12_validate
    except (ImportError, AttributeError) as exc:
        return f"pyx12 validation: skipped, bench/bench_x12.py has no pyx12_validate helper ({exc})"
    t = time.perf_counter()
    try:
        res = helper(path)
        if isinstance(res, dict) and res.get("seconds"):
            secs = float(res["seconds"])
            return f"pyx12 validation of the same file: {n / secs:,.0f} claims/s ({secs:.3f} s, in its venv)"
    except Exception as exc:  # noqa: BLE001 - a peer failing is a result to report
        return f"pyx12 validation: failed ({type(exc).__name__}: {exc})"
    secs = time.perf_counter() - t
    return f"pyx12 validation of the same file: {n / secs:,.0f} claims/s ({secs:.3f} s)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(engine_only(a.n, a.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hh.837"
        why = write_generated(a.n, path)
        if why:
            print(f"read + all edits: {why}")
            print("pyx12 validation: skipped (no generated file)")
            return
        print(read_and_check(path, a.n, a.repeat))
        print(pyx12(path, a.n))
        th = Path(tmp) / "th.837"
        write_generated(a.n, th, "th")
        print("telehealth 837P: " + read_and_check(th, a.n, a.repeat))
        print("telehealth 837P: " + pyx12(th, a.n))


if __name__ == "__main__":
    main()
