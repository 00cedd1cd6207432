"""`price`: CMS's fee schedule amount to the cent, computed here independently from the CMS files
of ../shared (RVU25D with its GPCIs and ZIP5; RVU26C nationally), by setting, modifier and locality."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import lzma
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from feekit import SHARED

from teleclaim.errors import DataError, NotFoundError
from teleclaim.fees.price import Pricer
from teleclaim.fees.settings_data import setting_for
from teleclaim.refdata.pfs import PfsIndex

D = dt.date
C = Decimal("0.01")


def _rvu_rows(name: str):
    text = lzma.decompress((SHARED / "data" / "pfs" / name).read_bytes()).decode("latin-1")
    rows = list(csv.reader(io.StringIO(text)))[10:]
    return [r for r in rows if r and r[0]]


def _gpcis():
    with (SHARED / "data" / "pfs" / "rvu25d" / "GPCI2025.csv").open(encoding="latin-1") as fh:
        rows = list(csv.reader(fh))[3:]
    return [r for r in rows if r and r[0].strip().isdigit()]


@pytest.fixture(scope="module")
def pricer(pfs_store):
    return Pricer(PfsIndex(pfs_store))


def _cms(work, pe, mp, g, cf):
    return (
        (Decimal(work) * Decimal(g[0]) + Decimal(pe) * Decimal(g[1]) + Decimal(mp) * Decimal(g[2])) * Decimal(cf)
    ).quantize(C, ROUND_HALF_UP)


def test_the_issue_example_99213_in_san_francisco_at_home(pricer):
    r = pricer.price("99213", on=D(2025, 11, 3), zip5="94103", pos="10")
    assert r["release"] == "RVU25D" and r["setting"] == "non_facility" and r["payable"] is True
    assert r["locality"] == {
        "mac": "01112",
        "number": "05",
        "state": "CA",
        "name": "SAN FRANCISCO-OAKLAND-BERKELEY (SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA COSTA CNTY)",
    }
    assert r["rvu"] == {"work": "1.30", "pe": "1.35", "mp": "0.10"}
    assert r["gpci"] == {"work": "1.088", "pe": "1.419", "mp": "0.445"} and r["conversion_factor"] == "32.3465"
    # (1.30 x 1.088 + 1.35 x 1.419 + 0.10 x 0.445) x 32.3465 = 109.1540...
    assert r["allowed"] == "109.15"
    assert any("ZIP 94103" in x for x in r["reasons"])


def test_without_pos_both_settings_and_without_locality_the_national_amount(pricer):
    r = pricer.price("99213", on=D(2025, 11, 3))
    assert r["pos"] is None and r["setting"] is None and r["allowed"] is None and r["locality"] is None
    assert r["by_setting"] == {"facility": "63.72", "non_facility": "88.95"}  # (1.30+0.57+0.10) / (1.30+1.35+0.10) x CF
    assert r["gpci"] == {"work": "1", "pe": "1", "mp": "1"}


def test_2026_national_from_rvu26c_and_pos_02_is_facility(pricer):
    r = pricer.price("99213", on=D(2026, 8, 1), pos="02")
    assert r["release"] == "RVU26C" and r["setting"] == "facility"
    assert r["allowed"] == str(_cms("1.30", "0.33", "0.09", ("1", "1", "1"), "33.4009"))


def test_2026_locality_without_a_2026_gpci_file_is_refused_not_guessed(pricer):
    with pytest.raises(DataError) as e:
        pricer.price("99213", on=D(2026, 8, 1), zip5="94103", pos="11")
    assert "CY2026 GPCI" in e.value.message


@pytest.mark.parametrize(
    "pos,on,setting",
    [
        ("02", D(2025, 1, 1), "facility"),
        ("10", D(2023, 12, 31), "facility"),
        ("10", D(2024, 1, 1), "non_facility"),
        ("11", D(2025, 1, 1), "non_facility"),
        ("19", D(2025, 1, 1), "facility"),
        ("21", D(2025, 1, 1), "facility"),
        ("22", D(2025, 1, 1), "facility"),
        ("23", D(2025, 1, 1), "facility"),
        ("12", D(2025, 1, 1), "non_facility"),
        ("31", D(2025, 1, 1), "facility"),
        ("32", D(2025, 1, 1), "non_facility"),
    ],
)
def test_place_of_service_picks_the_setting(pos, on, setting):
    assert setting_for(pos, on) == setting


def test_sampled_codes_localities_settings_and_modifiers_match_cms_computation_to_the_cent(pricer):
    rows = _rvu_rows("rvu25d/PPRRVU2025_Oct.csv.xz")
    gpcis = _gpcis()
    rng = random.Random(14)
    paying = [r for r in rows if r[3] in ("A", "R", "T") and not r[4].strip()]
    sample = rng.sample(paying, 300) + [r for r in paying if r[1] in ("26", "TC")][:60]
    checked = 0
    for r in sample:
        g = rng.choice(gpcis)
        mac, num = g[0].strip(), g[2].strip()
        for setting, pe, na, pos in (("facility", r[8], r[9], "21"), ("non_facility", r[6], r[7], "11")):
            got = pricer.price(r[0], modifier=r[1] or None, on=D(2025, 11, 3), locality=f"{mac}-{num}", pos=pos)
            if na.strip() == "NA":
                assert got["allowed"] is None, (r[0], r[1], setting)
                continue
            want = _cms(r[5], pe, r[10], (g[4], g[5], g[6]), r[24])
            assert got["allowed"] == str(want), (r[0], r[1], mac, num, setting)
            checked += 1
    assert checked >= 400


def test_sampled_2026_national_amounts_match(pricer):
    rows = [r for r in _rvu_rows("rvu26c/PPRRVU2026_Jul_nonQPP.csv.xz") if r[3] == "A" and not r[4].strip()]
    for r in random.Random(26).sample(rows, 200):
        got = pricer.price(r[0], modifier=r[1] or None, on=D(2026, 9, 1))
        if r[7].strip() != "NA":
            assert got["by_setting"]["non_facility"] == str(_cms(r[5], r[6], r[10], ("1", "1", "1"), "33.4009")), r[:2]


@pytest.mark.parametrize("status", ["B", "C", "E", "I", "N", "X", "M", "P", "J"])
def test_statuses_medicare_does_not_pay_give_no_amount(pricer, status):
    r0 = next(r for r in _rvu_rows("rvu25d/PPRRVU2025_Oct.csv.xz") if r[3] == status)
    r = pricer.price(r0[0], modifier=r0[1] or None, on=D(2025, 11, 3), pos="11")
    assert r["payable"] is False and r["allowed"] is None and r["status"]["code"] == status
    assert any(f"status {status}" in x for x in r["reasons"])


def test_not_used_for_medicare_payment_flag_gives_no_price(pricer):
    r0 = next(r for r in _rvu_rows("rvu25d/PPRRVU2025_Oct.csv.xz") if r[4].strip() == "+")
    r = pricer.price(r0[0], on=D(2025, 11, 3), pos="11")
    assert r["payable"] is False and r["allowed"] is None
    assert any("not used for Medicare payment" in x for x in r["reasons"])


def test_professional_and_technical_components_use_their_own_rows(pricer):
    glob = pricer.price("71046", on=D(2025, 11, 3), pos="11")
    pc = pricer.price("71046", modifier="26", on=D(2025, 11, 3), pos="11")
    tc = pricer.price("71046", modifier="TC", on=D(2025, 11, 3), pos="11")
    assert Decimal(pc["allowed"]) + Decimal(tc["allowed"]) == pytest.approx(
        Decimal(glob["allowed"]), abs=Decimal("0.02")
    )
    assert tc["rvu"]["work"] == "0.00" and pc["rvu"]["work"] == glob["rvu"]["work"]
    assert pricer.price("71046", modifier="95", on=D(2025, 11, 3), pos="11")["allowed"] == glob["allowed"]


def test_could_not_answer_and_negative_answers(pricer):
    with pytest.raises(DataError):
        pricer.price("99213", on=D(2019, 1, 1))
    with pytest.raises(DataError):
        pricer.price("99213", on=D(2025, 11, 3), locality="99999-01")
    with pytest.raises(NotFoundError):
        pricer.price("ZZZZ9", on=D(2025, 11, 3))


def test_cli_price_json_contract_and_exit_codes(capsys, tmp_store):
    from teleclaim.cli.main import main

    if not (SHARED / "data" / "pfs").is_dir():
        pytest.skip("../shared absent")
    d = SHARED / "data" / "pfs"
    assert (
        main(
            [
                "data",
                "import",
                str(d / "rvu25d" / "PPRRVU2025_Oct.csv.xz"),
                str(d / "rvu25d" / "GPCI2025.csv"),
                str(d / "zip5_oct2025" / "ZIP5_OCT2025.txt.xz"),
                "--json",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["price", "99213", "--on", "2025-11-03", "--zip", "94103", "--pos", "10", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    for k in (
        "teleclaim_version",
        "code",
        "modifier",
        "on",
        "release",
        "locality",
        "pos",
        "setting",
        "status",
        "payable",
        "rvu",
        "gpci",
        "conversion_factor",
        "allowed",
        "reasons",
    ):
        assert k in got, k
    assert got["allowed"] == "109.15"
    assert main(["price", "99213", "--on", "2025-11-03"]) == 0
    out = capsys.readouterr().out
    assert "facility: 63.72" in out and "non-facility: 88.95" in out
    assert main(["price", "99213", "--on", "2019-01-01", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "no_pfs_release"
    assert main(["price", "99213", "--on", "2025-11-03", "--locality", "x"]) == 2


def test_qp_setting_uses_the_qp_conversion_factor_from_2026(pfs_store):
    qp = Pricer(PfsIndex(pfs_store), qp=True).price("99213", on=D(2026, 8, 1), pos="11")
    assert qp["conversion_factor"] == "33.5675"
    assert qp["allowed"] == str(_cms("1.30", "1.46", "0.09", ("1", "1", "1"), "33.5675"))
    # before 2026 there is one factor
    assert (
        Pricer(PfsIndex(pfs_store), qp=True).price("99213", on=D(2025, 11, 3), pos="11")["conversion_factor"]
        == "32.3465"
    )
