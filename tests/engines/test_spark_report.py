"""`report utilization --engine spark` prints the local engine's report (text, JSON, CSV, HTML)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from teleclaim.cli.main import cli
from teleclaim.errors import TeleclaimError
from teleclaim.service import reports
from teleclaim.settings import Settings

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "report"))
from utilkit import hh, line, prof, visit, write  # noqa: E402


def _mixed(folder: Path) -> list[Path]:
    """Home-health periods replaced across files (the 327 stands, a later 329 does not replace it),
    a Medicare patient whose state changes between files, telehealth lines by POS and modifier,
    generated 837I and 837P files."""
    first = [
        hh("H1", 1, "329", "2026-03-01", [visit(), visit()], hipps="1FC31"),
        hh("H2", 2, "329", "2026-03-01", [visit(), visit(), visit()]),
        prof("P1", 5, [line(1, "99213", pos="10", date="2026-03-02"), line(2, "99214", mods=("93",))], state="IA"),
        prof("P2", 6, [line(1, "99457", date="2026-04-02"), line(2, "99091", date="2026-04-09")]),
    ]
    second = [
        hh("H1", 1, "327", "2026-03-01", [visit()], hipps="1FC31"),
        prof("P3", 5, [line(1, "99213", mods=("95",), date="2026-03-20")], state="NE"),
        hh("H4", 3, "329", "2026-05-01", [visit(code="G0320", revenue="0421")]),
    ]
    third = [
        hh("H1", 1, "329", "2026-03-01", [visit(), visit(), visit(), visit(), visit()], hipps="1FC31"),
        prof("P4", 7, [line(1, "99421", date="2026-04-03")], filing="CI"),
    ]
    out = [write(folder, first, "a.jsonl"), write(folder, second, "b.jsonl"), write(folder, third, "c.jsonl")]
    for kind in ("hh", "th"):
        p = folder / f"gen_{kind}.837"
        CliRunner().invoke(cli, ["generate", "--kind", kind, "--claims", "120", "-o", str(p)])
        out.append(p)
    return out


def _both(spark, files, **kw):
    local = reports.utilization_from_files(files, Settings(), names=[str(p) for p in files], record=False, **kw)
    on_spark = reports.utilization_spark([str(p) for p in files], Settings(), spark=spark, **kw)
    return local, on_spark


def test_same_report_on_mixed_claims_with_and_without_a_date_range(spark, tmp_path):
    files = _mixed(tmp_path)
    local, on_spark = _both(spark, files)
    assert local["source"]["claims"] >= 240 and local["home_health"]["periods"] > 3
    assert local["home_health"]["lupa_periods"] is not None and local["findings"]["by_rule"]
    assert on_spark == local
    ranged = _both(spark, files, since=dt.date(2026, 3, 1))
    assert ranged[0]["source"]["claims"] < local["source"]["claims"]
    assert ranged[1] == ranged[0]


def test_split_big_file_gives_the_same_report(spark, tmp_path):
    from teleclaim.engines.spark import units
    from teleclaim.x12.split import planner

    big = tmp_path / "big.837"
    CliRunner().invoke(cli, ["generate", "--kind", "th", "--claims", "600", "-o", str(big)])
    split = planner(claims=100)
    rdd, n = units(spark.sparkContext, [str(big)], split)
    assert n > 1  # the file is read by several tasks
    local = reports.utilization_from_files([big], Settings(), names=[str(big)], record=False)
    assert reports.utilization_spark([str(big)], Settings(), spark=spark, split=split) == local


def test_corpus_files_give_the_same_report(spark, shared):
    readable = []
    for p in sorted(q for q in (shared / "x12-corpus").iterdir() if q.is_file()):
        try:
            reports.utilization_from_files([p], Settings(), names=[str(p)], record=False)
            readable.append(p)
        except TeleclaimError:
            continue
    assert len(readable) >= 10
    local, on_spark = _both(spark, readable)
    assert on_spark == local


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_cli_prints_the_same_with_either_engine(spark, tmp_path, fmt):
    files = [str(p) for p in _mixed(tmp_path)]
    local = CliRunner().invoke(cli, ["report", "utilization", "--format", fmt, *files], standalone_mode=False)
    on_spark = CliRunner().invoke(
        cli,
        ["report", "utilization", "--format", fmt, "--engine", "spark", "--master", "local[2]", *files],
        standalone_mode=False,
    )
    assert local.exception is None and on_spark.exception is None

    def stamp(text):  # the charts' SVG metadata carry the time they were drawn, whichever engine
        return re.sub(r"<dc:date>[^<]*</dc:date>", "", text)

    assert stamp(on_spark.output) == stamp(local.output) and "2026-03" in local.output


def test_output_writes_parquet_by_spark_and_the_summary(spark, tmp_path):
    (tmp_path / "in").mkdir()
    files = [str(p) for p in _mixed(tmp_path / "in")]
    out = tmp_path / "out"
    result = reports.utilization_spark(files, Settings(), spark=spark, output=str(out))
    table = out / "utilization_monthly.parquet"
    assert (table / "_SUCCESS").exists() and (out / "_SUCCESS").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["engine"] == "spark" and summary["source"] == result["source"]
    rows = sorted(spark.read.parquet(str(table)).collect(), key=lambda r: r.month)
    assert [r.month for r in rows] == [m["month"] for m in result["months"]]
    assert [r.claims for r in rows] == [m["claims"] for m in result["months"]]


def test_unreadable_file_and_misused_options_are_refused(spark, tmp_path):
    bad = tmp_path / "x.837"
    bad.write_bytes(b"hello, not a claim file\n")
    with pytest.raises(TeleclaimError, match="not an X12 837 file"):
        reports.utilization_spark([str(bad)], Settings(), spark=spark)
    got = CliRunner().invoke(cli, ["report", "utilization", "--from-store", "--engine", "spark"])
    assert isinstance(got.exception, TeleclaimError) and "--from-store" in got.exception.message
    got = CliRunner().invoke(cli, ["report", "utilization", "--master", "local[1]", str(bad)])
    assert isinstance(got.exception, TeleclaimError) and "--engine spark" in got.exception.message
