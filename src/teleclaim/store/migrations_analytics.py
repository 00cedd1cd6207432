"""Store tables of the claim ledger and the national telehealth trends (migrations 20-29).

Portable SQL (TEXT/INTEGER/REAL only, no SQLite-only DDL): the PostgreSQL store runs the same
statements. Money, units and dates are TEXT (exact decimal strings, ISO dates).

- ``ledger_claim`` / ``ledger_line`` (20): one row per checked claim, keyed by billing provider NPI
  and claim id (re-checking replaces it), and its lines. The patient is a keyed hash (the history
  store's secret), with state and 3-digit ZIP only. See ``store/ledger.py``.
- ``telehealth_trend`` (21): the rows of CMS's Medicare Telehealth Trends file that report uses
  (all beneficiaries, national and by state, per quarter). See ``refdata/telehealth_trends.py``.
"""

from __future__ import annotations

from teleclaim.store.migrations import Connection, migration

_LEDGER = [
    """CREATE TABLE ledger_claim (
        billing_npi TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        kind TEXT NOT NULL,             -- 837I | 837P
        run_id TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        patient_key TEXT,               -- HMAC of the patient key (store secret), never a member id
        patient_state TEXT,
        patient_zip3 TEXT,              -- '000' for the HIPAA safe-harbor restricted areas
        payer_id TEXT,
        payer_profile TEXT,
        payer_family TEXT,
        tob TEXT,
        pos TEXT,
        statement_from TEXT,
        statement_to TEXT,
        first_date TEXT,                -- statement start, else the earliest line date
        last_date TEXT,                 -- the latest date of the claim (purge --before)
        hipps TEXT,
        attending_npi TEXT,
        rendering_npi TEXT,
        findings TEXT,                  -- JSON [[rule, severity, line], ...]
        hh_visits INTEGER,              -- home-health visit lines (derived when recorded)
        hh_g0320 INTEGER,               -- telecom lines G0320, G0321, G0322
        hh_g0321 INTEGER,
        hh_g0322 INTEGER,
        estimate_c INTEGER,             -- fee estimate of a home-health period, in cents
        lupa_threshold INTEGER,         -- visits the period's HIPPS needs (fee data), NULL when unknown
        PRIMARY KEY (billing_npi, claim_id)
    )""",
    """CREATE TABLE ledger_line (
        billing_npi TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        line INTEGER NOT NULL,
        code TEXT,
        modifiers TEXT,                 -- comma-separated
        pos TEXT,
        units TEXT,
        charge TEXT,
        revenue_code TEXT,
        service_date TEXT,
        clinician_npi TEXT,
        -- derived by model.record's definitions when recorded, so reports aggregate in SQL:
        day TEXT,                       -- the line's date, else the claim's statement start
        month TEXT,                     -- YYYY-MM of day
        eff_pos TEXT,                   -- the line's POS, else the claim's (837P)
        telehealth INTEGER NOT NULL DEFAULT 0,
        audio_only INTEGER NOT NULL DEFAULT 0,
        kind TEXT,                      -- telehealth_em | e_visit | virtual_check_in | rpm | rtm
        patient_key TEXT,               -- the claim's keyed patient hash (or a per-claim stand-in)
        medicare INTEGER NOT NULL DEFAULT 0,
        visit INTEGER NOT NULL DEFAULT 0,   -- a home-health visit line
        state TEXT,                     -- the claim's patient state
        work_rvu_e4 INTEGER,            -- fee estimate of an 837P line: work RVUs x 10,000
        allowed_c INTEGER,              -- fee estimate of an 837P line: allowed amount in cents
        PRIMARY KEY (billing_npi, claim_id, line)
    )""",
    # covering indexes in the order of the report's GROUP BYs: the sums stream over an index, no sort
    "CREATE INDEX ledger_line_agg ON ledger_line(month, telehealth, audio_only, kind, eff_pos, modifiers, day, "
    "work_rvu_e4, allowed_c)",
    "CREATE INDEX ledger_line_patients ON ledger_line(month, patient_key, telehealth, medicare, state, day)",
    "CREATE INDEX ledger_line_clinician ON ledger_line(clinician_npi, telehealth, day, work_rvu_e4)",
    "CREATE INDEX ledger_claim_first ON ledger_claim(first_date)",
    "CREATE INDEX ledger_claim_last ON ledger_claim(last_date)",
]

_TRENDS = [
    """CREATE TABLE telehealth_trend (
        release_id TEXT NOT NULL,       -- e.g. TMEDTREND_PUBLIC_250827
        year INTEGER NOT NULL,
        quarter INTEGER NOT NULL,       -- 1-4; 0 for the whole year ('Overall')
        geo TEXT NOT NULL,              -- 'US' (national) or the state's USPS code
        eligible INTEGER,               -- Total_Bene_TH_Elig
        telehealth INTEGER,             -- Total_Bene_Telehealth
        share REAL,                     -- Pct_Telehealth (0-1)
        PRIMARY KEY (release_id, year, quarter, geo)
    )""",
    """CREATE TABLE telehealth_trend_release (
        release_id TEXT PRIMARY KEY,
        source TEXT,
        source_sha256 TEXT,
        published TEXT,                 -- release date (from the file name)
        loaded_at TEXT NOT NULL,
        rows INTEGER NOT NULL
    )""",
]


@migration(20, "claim_ledger")
def _m20_ledger(conn: Connection) -> None:
    for stmt in _LEDGER:
        conn.execute(stmt)


@migration(21, "telehealth_trends", scope="reference")
def _m21_trends(conn: Connection) -> None:
    for stmt in _TRENDS:
        conn.execute(stmt)
