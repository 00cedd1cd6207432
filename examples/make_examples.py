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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from teleclaim.x12.generate import SUBMITTED, error_claims, generate_x12  # noqa: E402
from teleclaim.x12.writer import write_837  # noqa: E402

NOW = dt.datetime.combine(SUBMITTED, dt.time(9, 30))


def main() -> None:
    (HERE / "home_health_837i.837").write_text(generate_x12("hh", 8, seed=3))
    (HERE / "telehealth_837p.837").write_text(generate_x12("th", 6, seed=3))
    (HERE / "home_health_errors_837i.837").write_text(write_837(error_claims(), now=NOW))


if __name__ == "__main__":
    main()
