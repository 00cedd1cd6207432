"""Credentialing, licensure and enrollment (issue 15): the roster, compacts by date and the
"may this clinician treat this patient, in that state, on that day, for that payer" answer.

A core package beside ``select`` and ``rules``: it imports nothing above the core. The store
(``store.credentials``) keeps rosters, the service layer (``service.credentials``) wires the faces.
"""

from __future__ import annotations

from teleclaim.credentials.compacts import COMPACT_INFO, Compacts, Membership, default_compacts
from teleclaim.credentials.expiring import expiring
from teleclaim.credentials.files import CSV_COLUMNS, parse_roster_csv, read_roster
from teleclaim.credentials.npi import check_digit, npi_problem, npi_valid
from teleclaim.credentials.roster import (
    Clinician,
    CompactPrivilege,
    Enrollment,
    License,
    OptOut,
    Roster,
    parse_roster,
    roster_json_schema,
)
from teleclaim.credentials.treat import MODES, RosterIndex, can_treat

__all__ = [
    "COMPACT_INFO",
    "CSV_COLUMNS",
    "Clinician",
    "CompactPrivilege",
    "Compacts",
    "Enrollment",
    "License",
    "MODES",
    "Membership",
    "OptOut",
    "Roster",
    "RosterIndex",
    "can_treat",
    "check_digit",
    "default_compacts",
    "expiring",
    "npi_problem",
    "npi_valid",
    "parse_roster",
    "parse_roster_csv",
    "read_roster",
    "roster_json_schema",
]
