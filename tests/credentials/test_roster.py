"""The roster contract: NPI check digits, validation errors that say where, the CSV form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rosterkit import roster

from teleclaim.credentials import (
    CSV_COLUMNS,
    check_digit,
    npi_problem,
    npi_valid,
    parse_roster,
    parse_roster_csv,
    read_roster,
    roster_json_schema,
)
from teleclaim.errors import InputError


def test_known_npis():
    assert npi_valid("1234567893") and npi_valid("1245319599")
    assert "should be 3" in npi_problem("1234567890")
    assert npi_problem("123456789") and npi_problem("3234567893") and npi_problem(1234567893)


@given(st.from_regex(r"^[12][0-9]{8}$", fullmatch=True))
def test_check_digit_makes_valid_npis_and_any_other_last_digit_fails(body):
    good = body + str(check_digit(body))
    assert npi_valid(good)
    for d in "0123456789":
        if d != good[-1]:
            assert not npi_valid(body + d)


@given(st.from_regex(r"^[12][0-9]{8}$", fullmatch=True), st.integers(0, 8), st.integers(1, 9))
def test_a_single_digit_typo_is_caught(body, pos, delta):
    good = body + str(check_digit(body))
    typo = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    if typo[0] in "12":
        assert not npi_valid(typo)


def test_contract_round_trips_the_issue_example():
    r = parse_roster(roster())
    assert r.to_json()["clinicians"][0]["licenses"][0] == roster()["clinicians"][0]["licenses"][0] | {"compact": None}
    assert r.clinicians[2].compact_privileges[0].kind == "APIT"


@pytest.mark.parametrize(
    ("mutate", "pointer", "value"),
    [
        (lambda r: r["clinicians"][0].update(npi="1234567890"), "/clinicians/0/npi", "1234567890"),
        (
            lambda r: r["clinicians"][1]["licenses"][0].update(expires="2026-02-30"),
            "/clinicians/1/licenses/0/expires",
            "2026-02-30",
        ),
        (lambda r: r["clinicians"][0]["licenses"][0].update(state="XX"), "/clinicians/0/licenses/0/state", "XX"),
        (lambda r: r["clinicians"][0].update(profession="wizard"), "/clinicians/0/profession", "wizard"),
        (
            lambda r: r["clinicians"][2]["compact_privileges"][0].update(kind=None),
            "/clinicians/2/compact_privileges/0",
            None,
        ),
        (lambda r: r["clinicians"][0].update(licence=[]), "/clinicians/0/licence", None),
    ],
)
def test_bad_input_names_the_pointer_and_value(mutate, pointer, value):
    obj = roster()
    mutate(obj)
    with pytest.raises(InputError) as ei:
        parse_roster(obj, where="team.json")
    e = ei.value
    assert e.details["pointer"] == pointer and e.details["file"] == "team.json"
    assert e.details.get("value") == value
    assert e.message.startswith("team.json: ") and "Nothing of the file was used" in e.message


def test_duplicate_npi_is_refused():
    obj = roster()
    obj["clinicians"].append(dict(obj["clinicians"][0]))
    with pytest.raises(InputError, match="appears twice"):
        parse_roster(obj)


def test_professions_extend_the_suggest_vocabulary():
    from teleclaim.select.encounters import CLINICIANS, DISCIPLINES, PROFESSIONS

    need = {
        "physician",
        "nurse_practitioner",
        "physician_assistant",
        "registered_nurse",
        "licensed_practical_nurse",
        "psychologist",
        "clinical_social_worker",
        "counselor",
        "physical_therapist",
        "physical_therapist_assistant",
        "occupational_therapist",
        "occupational_therapy_assistant",
        "speech_language_pathologist",
        "dietitian",
        "home_health_aide",
    }
    assert need <= set(PROFESSIONS)
    assert {v for v in PROFESSIONS.values() if v} <= set(CLINICIANS) | set(DISCIPLINES)
    enum = roster_json_schema()["$defs"]["Clinician"]["properties"]["profession"]["enum"]
    assert set(enum) == set(PROFESSIONS)


CSV = """npi,name,profession,taxonomy,record,state,number,issued,expires,multistate,payer,effective_from,compact,kind,home_state
1234567893,Ana Ruiz,physician,207Q00000X,license,TX,Q1234,2020-01-01,2027-01-31,,,,,,
1234567893,Ana Ruiz,physician,207Q00000X,enrollment,,,,,,medicare,2021-01-01,,,
1316205081,Cy Okafor,psychologist,103T00000X,license,AZ,PSY-4410,2018-01-01,2027-06-30,,,,,,
1316205081,Cy Okafor,psychologist,,privilege,,APIT-1288,2025-01-01,2026-12-31,,,,PSYPACT,APIT,AZ
"""


def test_csv_form_one_row_per_record():
    r = parse_roster_csv(CSV, "team.csv")
    a, c = r.clinicians
    assert [lic.state for lic in a.licenses] == ["TX"] and a.enrollments[0].payer == "medicare"
    assert c.compact_privileges[0].home_state == "AZ" and c.taxonomy == ["103T00000X"]


def test_csv_bad_row_names_line_column_and_value():
    bad = CSV.replace("2026-12-31", "2026-13-31")
    with pytest.raises(InputError) as ei:
        parse_roster_csv(bad, "team.csv")
    assert ei.value.details["line"] == 5 and ei.value.details["field"] == "expires"
    assert ei.value.details["value"] == "2026-13-31" and "team.csv: line 5" in ei.value.message


def test_csv_conflicting_clinician_columns_and_unknown_columns():
    with pytest.raises(InputError, match="line 3: column name"):
        parse_roster_csv(
            CSV.replace(
                "1234567893,Ana Ruiz,physician,207Q00000X,enrollment",
                "1234567893,Ana Ruis,physician,207Q00000X,enrollment",
            ),
            "t.csv",
        )
    with pytest.raises(InputError, match="unknown column"):
        parse_roster_csv("npi,nmae\n1234567893,x\n", "t.csv")
    assert set(CSV.splitlines()[0].split(",")) <= set(CSV_COLUMNS)


def test_read_roster_tells_json_from_csv_by_content(tmp_path):
    (tmp_path / "a.txt").write_text(json.dumps(roster()))
    (tmp_path / "b.txt").write_text(CSV)
    assert len(read_roster(tmp_path / "a.txt").clinicians) == 3
    assert len(read_roster(tmp_path / "b.txt").clinicians) == 2
    (tmp_path / "c.json").write_text("{bad")
    with pytest.raises(InputError, match="not valid JSON"):
        read_roster(tmp_path / "c.json")
