"""Parsers of fees never fail with a traceback: any bytes give a wage index release or a DataError,
any CSV gives contracted rates or an InputError naming the line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teleclaim.errors import DataError, InputError
from teleclaim.fees.schedules import load_csv
from teleclaim.fees.wage_index import parse_wage_index

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
rows = st.lists(st.lists(cell, min_size=1, max_size=4), max_size=6)


def _csv(header: str, body: list[list[str]]) -> str:
    return header + "\n" + "\n".join(",".join(r) for r in body) + "\n"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows, header=st.sampled_from(["CBSA,Name,Wage Index", "cbsa,label,wage_index", "x,y", ""]))
def test_wage_index_parser_answers_or_names_the_problem(tmp_path: Path, body, header):
    p = tmp_path / "wi_2026.csv"
    p.write_text(_csv(header, body), encoding="utf-8")
    try:
        rel = parse_wage_index(p)
    except DataError as exc:
        assert exc.message.startswith("wi_2026.csv")
    else:
        assert rel.year == 2026 and all(len(c) == 5 and c.isdigit() for c in rel.rows)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows)
def test_fee_schedule_csv_answers_or_names_the_line(tmp_path: Path, body):
    p = tmp_path / "rates.csv"
    p.write_text(_csv("code,modifier,amount,effective_from,effective_to", body), encoding="utf-8")
    try:
        rates = load_csv(p)
    except InputError as exc:
        assert str(p) in exc.message and ("line" in exc.message)
    else:
        assert all(code == code.upper() for code, _ in rates)
