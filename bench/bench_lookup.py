"""Code look-up and search speed, with every HCPCS record of the Oct-2025 list loaded.

Usage: python bench/bench_lookup.py [--csv PATH] [--n 2000]

Loads the lossy Oct-2025 CSV (../shared/data/cms/hcpcs/HCPC2025_OCT_ANWEB_derived_lossy.csv)
beside the curated sets into a temporary store, then measures in this one run:
  - in-process look-up latency (p50/p99) against a plain dict look-up of the same codes (floor);
  - in-process search latency (p50/p99) over word, typo and code queries;
  - `teleclaim code G0321` end to end (process start included) against `python -c pass`.
Goals (issue 3): look-up p99 < 1 ms, search p99 < 10 ms, end to end < 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

QUERIES = [
    "nurse phone call",
    "physical therapy",
    "physcial therapist asistant",
    "wheelchair",
    "oxygen",
    "remote monitoring",
    "audio only",
    "skilled nursing visit",
    "G03",
    "J1100",
    "telehelth",
    "insulin pump",
    "dressing",
    "ambulance",
    "home health aide",
    "hospice",
    "E0100",
    "vaccine administration",
]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--csv", default=str(HERE.parents[1] / "shared/data/cms/hcpcs/HCPC2025_OCT_ANWEB_derived_lossy.csv")
    )
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    if not Path(args.csv).is_file():
        print(f"missing {args.csv}; pass --csv", file=sys.stderr)
        return 2

    from load_lossy_csv import load

    from teleclaim.refdata.reference import Reference, ensure_curated
    from teleclaim.store import SQLiteStore

    tmp = Path(tempfile.mkdtemp(prefix="teleclaim-bench-"))
    store_path = tmp / "store.sqlite3"
    store = SQLiteStore(store_path)
    t0 = time.perf_counter()
    ensure_curated(store)
    entries = load(args.csv)
    store.replace_release(
        {"id": "HCPC2025_OCT", "kind": "hcpcs", "label": "Oct 2025 (lossy CSV)", "effective": "2025-10-01"}, entries
    )
    print(f"loaded {len(entries)} HCPCS records + curated sets in {time.perf_counter() - t0:.2f} s")

    ref = Reference(store)
    codes = store.all_codes()
    rnd = random.Random(7)
    sample = [rnd.choice(codes) for _ in range(args.n)]
    floor = dict.fromkeys(codes, True)

    ref.lookup(sample[0])
    ref.search("warm up")  # warm caches (vocabulary, code list)
    lk, fl = [], []
    for c in sample:
        t = time.perf_counter()
        ref.lookup(c)
        lk.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        floor.get(c)
        fl.append((time.perf_counter() - t) * 1000)
    se = []
    for _ in range(max(1, args.n // len(QUERIES) // 4)):
        for q in QUERIES:
            t = time.perf_counter()
            ref.search(q)
            se.append((time.perf_counter() - t) * 1000)

    env = dict(os.environ, TELECLAIM_STORE=str(store_path))
    e2e, base = [], []
    for _ in range(7):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "teleclaim.cli.main", "code", "G0321"],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        e2e.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - t)

    print(f"\n{'measure':<42}{'p50':>10}{'p99':>10}{'goal':>12}")
    print(
        f"{'look-up (ms), ' + str(len(lk)) + ' random codes':<42}{pct(lk, 50):>10.3f}{pct(lk, 99):>10.3f}{'< 1 ms':>12}"
    )
    print(f"{'  floor: dict.get (ms)':<42}{pct(fl, 50):>10.4f}{pct(fl, 99):>10.4f}")
    print(f"{'search (ms), ' + str(len(se)) + ' queries':<42}{pct(se, 50):>10.3f}{pct(se, 99):>10.3f}{'< 10 ms':>12}")
    print(
        f"{'teleclaim code G0321, end to end (s)':<42}{statistics.median(e2e):>10.3f}{max(e2e):>10.3f}{'< 0.5 s':>12}"
    )
    print(f"{'  peer: python -c pass (s)':<42}{statistics.median(base):>10.3f}{max(base):>10.3f}")
    print(
        f"\nratios: look-up p99 / dict p99 = {pct(lk, 99) / max(pct(fl, 99), 1e-6):.0f}x; "
        f"end-to-end / bare interpreter = {statistics.median(e2e) / statistics.median(base):.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
