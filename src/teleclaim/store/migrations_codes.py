"""Store tables of the code sets behind the check (migrations 40-49, reserved for code sets).

40 ``pfs``: CMS PFS relative value releases (one row per release, quarter-keyed: ``RVU25D``),
their PPRRVU lines (never the CPT descriptor), GPCIs per MAC/locality, the locality-county list
and the ZIP5 -> carrier/locality/rural table. Numbers are kept as TEXT so that Decimal values
come back exactly as CMS printed them (portable SQL: the PostgreSQL store runs the same DDL).
41 ``unit_limits``: imported unit-limit tables (the CMS practitioner MUE table), one row per code.
"""

from __future__ import annotations

from teleclaim.store.migrations import Connection, migration


@migration(40, "pfs")
def _m40_pfs(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE pfs_release (
            id TEXT PRIMARY KEY,          -- RVU<yy><A-D>; a revised release (RVU21AR) replaces RVU21A
            label TEXT NOT NULL,          -- as published, with the revision (RVU21AR)
            year INTEGER NOT NULL,
            quarter TEXT NOT NULL,        -- A Jan 1, B Apr 1, C Jul 1, D Oct 1
            revision TEXT,
            effective TEXT NOT NULL,      -- ISO date
            cf TEXT,                      -- non-QP conversion factor (the one factor before 2026)
            qp_cf TEXT,                   -- QP conversion factor
            cf_source TEXT,
            source TEXT,
            source_sha256 TEXT,
            loaded_at TEXT NOT NULL,
            rvu_count INTEGER NOT NULL DEFAULT 0,
            gpci_count INTEGER NOT NULL DEFAULT 0,
            locco_count INTEGER NOT NULL DEFAULT 0,
            zip5_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE pfs_rvu (
            release_id TEXT NOT NULL REFERENCES pfs_release(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            modifier TEXT NOT NULL,       -- '' when none
            status TEXT NOT NULL,
            not_used_for_payment INTEGER NOT NULL,
            work TEXT, pe_nf TEXT, pe_nf_na INTEGER, pe_f TEXT, pe_f_na INTEGER, mp TEXT,
            total_nf TEXT, total_f TEXT, pctc TEXT, global_days TEXT,
            pre_op TEXT, intra_op TEXT, post_op TEXT,
            mult_proc TEXT, bilat_surg TEXT, asst_surg TEXT, co_surg TEXT, team_surg TEXT,
            pric_ind TEXT, endo_base TEXT, supervision TEXT, calc_flag TEXT, imaging_family TEXT,
            opps_pe_nf TEXT, opps_pe_f TEXT, opps_mp TEXT,
            description TEXT,             -- Level II only; never a CPT descriptor
            PRIMARY KEY (release_id, code, modifier)
        );
        CREATE TABLE pfs_gpci (
            release_id TEXT NOT NULL REFERENCES pfs_release(id) ON DELETE CASCADE,
            mac TEXT NOT NULL, state TEXT, locality TEXT NOT NULL, name TEXT,
            pw TEXT NOT NULL, pe TEXT NOT NULL, mp TEXT NOT NULL,
            PRIMARY KEY (release_id, mac, locality)
        );
        CREATE TABLE pfs_locco (
            release_id TEXT NOT NULL REFERENCES pfs_release(id) ON DELETE CASCADE,
            mac TEXT NOT NULL, locality TEXT NOT NULL, state TEXT, area TEXT, counties TEXT
        );
        CREATE INDEX pfs_locco_release ON pfs_locco(release_id);
        CREATE TABLE pfs_zip5 (
            release_id TEXT NOT NULL REFERENCES pfs_release(id) ON DELETE CASCADE,
            zip5 TEXT NOT NULL, state TEXT, carrier TEXT NOT NULL, locality TEXT NOT NULL,
            rural TEXT, year_quarter TEXT,
            PRIMARY KEY (release_id, zip5)
        );
        """
    )


@migration(41, "unit_limits")
def _m41_unit_limits(conn: Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE unit_limit (
            table_id TEXT NOT NULL,       -- the imported table (MUE-<effective date>)
            code TEXT NOT NULL,
            max_units INTEGER NOT NULL,
            mai TEXT NOT NULL,            -- 1 per line, 2 per day (policy), 3 per day (clinical)
            start TEXT,
            stop TEXT,
            rationale TEXT,
            source TEXT,
            loaded_at TEXT NOT NULL
        );
        CREATE INDEX unit_limit_code ON unit_limit(code);
        """
    )
