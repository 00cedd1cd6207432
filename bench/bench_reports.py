"""Speed of `teleclaim report utilization`: from files against `check`, from the ledger against reading 837s.

Usage: python bench/bench_reports.py [--claims 10000] [--lines 1000000] [--repeat 2] [--data FILE ...]

In one run, on one core, with a temporary store:
  1. files: a generated N-claim home-health 837I and N-claim telehealth 837P (teleclaim.x12.generate,
     seed 0). `check` = read + all edits (service.checking.run_check, what `teleclaim check` does minus
     printing); `report` = service.reports.utilization_from_files (the same read and edits, plus the
     records and the aggregation). Ratio = report throughput / check throughput (goal >= 0.50).
  2. ledger: the same claims recorded into the ledger (check --record), then copied in SQL under new
     claim ids until the ledger holds >= L lines. `ledger report` = utilization_from_ledger over it;
     `reading 837s` = reading the generated files again and again until the same number of lines
     has been read, (a) with the reader only (X12Reader, no edits: the least reading can cost) and
     (b) as `report FILES` does. Ratio = ledger report time / reading time (goal < 0.10).
Times are the best of --repeat runs (reading the equivalent 837s runs once: it is the long part).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TMP = Path(tempfile.mkdtemp(prefix="teleclaim-bench-reports-"))
os.environ["TELECLAIM_STORE"] = str(TMP / "store.sqlite3")
os.environ["TELECLAIM_CONFIG_DIR"] = str(TMP / "cfg")
sys.path.insert(0, str(HERE.parent / "src"))


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="Import this reference file first (`teleclaim data import`), e.g. a PFS release so the "
        "fee estimates are priced; repeatable.",
    )
    a = ap.parse_args()
    for f in a.data:
        from teleclaim.cli.main import main as cli

        if cli(["data", "import", f]) != 0:
            raise SystemExit(f"could not import {f}")

    from teleclaim.service.checking import make_engine, run_check
    from teleclaim.service.reports import utilization_from_files, utilization_from_ledger
    from teleclaim.settings import load_settings
    from teleclaim.store import open_store
    from teleclaim.x12 import X12Reader
    from teleclaim.x12.generate import SUBMITTED, generate_x12

    settings = load_settings()
    files = []
    for kind in ("hh", "th"):
        p = TMP / f"{kind}_{a.claims}.837"
        p.write_text(generate_x12(kind, a.claims))
        files.append(p)
    n_claims = 2 * a.claims
    print(f"files: {', '.join(f'{p.name} ({p.stat().st_size / 1e6:.1f} MB)' for p in files)}; store {TMP}")

    # 1. from files, against check
    t_check = t_rep = float("inf")
    for _ in range(a.repeat):  # interleaved, so both see the same machine load
        t, _ = _best(lambda: run_check(files, make_engine(settings, as_of=SUBMITTED, history=False)), 1)
        t_check = min(t_check, t)
        t, res = _best(lambda: utilization_from_files(files, settings, as_of=SUBMITTED, record=False), 1)
        t_rep = min(t_rep, t)
    file_lines = sum(m["lines"] for m in res["months"])  # type: ignore[index]
    print(f"check FILES           {n_claims:>9,} claims {t_check:8.2f} s  {n_claims / t_check:9,.0f} claims/s")
    print(f"report FILES          {n_claims:>9,} claims {t_rep:8.2f} s  {n_claims / t_rep:9,.0f} claims/s")
    print(f"  ratio report/check throughput: {t_check / t_rep:.2f} (goal >= 0.50)")

    from teleclaim.service.reports import LedgerRecorder

    def record() -> None:
        engine = make_engine(settings, as_of=SUBMITTED, history=False)
        run_check(files, engine, observer=LedgerRecorder(engine, open_store(settings)))

    t_record, _ = _best(record, 1)
    print(
        f"check FILES --record  {n_claims:>9,} claims {t_record:8.2f} s  {n_claims / t_record:9,.0f} claims/s "
        f"(ratio to check {t_check / t_record:.2f})"
    )

    # 2. from the ledger, against reading the equivalent 837s
    utilization_from_files(files, settings, as_of=SUBMITTED, record=True)
    conn = open_store(settings).conn
    base_claims = conn.execute("SELECT COUNT(*) FROM ledger_claim").fetchone()[0]
    base_lines = conn.execute("SELECT COUNT(*) FROM ledger_line").fetchone()[0]
    copies = -(-a.lines // base_lines)
    ccols = [r[1] for r in conn.execute("PRAGMA table_info(ledger_claim)")]
    lcols = [r[1] for r in conn.execute("PRAGMA table_info(ledger_line)")]
    conn.execute("CREATE TEMP TABLE base_c AS SELECT * FROM ledger_claim")
    conn.execute("CREATE TEMP TABLE base_l AS SELECT * FROM ledger_line")
    conn.execute("BEGIN")
    for k in range(1, copies):  # the same claims under new claim ids (bench only: SQL on the store's tables)
        sel_c = ", ".join(f"claim_id || '#{k}'" if c == "claim_id" else c for c in ccols)
        sel_l = ", ".join(f"claim_id || '#{k}'" if c == "claim_id" else c for c in lcols)
        conn.execute(f"INSERT INTO ledger_claim ({', '.join(ccols)}) SELECT {sel_c} FROM base_c")
        conn.execute(f"INSERT INTO ledger_line ({', '.join(lcols)}) SELECT {sel_l} FROM base_l")
    conn.execute("COMMIT")
    claims = conn.execute("SELECT COUNT(*) FROM ledger_claim").fetchone()[0]
    lines = conn.execute("SELECT COUNT(*) FROM ledger_line").fetchone()[0]
    print(
        f"ledger: {base_claims:,} claims / {base_lines:,} lines recorded, x{copies} -> {claims:,} claims, "
        f"{lines:,} lines"
    )
    t_led, res = _best(lambda: utilization_from_ledger(settings), a.repeat)
    print(
        f"report --from-store   {lines:>9,} lines  {t_led:8.2f} s  {lines / t_led:9,.0f} lines/s "
        f"({res['source']['claims']:,} claims)"
    )  # type: ignore[index]

    t = time.perf_counter()
    read_lines = 0
    rounds = 0
    while read_lines < lines:
        for p in files:
            for c in X12Reader(p).claims():
                read_lines += len(c.lines)
        rounds += 1
    t_read = time.perf_counter() - t
    print(
        f"read 837s (reader)    {read_lines:>9,} lines  {t_read:8.2f} s  {read_lines / t_read:9,.0f} lines/s "
        f"({rounds} passes over the files)"
    )
    per_line = t_rep / max(file_lines, 1)
    t_read_report = per_line * lines
    print(f"report FILES, same    {lines:>9,} lines  {t_read_report:8.2f} s  (report FILES time per line x lines)")
    print(
        f"  ratio ledger report / reading 837s: {t_led / t_read:.3f} reader only, "
        f"{t_led / t_read_report:.3f} against report FILES (goal < 0.10)"
    )


if __name__ == "__main__":
    main()
