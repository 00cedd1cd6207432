"""Fees (core): fee-schedule prices, claim estimates, PDGM/LUPA for home health, payer schedules.

Imports only the model, reference data and the rules' vocabulary (core layer). The pieces:
``pdgm`` (dated PDGM tables and HH PPS rates), ``hh`` (a 32X period claim), ``price`` (one code
under the physician fee schedule), ``schedules`` (payer fee schedules from ``teleclaim.toml``),
``estimate`` (a whole claim), ``wage_index`` (parsing the CMS HH wage index file).
"""

from teleclaim.fees.estimate import FeeContext, estimate_claim, summarize
from teleclaim.fees.pdgm import case_mix, is_pdgm_code, lupa_threshold, rate_year
from teleclaim.fees.price import Pricer, parse_locality
from teleclaim.fees.schedules import FeeSchedule, schedule_for
from teleclaim.fees.wage_index import parse_wage_index

__all__ = [
    "FeeContext",
    "FeeSchedule",
    "Pricer",
    "case_mix",
    "estimate_claim",
    "is_pdgm_code",
    "lupa_threshold",
    "parse_locality",
    "parse_wage_index",
    "rate_year",
    "schedule_for",
    "summarize",
]
