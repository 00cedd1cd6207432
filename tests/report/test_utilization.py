"""Every definition of the utilization report (issue 16), pinned on hand-made claims."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, month, prof, report, visit  # noqa: E402

D = dt.date


# -- months ------------------------------------------------------------------------------------------
def test_a_line_counts_in_the_month_of_its_own_date_else_the_statement_start():
    r = report(
        [
            prof(
                "C1",
                1,
                [line(1, "99213", date="2026-03-31"), line(2, "99213", date="2026-04-01"), line(3, "99213", date=None)],
                statement_from="2026-05-10",
            )
        ]
    )
    assert {m["month"]: m["lines"] for m in r["months"]} == {"2026-03": 1, "2026-04": 1, "2026-05": 1}


def test_since_and_until_filter_by_the_same_dates():
    claims = [
        prof("C1", 1, [line(1, "99213", date="2026-02-28"), line(2, "99213", date="2026-03-01")]),
        prof("C2", 2, [line(1, "99213", date="2026-03-31"), line(2, "99213", date="2026-04-01")]),
        hh("H1", 3, "329", "2026-02-15", [visit(date="2026-02-16")]),
        hh("H2", 4, "329", "2026-03-20", [visit()]),
    ]
    r = report(claims, since=D(2026, 3, 1), until=D(2026, 3, 31))
    assert [m["month"] for m in r["months"]] == ["2026-03"]
    assert month(r, "2026-03")["lines"] == 2 + 2  # C1 line 2, C2 line 1, H2's HIPPS and visit lines
    assert r["home_health"]["periods"] == 1  # H2 only: H1 starts in February
    assert r["source"]["claims"] == 3  # C1 and C2 have a line in range, H2 starts in range


# -- telehealth, audio-only, POS, modifiers -----------------------------------------------------------------
@pytest.mark.parametrize(
    "pos,line_pos,mods,telehealth",
    [
        ("02", None, (), True),
        ("10", None, (), True),
        ("11", "02", (), True),
        ("11", "10", (), True),
        ("02", "11", (), False),  # the line's POS wins over the claim's
        ("11", None, ("95",), True),
        ("11", None, ("93",), True),
        ("11", None, ("GT",), True),
        ("11", None, ("GQ",), True),
        ("11", None, ("FQ",), True),
        ("11", None, ("25",), False),
        ("11", None, (), False),
    ],
)
def test_a_professional_line_is_telehealth_by_pos_or_modifier(pos, line_pos, mods, telehealth):
    r = report([prof("C1", 1, [line(1, "99213", pos=line_pos, mods=mods)], pos=pos)])
    assert month(r, "2026-03")["telehealth"]["lines"] == int(telehealth)


def test_home_health_lines_are_never_telehealth_lines():
    r = report([hh("H1", 1, "329", "2026-03-01", [visit("G0320", "0580"), visit()])])
    assert month(r, "2026-03")["telehealth"]["lines"] == 0


@pytest.mark.parametrize(
    "code,mods,audio",
    [
        ("99213", ("93",), True),
        ("99213", ("FQ",), True),
        ("99213", ("95",), False),
        ("99441", (), True),
        ("99443", (), True),
        ("98966", (), True),
        ("98968", (), True),
        ("98008", (), True),
        ("98015", (), True),
        ("98007", (), False),
        ("99444", (), False),
    ],
)
def test_audio_only_by_modifier_93_fq_or_a_telephone_only_code(code, mods, audio):
    r = report([prof("C1", 1, [line(1, code, mods=mods)], pos="10")])
    assert month(r, "2026-03")["telehealth"]["audio_only_lines"] == int(audio)


def test_by_pos_counts_telehealth_lines_by_their_pos_including_the_in_person_pos_of_a_95_line():
    r = report(
        [
            prof(
                "C1",
                1,
                [
                    line(1, "99213", pos="02"),
                    line(2, "99213", pos="10"),
                    line(3, "99213", pos="10"),
                    line(4, "99213", mods=("95",)),
                    line(5, "99213"),
                ],
                pos="11",
            )
        ]
    )
    th = month(r, "2026-03")["telehealth"]
    assert th["by_pos"] == {"02": 1, "10": 2, "11": 1}
    assert th["lines"] == 4 and th["by_modifier"] == {"95": 1}


def test_by_modifier_counts_each_telehealth_modifier():
    r = report(
        [
            prof(
                "C1",
                1,
                [
                    line(1, "99213", mods=("95",)),
                    line(2, "99213", mods=("93",)),
                    line(3, "99213", mods=("GT",)),
                    line(4, "99213", mods=("95", "GQ")),
                ],
                pos="10",
            )
        ]
    )
    assert month(r, "2026-03")["telehealth"]["by_modifier"] == {"95": 2, "93": 1, "GT": 1, "GQ": 1}


# -- kinds ----------------------------------------------------------------------------------------------
def test_kinds():
    lines = [
        line(1, "99213", pos="10"),
        line(2, "98005", pos="02"),
        line(3, "99214"),  # E/M in person: not counted
        line(4, "99421"),
        line(5, "G2062"),
        line(6, "98972"),
        line(7, "G2012"),
        line(8, "G2251"),
        line(9, "98016"),
        line(10, "G2010"),
        line(11, "99454"),
        line(12, "99091"),
        line(13, "99445"),
        line(14, "99470"),
        line(15, "98975"),
        line(16, "98981"),
        line(17, "98985"),
        line(18, "98982"),
    ]
    r = report([prof("C1", 1, lines, pos="11")])
    assert month(r, "2026-03")["by_kind"] == {
        "telehealth_em": 2,
        "e_visit": 3,
        "virtual_check_in": 4,
        "rpm": 4,
        "rtm": 3,
    }


def test_every_kind_is_present_even_when_zero():
    r = report([prof("C1", 1, [line(1, "99213")])])
    assert month(r, "2026-03")["by_kind"] == dict.fromkeys(
        ("telehealth_em", "e_visit", "virtual_check_in", "rpm", "rtm"), 0
    )


# -- patients -----------------------------------------------------------------------------------------
def test_patients_are_distinct_per_month_and_telehealth_patients_those_with_a_telehealth_line():
    r = report(
        [
            prof("C1", 1, [line(1, "99213", pos="10"), line(2, "99213", date="2026-04-02")]),
            prof("C2", 1, [line(1, "99213")]),  # the same patient again in March
            prof("C3", 2, [line(1, "99213")]),
            prof("C4", 3, [line(1, "99213", mods=("93",))], pos="10"),
        ]
    )
    mar, apr = month(r, "2026-03"), month(r, "2026-04")
    assert (mar["patients"], mar["telehealth"]["patients"]) == (3, 2)
    assert (apr["patients"], apr["telehealth"]["patients"]) == (1, 0)
    assert mar["claims"] == 4 and apr["claims"] == 0


# -- home health ----------------------------------------------------------------------------------------
def test_a_period_is_a_329_or_327_once_per_patient_and_start_and_the_327_replaces_its_329():
    r = report(
        [
            hh("H1", 1, "329", "2026-03-01", [visit(), visit()]),
            hh("H1R", 1, "327", "2026-03-01", [visit(), visit(), visit(), visit("G0320", "0580")]),
            hh("H2", 2, "329", "2026-03-05", [visit()]),
            hh("N1", 3, "32A", "2026-03-01", []),
            hh("X1", 2, "328", "2026-03-05", []),
            hh("O1", 4, "321", "2026-03-01", [visit()]),
            hh("O2", 5, "322", "2026-03-01", [visit()]),
        ]
    )
    h = r["home_health"]
    assert h["periods"] == 2 and h["visits"] == 3 + 1
    assert h["periods_with_telecom"] == 1 and h["telecom_lines"] == {"G0320": 1, "G0321": 0, "G0322": 0}
    assert month(r, "2026-03")["home_health"]["periods"] == 2


def test_the_327_replaces_its_329_whichever_comes_first():
    r = report([hh("H1R", 1, "327", "2026-03-01", [visit()]), hh("H1", 1, "329", "2026-03-01", [visit(), visit()])])
    assert (r["home_health"]["periods"], r["home_health"]["visits"]) == (1, 1)


def test_a_period_belongs_to_the_month_of_its_statement_start():
    r = report([hh("H1", 1, "329", "2026-03-25", [visit(date="2026-04-10")])])
    assert month(r, "2026-03")["home_health"]["periods"] == 1
    assert month(r, "2026-04")["home_health"]["periods"] == 0


@pytest.mark.parametrize(
    "code,revenue,is_visit",
    [
        ("G0299", "0551", True),
        ("G0151", "0421", True),
        ("G0152", "0431", True),
        ("G0153", "0441", True),
        ("G0155", "0561", True),
        ("G0156", "0571", True),
        ("G0300", "0559", True),
        ("G0320", "0551", False),
        ("G0321", "0580", False),
        ("G0322", "0580", False),
        ("Q5001", "0551", False),
        ("G0299", "0580", False),
        ("A6216", "0270", False),
        ("G0299", "0450", False),
    ],
)
def test_visits_are_visit_revenue_lines_with_a_visit_g_code(code, revenue, is_visit):
    r = report([hh("H1", 1, "329", "2026-03-01", [visit(code, revenue)])])
    assert r["home_health"]["visits"] == int(is_visit)


def test_periods_with_telecom_have_a_g0320_to_g0322_line():
    r = report(
        [
            hh("H1", 1, "329", "2026-03-01", [visit(), visit("G0322", "0580")]),
            hh("H2", 2, "329", "2026-03-01", [visit()]),
            hh("H3", 3, "329", "2026-03-01", [visit("G0321", "0580"), visit("G0321", "0580")]),
        ]
    )
    assert r["home_health"]["periods_with_telecom"] == 2
    assert r["home_health"]["telecom_lines"] == {"G0320": 0, "G0321": 2, "G0322": 1}


# -- clinicians --------------------------------------------------------------------------------------------
def test_clinicians_are_the_line_else_claim_rendering_else_an_individual_billing_provider_and_837i_attending():
    person_billing = {
        "name": "SOLO",
        "first_name": "DOC",
        "entity_type": "1",
        "npi": "1111111112",
        "address": {"line1": "1", "city": "X", "state": "IA", "zip": "50309"},
    }
    r = report(
        [
            prof(
                "C1", 1, [line(1, "99213", rendering="2222222220", pos="10"), line(2, "99213")], rendering="3333333338"
            ),
            prof("C2", 2, [line(1, "99213")], rendering=None, billing=person_billing),
            prof("C3", 3, [line(1, "99213")], rendering=None),  # organisation billing, no rendering: no clinician
            hh("H1", 4, "329", "2026-03-01", [visit()], attending="4444444446"),
        ]
    )
    got = {c["npi"]: (c["lines"], c["telehealth_lines"]) for c in r["clinicians"]}
    assert got == {"2222222220": (1, 1), "3333333338": (1, 0), "1111111112": (1, 0), "4444444446": (2, 0)}


# -- fees hook -------------------------------------------------------------------------------------------
def test_without_fee_estimates_work_rvu_estimated_allowed_and_lupa_periods_are_null():
    r = report([prof("C1", 1, [line(1, "99213")]), hh("H1", 1, "329", "2026-03-01", [visit()])])
    m = month(r, "2026-03")
    assert m["work_rvu"] is None and m["estimated_allowed"] is None
    assert r["home_health"]["lupa_periods"] is None and r["clinicians"][0]["work_rvu"] is None


class Fees:
    """A stand-in estimator: 1.30 work RVUs and 90.10 allowed a professional line; a period pays 2000.00,
    or 300.00 under its LUPA threshold (3 visits for HIPPS 1AA21, unknown for others)."""

    def claim(self, claim, findings):
        if claim.kind == "837P":
            return {"lines": {ln.line: (Decimal("1.30"), Decimal("90.10")) for ln in claim.lines}}
        from teleclaim.model.record import LineRecord, is_visit

        visits = sum(
            1 for ln in claim.lines if is_visit(LineRecord(line=ln.line, code=ln.code, revenue=ln.revenue_code))
        )
        threshold = {"1AA21": 3}.get(claim.lines[0].code)
        return {
            "estimate": Decimal("300.00") if threshold and visits < threshold else Decimal("2000.00"),
            "lupa_threshold": threshold,
        }


def test_with_fee_estimates_work_rvu_allowed_and_lupa_periods_are_filled_home_health_included():
    r = report(
        [
            prof("C1", 1, [line(1, "99213"), line(2, "99214", rendering="2222222220")]),
            hh("H1", 1, "329", "2026-03-01", [visit(), visit()]),  # 2 visits < 3: LUPA
            hh("H2", 2, "329", "2026-03-01", [visit(), visit(), visit()]),  # at the threshold: not LUPA
            hh("H3", 3, "329", "2026-03-01", [visit()], hipps="9ZZ99"),
        ],  # threshold unknown: not counted
        estimator=Fees(),
    )
    m = month(r, "2026-03")
    assert m["work_rvu"] == "2.60" and m["estimated_allowed"] == str(Decimal("180.20") + 300 + 2000 + 2000)
    assert r["home_health"]["lupa_periods"] == 1 and m["home_health"]["lupa_periods"] == 1
    assert {c["npi"]: c["work_rvu"] for c in r["clinicians"]} == {
        "1234567893": "1.30",
        "2222222220": "1.30",
        "1999999992": None,
    }


def test_the_ledger_keeps_the_estimates_and_sums_them_exactly(tmp_path, tmp_store, monkeypatch):
    from teleclaim.service import reports
    from teleclaim.settings import load_settings

    monkeypatch.setattr(reports, "fees_hook", lambda settings=None: Fees())
    from utilkit import write

    claims = [
        prof("C1", 1, [line(1, "99213"), line(2, "99214")]),
        prof("C2", 2, [line(1, "99213")]),
        hh("H1", 1, "329", "2026-03-01", [visit(), visit()]),
        hh("H2", 2, "329", "2026-03-01", [visit()] * 3),
    ]
    files = reports.utilization_from_files([write(tmp_path, claims)], load_settings(), record=True)
    stored = reports.utilization_from_ledger(load_settings())
    for key in ("months", "home_health", "clinicians"):
        assert stored[key] == files[key], key
    assert stored["months"][0]["work_rvu"] == "3.90" and stored["months"][0]["estimated_allowed"] == "2570.30"
    assert stored["home_health"]["lupa_periods"] == 1


def test_video_lines_are_telehealth_lines_that_are_not_audio_only():
    r = report(
        [
            prof(
                "C1",
                1,
                [
                    line(1, "99213", pos="10"),
                    line(2, "99213", mods=("93",)),
                    line(3, "99442"),
                    line(4, "99442", pos="02"),
                    line(5, "99214", mods=("95",)),
                ],
                pos="11",
            )
        ]
    )
    th = month(r, "2026-03")["telehealth"]
    assert (th["lines"], th["audio_only_lines"], th["video_lines"]) == (4, 3, 2)
