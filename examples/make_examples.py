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
telehealth_errors_837p.837  structurally valid X12 with telehealth billing mistakes the TH edits catch:
  THERR-01  98004 (CPT 2025 telemedicine) billed to Medicare                     -> TH002
  THERR-02  telephone E/M 99441 dated 2025 (deleted 2025-01-01)                  -> TH001
  THERR-03  an e-visit 99422 billed with POS 10 and 95 as if it were telehealth  -> TH008
  THERR-04  a physical therapist billing the physician e-visit code 99422        -> TH009
  THERR-05  a second e-visit in THERR-03's 7-day period (same patient/clinician) -> TH020
  THERR-06  Medicare 2024: office POS 11 with 95 (the PHE method ended 2023)     -> TH004
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from teleclaim.x12.generate import SUBMITTED, error_claims, generate_x12, telehealth_error_claims  # noqa: E402
from teleclaim.x12.writer import write_837  # noqa: E402

NOW = dt.datetime.combine(SUBMITTED, dt.time(9, 30))


def main() -> None:
    (HERE / "home_health_837i.837").write_text(generate_x12("hh", 8, seed=3))
    (HERE / "telehealth_837p.837").write_text(generate_x12("th", 6, seed=3))
    (HERE / "home_health_errors_837i.837").write_text(write_837(error_claims(), now=NOW))
    (HERE / "telehealth_errors_837p.837").write_text(write_837(telehealth_error_claims(), now=NOW))


if __name__ == "__main__":
    main()
