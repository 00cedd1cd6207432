"""Claims per second for `teleclaim check`, on one core: 837I home health and 837P telehealth.

Usage: python bench/bench_check.py [--n 10000] [--repeat 3] [--kinds hh,th] [--no-peer]

For each kind it generates an N-claim file (teleclaim.x12.generate, seed 0) and measures, as CPU
time (time.process_time, best of --repeat, so other work on a shared machine counts less):
  1. engine only: all edits (rules engine and the cross-claim edits at the end of the run) on the
     file's claims, read beforehand into memory;
  2. read alone: X12Reader with its structural checks;
  3. read + all edits: what `teleclaim check FILE` does minus printing (check_stream.stream_check
     with the engine the CLI builds);
  4. `check --format json` on a variant of the file where every claim has a finding (a PT G-code
     under the nursing revenue code on 837I, an unknown modifier 9X on 837P): read, edits and the
     JSON written to memory;
  5. pyx12 validation of the same (first) file, the peer, when bench/.venv-peers exists (made by
     `python bench/bench_x12.py --quick`); timed by pyx12's process around its own validation.
Goal (issue 18, "one core first"): read + all edits >= 10,000 claims/s on both kinds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

GOAL = 10_000


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _engine() -> Any:
    """The engine `teleclaim check` builds (default settings), judging as on the files' creation day."""
    from teleclaim.service.checking import make_engine
    from teleclaim.settings import load_settings
    from teleclaim.x12.generate import SUBMITTED

    return make_engine(load_settings(None), as_of=SUBMITTED, history=False)


def _with_findings(kind: str, claims: Iterator[Any]) -> Iterator[Any]:
    for c in claims:
        if kind == "hh":
            for ln in c.lines:
                if ln.revenue_code and ln.revenue_code.startswith("055"):
                    ln.revenue_code = "0421"  # HH012: a nursing G-code under the PT revenue code
                    break
        else:
            c.lines[0].modifiers = [*c.lines[0].modifiers, "9X"]  # CV003: not a modifier
        yield c


def write_files(kind: str, n: int, folder: Path) -> tuple[Path, Path]:
    from teleclaim.x12.generate import SUBMITTED, generate_claims
    from teleclaim.x12.writer import write_837

    now = dt.datetime.combine(SUBMITTED, dt.time(9))
    plain, flawed = folder / f"{kind}_{n}.837", folder / f"{kind}_{n}_findings.837"
    with plain.open("w") as fh:
        write_837(list(generate_claims(kind, n)), fh, now=now)
    with flawed.open("w") as fh:
        write_837(list(_with_findings(kind, generate_claims(kind, n))), fh, now=now)
    return plain, flawed


def measure(kind: str, path: Path, flawed: Path, repeat: int) -> dict[str, Any]:
    from teleclaim.cli.check_cmds import _stream_json
    from teleclaim.service.check_stream import CheckTally, stream_check
    from teleclaim.x12 import X12Reader

    claims = list(X12Reader(path).claims())
    n = len(claims)
    _engine()  # the first engine loads the catalog and the shipped data: not a per-file cost
    counts: dict[str, int] = {}

    def engine_only() -> None:
        eng = _engine()
        k = sum(len(eng.check(c)) for c in claims) + len(eng.finish())
        counts["engine_findings"] = k

    def read_only() -> None:
        sum(1 for _ in X12Reader(path).claims())

    def read_and_check() -> None:
        tally = CheckTally(claim_order={})
        counts["findings"] = sum(1 for _ in stream_check([path], _engine(), tally=tally))

    def check_json() -> None:
        tally = CheckTally(claim_order={})
        out, sys.stdout = sys.stdout, io.StringIO()
        try:
            _stream_json(tally, stream_check([flawed], _engine(), tally=tally), "json")
        finally:
            sys.stdout = out
        counts["json_findings"] = tally.findings

    res = {"kind": kind, "claims": n, "mb": path.stat().st_size / 1e6}
    for name, fn in (
        ("engine", engine_only),
        ("read", read_only),
        ("check", read_and_check),
        ("json", check_json),
    ):
        res[name] = n / _best(fn, repeat)
    res.update(counts)
    return res


def pyx12(path: Path, n: int) -> str:
    try:
        import bench_x12  # type: ignore[import-not-found]

        res = bench_x12.pyx12_validate(path)
    except Exception as exc:  # noqa: BLE001 - a missing or failing peer is a result to report
        return f"skipped ({type(exc).__name__}: {exc})"
    secs = float(res["seconds"])
    return f"{n / secs:,.0f} claims/s ({secs:.2f} s, valid={res.get('ok')})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kinds", default="hh,th")
    ap.add_argument("--no-peer", action="store_true", help="leave out pyx12 (it takes ~15 s per 10,000 claims)")
    a = ap.parse_args()
    names = {"hh": "837I home health", "th": "837P telehealth"}
    print(f"teleclaim check, one core, CPU time (best of {a.repeat}); goal: read + all edits >= {GOAL:,} claims/s")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in a.kinds.split(","):
            path, flawed = write_files(kind, a.n, Path(tmp))
            r = measure(kind, path, flawed, a.repeat)
            print(f"\n{names[kind]}, {r['claims']:,} claims ({r['mb']:.1f} MB):")
            print(
                f"  engine only (all edits + cross-claim) {r['engine']:>9,.0f} claims/s  {1e6 / r['engine']:6.1f} us/claim"
            )
            print(
                f"  read alone (X12Reader)                {r['read']:>9,.0f} claims/s  {1e6 / r['read']:6.1f} us/claim"
            )
            verdict = "meets" if r["check"] >= GOAL else "below"
            print(
                f"  read + all edits                      {r['check']:>9,.0f} claims/s  {1e6 / r['check']:6.1f} us/claim"
                f"  ({verdict} the goal; {r['findings']} findings)"
            )
            print(
                f"  check --format json, a finding/claim  {r['json']:>9,.0f} claims/s  {1e6 / r['json']:6.1f} us/claim"
                f"  ({r['json_findings']} findings)"
            )
            if not a.no_peer:
                p = pyx12(path, r["claims"])
                print(f"  pyx12 validation of the same file     {p}")
                if "claims/s" in p:
                    peer = r["claims"] / float(p.split("(")[1].split(" s")[0])
                    print(f"  read + all edits vs pyx12: {r['check'] / peer:,.1f}x")


if __name__ == "__main__":
    main()
