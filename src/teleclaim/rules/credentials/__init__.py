"""Credential edits (CR001-CR019, issue 15): NPI check digits, licensure in the patient's state,
payer enrollment, Medicare opt-out, roster taxonomy, the home-health certifying physician.

Every edit but CR001 needs a roster (``Context.roster``: ``check --roster FILE`` or a roster in
the store) and stays silent without one. A clinician missing from the roster is reported once per
claim as ``not_checked`` (CR002), never as an error.
"""
