"""Re-create the example 835 of this folder (synthetic, no PHI).

    python examples/make_remit_examples.py

telehealth_errors.835  the payer's answer to telehealth_837p.837 (6 valid claims: paid at 80 %, a
  CO-45 write-off and PR-2 coinsurance) and telehealth_errors_837p.837, whose claims are denied with
  the reason a payer would give:
  THERR-01  CO-96   non-covered (98004 is not paid by Medicare)      -> TH002 prevents it
  THERR-02  CO-16 with M51 (99441 deleted in 2025)                   -> TH001
  THERR-03  CO-5    place of service does not fit (e-visit with 10)  -> TH008
  THERR-04  CO-185  rendering provider not eligible (therapist)      -> TH009 (and CR..., planned)
  THERR-05  CO-119  benefit maximum (second e-visit in 7 days)       -> TH020
  THERR-06  CO-58   inappropriate place of service (POS 11 with 95)  -> TH004
`teleclaim remit examples/telehealth_errors.835 --claims examples/telehealth_837p.837
 --claims examples/telehealth_errors_837p.837`
shows each denial, the rule that prevents it, and that teleclaim flagged it at submission.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from teleclaim.x12 import X12Reader  # noqa: E402
from teleclaim.x12.gen835 import remit_for, write_835  # noqa: E402

DENY = {"THERR-01": ("CO", "96", None), "THERR-02": ("CO", "16", "M51"), "THERR-03": ("CO", "5", None),
        "THERR-04": ("CO", "185", None), "THERR-05": ("CO", "119", None), "THERR-06": ("CO", "58", None)}


def main() -> None:
    claims = [*X12Reader(HERE / "telehealth_837p.837").claims(), *X12Reader(HERE / "telehealth_errors_837p.837").claims()]
    payment = remit_for(claims, seed=3, deny=DENY, payer="SYNTHETIC MEDICARE CONTRACTOR", date=dt.date(2026, 3, 20))
    (HERE / "telehealth_errors.835").write_text(write_835([payment]))


if __name__ == "__main__":
    main()
