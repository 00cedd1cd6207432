"""Re-create the example 837 files of this folder (synthetic claims, no PHI).

    python examples/make_examples.py

home_health_837i.837        8 valid home-health claims (329, 327, 32A, 341), generator seed 3
telehealth_837p.837         6 valid telehealth claims (POS 02/10, modifiers 95/93), seed 3
home_health_errors_837i.837 structurally valid X12 with billing mistakes the home-health edits catch:
  HHERR-01  a G0154 skilled-nursing visit dated 2026 (G0154 ended 2015-12-31)    -> HH013
  HHERR-02  a 341 outpatient bill with a skilled-nursing 0551 line               -> HH001
  HHERR-03  a 329 without value code 61 (CBSA)                                   -> HH022
  HHERR-04  a 329 without its Q5001 site-of-service line                         -> HH019
  HHERR-05  a 329 with patient status 20 (expired) but no occurrence 55          -> HH024
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from teleclaim.model.claim import Occurrence, ServiceLine  # noqa: E402
from teleclaim.x12.generate import SUBMITTED, generate_claims, generate_x12  # noqa: E402
from teleclaim.x12.writer import write_837  # noqa: E402

NOW = dt.datetime.combine(SUBMITTED, dt.time(9, 30))


def _periods(n: int, seed: int):
    """Clean 329 claims with visits in 2026 (so a terminated code is clearly out of date)."""
    for c in generate_claims("hh", 400, seed=seed):
        if c.type_of_bill == "329" and c.statement_from.year == 2026 and c.patient_status == "30":
            yield c
            n -= 1
            if n == 0:
                return


def _renumber(c):
    for i, ln in enumerate(c.lines, 1):
        ln.line = i
    c.total_charge = sum((ln.charge for ln in c.lines), Decimal("0.00"))


def error_claims():
    g0154, sn34x, no61, noq, expired = _periods(5, seed=11)
    # 1. G0154 (ended 2015-12-31) on a 2026 skilled-nursing visit
    ln = next(x for x in g0154.lines if x.revenue_code == "0551" and x.code.startswith("G0") and x.code != "G0322")
    ln.code = "G0154"
    # 2. a 341 outpatient therapy bill with a 0551 skilled-nursing line
    out = next(c for c in generate_claims("hh", 200, seed=11) if c.type_of_bill == "341")
    out.lines.append(ServiceLine(line=0, revenue_code="0551", code="G0299", code_qualifier="HC",
                                 charge=Decimal("150.00"), unit_basis="UN", units=Decimal("3"),
                                 date=out.statement_from))
    _renumber(out)
    sn34x = out
    # 3. value code 61 missing
    no61.values = [v for v in no61.values if v.code != "61"]
    # 4. Q5001 line missing
    noq.lines = [x for x in noq.lines if x.code != "Q5001"]
    _renumber(noq)
    # 5. patient status 20 without occurrence 55 (date of death)
    expired.patient_status = "20"
    expired.occurrences = [o for o in expired.occurrences if o.code != "55"] or [Occurrence("50", expired.statement_from)]
    claims = [g0154, sn34x, no61, noq, expired]
    for i, c in enumerate(claims, 1):
        c.claim_id = f"HHERR-{i:02d}"
    return claims


def main() -> None:
    (HERE / "home_health_837i.837").write_text(generate_x12("hh", 8, seed=3))
    (HERE / "telehealth_837p.837").write_text(generate_x12("th", 6, seed=3))
    (HERE / "home_health_errors_837i.837").write_text(write_837(error_claims(), now=NOW))


if __name__ == "__main__":
    main()
