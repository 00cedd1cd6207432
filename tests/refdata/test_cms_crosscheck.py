"""Cross-check the curated UB-04 and place-of-service files against the CMS code lists.

The CMS lists live in ``../shared/data/cms/bfd_codesystems`` (``code,description`` CSVs, CMS
wording); the tests that need them skip when that folder is absent. The curated YAML files are read
straight from the package data directory, so this test does not depend on the loader or the store.

Known differences between our files and the CMS lists, each kept on purpose:

* ``place_of_service.csv`` ends with a ``~`` row ("no description available"): the BFD
  placeholder for a missing value, not a place of service, so it is not shipped.
* The CMS point-of-origin list shows 7, B and C as "reserved for national assignment". NUBC
  discontinued them on 2010-07-01 (CR 6801/6757, rules.md 1.9; B is replaced by condition code 47),
  and we keep them only as ended entries (``effective_to`` 2010-06-30) so old claims still decode.
* The CMS condition list holds every two-character combination, most of them reserved, so a
  code merely being present proves little: we also require that the CMS label of each code we ship
  is a real meaning, not a reserved slot. All of rules.md 1.10/1.11 (07 ... E0) passes that today.
* ``tob_3digit_frequency.csv`` lists the families ``32X``/``34X`` as rows too, so they are checked
  like the other type-of-bill codes. The CMS label of 32D is the generic frequency D meaning; the
  NOA-cancel meaning comes from CR 12227 (rules.md 1.1) and is not compared here.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from teleclaim.refdata.schema import CodeEntry

CMS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cms" / "bfd_codesystems"

FILES = {
    "pos": "pos.yaml",
    "tob": "tob.yaml",
    "revenue": "revenue.yaml",
    "condition": "condition.yaml",
    "occurrence": "occurrence.yaml",
    "occurrence_span": "occurrence_span.yaml",
    "value": "value.yaml",
    "patient_status": "patient_status.yaml",
    "point_of_origin": "point_of_origin.yaml",
    "admission_type": "admission_type.yaml",
}

#: Source ids of the shared registry (rules.md section 8 plus the project ids).
REGISTRY_IDS = {f"S{i}" for i in range(1, 41)} | {"RULES", "CMS-POS", "NUBC", "CMS-HCPCS", "AMA-CPT", "NUCC"}

#: CMS labels that mark a slot with no meaning (reserved, unassigned, discontinued, bare unknown).
#: Admission type 9 ("Unknown - information not available") is a real value and must not match.
NO_MEANING = re.compile(r"^(RESERVED|UNASSIGNED|DISCONTINUED|NO DESCRIPTION|UNKNOWN VALUE|UNKNOWN$)", re.I)

#: BFD placeholder rows that are not codes of the system.
BFD_PLACEHOLDERS = {"~", "~~", "~~~"}


def _data_dir() -> Any:
    return files("teleclaim.refdata") / "data"


def _doc(system: str) -> dict[str, Any]:
    return yaml.safe_load((_data_dir() / FILES[system]).read_text(encoding="utf-8"))


def _entries(system: str) -> list[dict[str, Any]]:
    return _doc(system)["entries"]


def _codes(system: str) -> set[str]:
    return {e["code"] for e in _entries(system)}


def _extra_source_ids() -> set[str]:
    f = _data_dir() / "sources_extra.yaml"
    if not f.is_file():
        return set()
    return {s["id"] for s in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("sources", [])}


@pytest.fixture(scope="module")
def cms() -> Any:
    if not CMS_DIR.is_dir():
        pytest.skip(f"CMS code lists not found at {CMS_DIR} (../shared is not beside the repository)")

    def load(name: str) -> dict[str, str]:
        with (CMS_DIR / name).open(encoding="utf-8", newline="") as fh:
            return {row["code"].strip(): row["description"].strip() for row in csv.DictReader(fh)}

    return load


def _missing(ours: set[str], theirs: set[str]) -> list[str]:
    return sorted(ours - theirs)


# --- our files on their own -------------------------------------------------------------------


@pytest.mark.parametrize("system", sorted(FILES))
def test_entries_validate_against_schema(system: str) -> None:
    doc = _doc(system)
    assert doc["system"] == system, f"{FILES[system]} declares system {doc['system']!r}"
    allowed_sources = REGISTRY_IDS | _extra_source_ids()
    seen: set[str] = set()
    problems: list[str] = []
    for raw in doc["entries"]:
        code = raw.get("code")
        if not isinstance(code, str):
            problems.append(f"{code!r}: code must be a quoted string in YAML")
            continue
        entry = CodeEntry.model_validate({**raw, "system": system})
        if entry.code in seen:
            problems.append(f"{entry.code}: duplicate")
        seen.add(entry.code)
        if not 2 <= len(entry.synonyms) <= 5:
            problems.append(f"{entry.code}: {len(entry.synonyms)} synonyms (want 2-5)")
        if not entry.billing_context:
            problems.append(f"{entry.code}: no billing_context")
        unknown = [s.id for s in entry.sources if s.id not in allowed_sources]
        if unknown:
            problems.append(f"{entry.code}: unknown source ids {unknown}")
    assert not problems, f"{FILES[system]}: " + "; ".join(problems)


def test_code_shapes() -> None:
    bad = [c for c in _codes("pos") if not re.fullmatch(r"\d{2}", c)]
    bad += [c for c in _codes("revenue") if not re.fullmatch(r"\d{4}", c)]
    bad += [c for c in _codes("tob") if not re.fullmatch(r"3[24][0-9A-Z]", c)]
    assert not bad, f"codes with the wrong shape: {sorted(bad)}"


def test_tob_synonyms_carry_four_character_form() -> None:
    missing = [e["code"] for e in _entries("tob") if "0" + e["code"] not in e["synonyms"]]
    assert not missing, f"type-of-bill entries without their 0-prefixed form in synonyms: {missing}"


def test_rules_md_dates_are_pinned() -> None:
    """A few dated facts of rules.md that look-ups depend on (guards against slips in the YAML)."""

    def get(system: str, code: str) -> dict[str, Any]:
        return next(e for e in _entries(system) if e["code"] == code)

    d = dt.date
    assert get("pos", "02")["effective_from"] == d(2017, 1, 1)
    assert get("pos", "10")["effective_from"] == d(2022, 1, 1)
    assert get("tob", "322")["effective_to"] == d(2021, 12, 31)
    assert get("tob", "32A")["effective_from"] == d(2022, 1, 1)
    assert get("tob", "32D")["effective_from"] == d(2022, 1, 1)
    assert get("condition", "47")["effective_from"] == d(2010, 7, 1)
    assert get("condition", "54")["effective_from"] == d(2016, 7, 1)
    assert get("condition", "54")["confidence"] == "V2"
    assert get("value", "85")["effective_from"] == d(2019, 1, 1)
    assert get("patient_status", "20")["companion"]["requires_occurrence"] == "55"
    for code in ("7", "B", "C"):
        assert get("point_of_origin", code)["effective_to"] == d(2010, 6, 30), code
    assert get("point_of_origin", "G")["effective_from"] == d(2020, 7, 1)


# --- against the CMS lists ----------------------------------------------------------------------


def test_pos_matches_cms_both_ways(cms: Any) -> None:
    theirs = set(cms("place_of_service.csv")) - BFD_PLACEHOLDERS
    ours = _codes("pos")
    assert not _missing(theirs, ours), f"CMS POS codes missing from pos.yaml: {_missing(theirs, ours)}"
    assert not _missing(ours, theirs), f"pos.yaml codes not in the CMS POS list: {_missing(ours, theirs)}"


def test_pos_unassigned_codes_are_marked(cms: Any) -> None:
    labels = cms("place_of_service.csv")
    by_code = {e["code"]: e for e in _entries("pos")}
    wrong = [
        c
        for c, lab in labels.items()
        if c in by_code and NO_MEANING.match(lab) and not by_code[c]["name"].startswith("Unassigned")
    ]
    wrong += [
        c
        for c, e in by_code.items()
        if e["name"].startswith("Unassigned") and not NO_MEANING.match(labels.get(c, "UNASSIGNED"))
    ]
    assert not wrong, f"POS codes whose unassigned marking disagrees with CMS: {sorted(wrong)}"


def test_revenue_codes_in_cms_list(cms: Any) -> None:
    theirs = cms("revenue_center_codes.csv")
    missing = _missing(_codes("revenue"), set(theirs))
    assert not missing, f"revenue.yaml codes not in revenue_center_codes.csv: {missing}"


def test_condition_codes_in_cms_list_with_a_meaning(cms: Any) -> None:
    theirs = cms("condition_codes.csv")
    ours = _codes("condition")
    missing = _missing(ours, set(theirs))
    assert not missing, f"condition.yaml codes not in condition_codes.csv: {missing}"
    reserved = sorted(c for c in ours if NO_MEANING.match(theirs[c]))
    assert not reserved, f"condition.yaml codes that the CMS list shows as reserved: {reserved}"


def test_patient_status_codes_in_cms_list_with_a_meaning(cms: Any) -> None:
    theirs = cms("patient_discharge_status.csv")
    ours = _codes("patient_status")
    missing = _missing(ours, set(theirs))
    assert not missing, f"patient_status.yaml codes not in patient_discharge_status.csv: {missing}"
    reserved = sorted(c for c in ours if NO_MEANING.match(theirs[c]))
    assert not reserved, f"patient_status.yaml codes that the CMS list shows as reserved: {reserved}"


def test_point_of_origin_codes_in_cms_list(cms: Any) -> None:
    theirs = cms("point_of_origin_admission_source.csv")
    entries = _entries("point_of_origin")
    ended = {e["code"] for e in entries if e.get("effective_to") is not None}
    active = {e["code"] for e in entries} - ended
    assert ended == {"7", "B", "C"}, f"unexpected discontinued point-of-origin codes: {sorted(ended)}"
    missing = _missing(active, set(theirs))
    assert not missing, f"point_of_origin.yaml codes not in point_of_origin_admission_source.csv: {missing}"
    reserved = sorted(c for c in active if NO_MEANING.match(theirs[c]))
    assert not reserved, f"active point-of-origin codes that the CMS list shows as reserved: {reserved}"
    # 7, B, C: discontinued 2010-07-01 (CR 6801, rules.md 1.9); CMS now lists the slots as reserved.
    not_reserved = sorted(c for c in ended if c in theirs and not NO_MEANING.match(theirs[c]))
    assert not not_reserved, f"discontinued point-of-origin codes that CMS still defines: {not_reserved}"


def test_admission_type_codes_in_cms_list_with_a_meaning(cms: Any) -> None:
    theirs = cms("priority_admission_type.csv")
    ours = _codes("admission_type")
    missing = _missing(ours, set(theirs))
    assert not missing, f"admission_type.yaml codes not in priority_admission_type.csv: {missing}"
    reserved = sorted(c for c in ours if NO_MEANING.match(theirs[c]))
    assert not reserved, f"admission_type.yaml codes that the CMS list shows as reserved: {reserved}"


def test_type_of_bill_codes_in_cms_list(cms: Any) -> None:
    theirs = cms("tob_3digit_frequency.csv")
    assert any(re.fullmatch(r"\d{3}", c) for c in theirs), "tob_3digit_frequency.csv lists no 3-digit TOBs"
    ours = _codes("tob")
    families = {c for c in ours if c.endswith("X")}
    missing = _missing(ours - families, set(theirs))
    assert not missing, f"tob.yaml codes not in tob_3digit_frequency.csv: {missing}"
    # The CMS list happens to carry the family rows too; check them while it does.
    missing_families = _missing(families, set(theirs))
    assert not missing_families, f"tob.yaml family rows not in tob_3digit_frequency.csv: {missing_families}"
