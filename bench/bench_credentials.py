"""Credentials (issue 15): `can-treat` latency with a 5,000-clinician roster, and `check` throughput
with and without that roster, measured in the same run.

Usage: python bench/bench_credentials.py [--clinicians 5000] [--claims 5000] [--queries 20000] [--repeat 3]

1. Builds a synthetic roster (seeded): the rendering NPIs of a generated telehealth 837P
   (teleclaim.x12.generate, kind "th") plus random clinicians up to --clinicians; each has 1-3
   licenses, some NLC multistate licenses, PSYPACT APITs and per-state compact privileges, and
   payer enrollments. The clinicians of the claims hold licenses of their patients' states, but
   every fourth lacks one (so the CR edits do find something).
2. can-treat: --queries in-process calls of `teleclaim.credentials.can_treat` (random NPI, state,
   date, payer medicare, half telehealth), each timed alone; prints p50, p99 and max.
   Goal: p99 < 1 ms.
3. check: the engine (all edits) over the 837P claims read once into memory, without a roster and
   with the roster (best of --repeat), and the ratio. Goal: with the roster >= 90 % of the
   throughput without it. Also read + check of the file, both ways.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def build_roster(
    npis: list[str],
    n: int,
    seed: int = 7,
    treats: dict[str, set[str]] | None = None,
    taxonomy: dict[str, str] | None = None,
):
    from teleclaim.credentials import RosterIndex, parse_roster
    from teleclaim.credentials.npi import check_digit
    from teleclaim.credentials.roster import STATES

    rng = random.Random(seed)
    states = sorted(STATES - {"PR", "VI", "GU", "MP", "AS"})
    have = list(dict.fromkeys(npis))
    while len(have) < n:
        body = "1" + "".join(rng.choice("0123456789") for _ in range(8))
        npi = body + str(check_digit(body))
        if npi not in have:
            have.append(npi)
    profs = ["physician", "nurse_practitioner", "registered_nurse", "psychologist", "physical_therapist", "counselor"]
    out = []
    for i, npi in enumerate(have[:n]):
        prof = rng.choice(profs)
        lic = []
        mine = sorted((treats or {}).get(npi, ()))
        if mine:  # a clinician of the claims: licensed where the patients are, bar one state for a few
            prof = "physician"
            gap = mine[-1] if i % 4 == 0 and len(mine) > 1 else None
            lic += [
                {"state": st, "number": f"L{i}{st}", "issued": "2015-01-01", "expires": "2030-12-31"}
                for st in mine
                if st != gap
            ]
        for st in rng.sample(states, rng.randint(1, 3)):
            if any(x["state"] == st for x in lic):
                continue
            issued = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
            lic.append(
                {
                    "state": st,
                    "number": f"L{i}{st}",
                    "issued": issued.isoformat(),
                    "expires": (issued + dt.timedelta(days=rng.randint(400, 3000))).isoformat(),
                    "multistate": prof == "registered_nurse" and rng.random() < 0.7,
                }
            )
        priv = []
        if prof == "psychologist" and rng.random() < 0.6:
            priv.append(
                {
                    "compact": "PSYPACT",
                    "kind": "APIT",
                    "home_state": lic[0]["state"],
                    "issued": "2024-01-01",
                    "expires": "2027-12-31",
                }
            )
        if prof in ("physical_therapist", "counselor") and rng.random() < 0.6:
            priv.append(
                {
                    "compact": "PT" if prof == "physical_therapist" else "Counseling",
                    "home_state": lic[0]["state"],
                    "states": rng.sample(states, 5),
                }
            )
        enr = [{"payer": "medicare", "effective_from": "2019-01-01"}]
        if mine:
            enr.append({"payer": "commercial", "effective_from": "2019-01-01"})
        elif rng.random() < 0.5:
            enr.append({"payer": "commercial", "effective_from": "2020-06-01", "telehealth": rng.random() < 0.8})
        out.append(
            {
                "npi": npi,
                "name": f"Synthetic Clinician {i}",
                "profession": prof,
                "taxonomy": [(taxonomy or {}).get(npi, "207Q00000X")],
                "licenses": lic,
                "compact_privileges": priv,
                "enrollments": enr,
            }
        )
    return RosterIndex(parse_roster({"clinicians": out}), source="bench roster"), states


def can_treat_latency(idx, states, queries: int, seed: int = 11) -> str:
    from teleclaim.credentials import can_treat

    rng = random.Random(seed)
    npis = list(idx.by_npi)
    qs = [
        (
            rng.choice(npis),
            rng.choice(states),
            dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000)),
            "medicare",
            rng.choice(("telehealth", "in_person")),
        )
        for _ in range(queries)
    ]
    for q in qs[:500]:  # warm-up
        can_treat(idx, q[0], q[1], q[2], payer=q[3], mode=q[4])
    times = []
    allowed = 0
    for q in qs:
        t = time.perf_counter_ns()
        a = can_treat(idx, q[0], q[1], q[2], payer=q[3], mode=q[4])
        times.append(time.perf_counter_ns() - t)
        allowed += a["allowed"]
    times.sort()
    p = lambda f: times[min(len(times) - 1, int(f * len(times)))] / 1000  # noqa: E731
    return (
        f"can-treat, {len(idx):,} clinicians, {queries:,} queries ({allowed:,} allowed): "
        f"p50 {p(0.50):.1f} µs, p99 {p(0.99):.1f} µs, max {times[-1] / 1000:.1f} µs "
        f"(goal p99 < 1,000 µs: {'met' if p(0.99) < 1000 else 'NOT met'})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clinicians", type=int, default=5000)
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from teleclaim.rules.engine import Engine
    from teleclaim.x12 import X12Reader
    from teleclaim.x12.generate import SUBMITTED, generate_x12

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "th.837"
        path.write_text(generate_x12("th", a.claims))
        claims = list(X12Reader(path).claims())
        npis = [p.npi for c in claims for p in [c.rendering, *(ln.rendering for ln in c.lines)] if p and p.npi]
        treats: dict[str, set[str]] = {}
        taxonomy = {
            p.npi: p.taxonomy
            for c in claims
            for p in [c.rendering, *(ln.rendering for ln in c.lines)]
            if p and p.npi and p.taxonomy
        }
        for c in claims:
            who = c.patient or c.subscriber
            st = who.address.state if who and who.address else None
            for p in [c.rendering, *(ln.rendering for ln in c.lines)]:
                if p and p.npi and st:
                    treats.setdefault(p.npi, set()).add(st)
        t = time.perf_counter()
        idx, states = build_roster(npis, a.clinicians, treats=treats, taxonomy=taxonomy)
        print(
            f"roster: {len(idx):,} clinicians built and validated in {time.perf_counter() - t:.2f} s; "
            f"{len(set(npis)):,} distinct rendering NPIs in {len(claims):,} generated 837P claims"
        )
        print(can_treat_latency(idx, states, a.queries))
        # without and with the roster alternate within each repeat, so both see the same machine load
        engines = {"without roster": Engine(as_of=SUBMITTED), "with roster": Engine(as_of=SUBMITTED, roster=idx)}
        best = {k: float("inf") for k in engines}
        best_file = dict(best)
        found: dict[str, list] = {k: [] for k in engines}
        for _ in range(a.repeat):
            for label, eng in engines.items():
                out: list = []
                t = time.perf_counter()
                for c in claims:
                    out.extend(eng.check(c))
                best[label] = min(best[label], time.perf_counter() - t)
                found[label] = out
            for label, eng in engines.items():
                t = time.perf_counter()
                for c in X12Reader(path).claims():
                    eng.check(c)
                best_file[label] = min(best_file[label], time.perf_counter() - t)
        for label in engines:
            cr = sum(1 for f in found[label] if f.rule.startswith("CR"))
            print(
                f"check (engine, all edits), {label}: {len(claims) / best[label]:,.0f} claims/s "
                f"({best[label]:.3f} s; {len(found[label]):,} findings, {cr:,} from CR edits)"
            )
        ratio = best["without roster"] / best["with roster"]
        print(f"ratio with/without roster: {ratio:.1%} (goal >= 90 %: {'met' if ratio >= 0.9 else 'NOT met'})")
        for label in engines:
            print(f"read + check of the file, {label}: {len(claims) / best_file[label]:,.0f} claims/s")
        ratio = best_file["without roster"] / best_file["with roster"]
        print(f"ratio with/without roster, read + check: {ratio:.1%}")


if __name__ == "__main__":
    main()
