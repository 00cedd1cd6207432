"""The Spark engine gives the local engine's findings, as a set and in the printed order."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from teleclaim.errors import TeleclaimError
from teleclaim.service.checking import make_engine
from teleclaim.settings import Settings

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "rules"))


def _local(paths, settings=None, **kw):
    """What the local engine streams: (summary, findings in order)."""
    from teleclaim.service.check_stream import CheckTally, stream_check

    tally = CheckTally(claim_order={})
    found = list(
        stream_check(
            [Path(p) for p in paths], make_engine(settings or Settings(), **kw), [str(p) for p in paths], tally=tally
        )
    )
    return tally.summary(), [f.to_dict() for f in found], tally.claim_order


def _spark(spark, paths, settings=None, **kw):
    from teleclaim.service.checking import run_check_spark

    tally, found = run_check_spark([str(p) for p in paths], settings or Settings(), spark=spark, **kw)
    found = list(found)
    return tally.summary(), [f.to_dict() for f in found], tally.claim_order


def _cross_case_files(folder: Path) -> list[Path]:
    """Every cross-claim case of the rule cases (e-visit weeks, RPM/RTM periods, E/M windows ...) as a
    JSON claims file; together in one run their patients meet across files too."""
    import casekit

    out = []
    for cf in casekit.case_files():
        data = casekit.load_case_file(cf)
        for n, case in enumerate(data.get("cases", [])):
            if "claims" not in case:
                continue
            objs = []
            for i, sub in enumerate(case["claims"]):
                sub = {"base": case.get("base", "period"), **sub}
                sub["claim"] = {**(case.get("claim") or {}), **(sub.get("claim") or {})}
                sub["claim"].setdefault("claim_id", f"{data['rule']}-{n}-C{i + 1}")
                objs.append(casekit.claim_json(sub))
            p = folder / f"{data['rule']}_{n:02d}.json"
            p.write_text(json.dumps(objs, default=str))
            out.append(p)
    return out


def test_cross_claim_cases_give_the_same_findings_in_the_same_order(spark, tmp_path):
    files = _cross_case_files(tmp_path)
    assert len(files) > 20
    local = _local(files, as_of=None)
    assert local[0]["findings"] > 20  # the cases do fire cross-claim edits
    assert {f["rule"] for f in local[1]} & {"TH020", "TH021", "TH022", "TH023", "TH024"}
    assert _spark(spark, files) == local


def test_examples_and_generated_files_match(spark, tmp_path):

    files = sorted((REPO / "examples").glob("*.837"))
    from click.testing import CliRunner

    from teleclaim.cli.main import cli

    for kind in ("hh", "th"):
        out = tmp_path / f"gen_{kind}.837"
        CliRunner().invoke(cli, ["generate", "--kind", kind, "--claims", "150", "-o", str(out)])
        files.append(out)
    local = _local(files)
    assert local[0]["claims"] >= 300 + 11
    assert _spark(spark, files) == local


def test_corpus_files_match_or_fail_alike(spark, shared):
    """The files both engines read are checked in one run (same findings, same order); a file the
    local engine refuses is refused by Spark with the same error (a few of each kind)."""
    corpus = sorted(p for p in (shared / "x12-corpus").iterdir() if p.is_file())
    readable, refused = [], {}
    for p in corpus:
        try:
            _local([p])
            readable.append(p)
        except TeleclaimError as exc:
            refused.setdefault(exc.code, (p, exc))
    assert len(readable) >= 10 and refused
    assert _spark(spark, readable) == _local(readable)
    for p, exc in list(refused.values())[:4]:
        with pytest.raises(TeleclaimError) as ei:
            _spark(spark, [p])
        assert (ei.value.code, ei.value.message) == (exc.code, exc.message), p.name


def test_history_joins_earlier_runs_the_same_way(spark, tmp_path):
    files = _cross_case_files(tmp_path / "cases") if (tmp_path / "cases").mkdir() is None else []
    first, second = files[: len(files) // 2], files[len(files) // 2 :]
    results = []
    for engine in ("local", "spark"):
        s = Settings(values={"store.path": str(tmp_path / f"{engine}.sqlite3")})
        run = _local if engine == "local" else (lambda fs, settings, **kw: _spark(spark, fs, settings, **kw))
        run(first, s, history=True)
        results.append(run(second, s, history=True))
    assert results[0] == results[1]


def test_a_run_stopped_by_an_unreadable_file_saves_no_history(spark, tmp_path):
    """The local run stops at the file before the cross-claim edits, so its records are not saved
    and the next run's findings do not see them: the same on Spark."""
    files = _cross_case_files(tmp_path / "cases") if (tmp_path / "cases").mkdir() is None else []
    bad = tmp_path / "bad.837"
    bad.write_bytes(b"hello, not a claim file\n")
    first, second = [*files[: len(files) // 2], bad], files[len(files) // 2 :]
    results = []
    for engine in ("local", "spark"):
        s = Settings(values={"store.path": str(tmp_path / f"{engine}.sqlite3")})
        run = _local if engine == "local" else (lambda fs, settings, **kw: _spark(spark, fs, settings, **kw))
        with pytest.raises(TeleclaimError, match="not an X12 837 file"):
            run(first, s, history=True)
        results.append(run(second, s, history=True))
    assert results[0] == results[1]
    assert results[1] == _local(second)  # nothing of the stopped run joined this one
    s = Settings(values={"store.path": str(tmp_path / "whole.sqlite3")})
    _local(first[:-1], s, history=True)
    assert _local(second, s, history=True) != results[1]  # as it would have, had it been saved


def test_output_dir_holds_parquet_findings_success_marker_and_summary(spark, tmp_path):
    from teleclaim.service.checking import run_check_spark

    files = _cross_case_files(tmp_path / "in") if (tmp_path / "in").mkdir() is None else []
    out = tmp_path / "out"
    tally, found = run_check_spark([str(p) for p in files], Settings(), spark=spark, output=str(out))
    found = list(found)
    assert (out / "findings" / "_SUCCESS").exists() and (out / "_SUCCESS").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["findings"] == len(found) == tally.findings and summary["engine"] == "spark"
    df = spark.read.parquet(str(out / "findings"))
    assert df.count() == len(found)
    assert sorted(r.rule for r in df.select("rule").collect()) == sorted(f.rule for f in found)


def test_unreadable_input_is_the_local_error(spark, tmp_path):
    bad = tmp_path / "x.837"
    bad.write_bytes(b"hello, not a claim file\n")
    from teleclaim.service.checking import run_check_spark

    with pytest.raises(TeleclaimError) as ei:
        list(run_check_spark([str(bad)], Settings(), spark=spark)[1])
    assert "not an X12 837 file" in ei.value.message and ei.value.exit_code == 2
    with pytest.raises(TeleclaimError, match="no file matches"):
        run_check_spark([str(tmp_path / "*.nothing")], Settings(), spark=spark)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "sarif"])
def test_cli_prints_the_same_with_either_engine(spark, tmp_path, fmt):
    """Scripts switch engines by one flag: `check --engine spark` prints what `check` prints."""
    from click.testing import CliRunner

    from teleclaim.cli.main import cli

    files = [str(p) for p in _cross_case_files(tmp_path)[:12]] + [
        str(p) for p in sorted((REPO / "examples").glob("*.837"))
    ]
    local = CliRunner().invoke(cli, ["check", "--format", fmt, *files], standalone_mode=False)
    on_spark = CliRunner().invoke(
        cli, ["check", "--format", fmt, "--engine", "spark", "--master", "local[2]", *files], standalone_mode=False
    )
    assert local.return_value == on_spark.return_value == 1
    assert on_spark.output == local.output


def _big_files(folder: Path) -> list[Path]:
    """One transaction of 1,500 claims with a wrong SE count and a claim that lost its diagnosis, and
    one file of two interchanges (three groups, six transaction sets)."""
    from click.testing import CliRunner

    from teleclaim.cli.main import cli

    sys.path.insert(0, str(Path(__file__).parent))
    from x12mix import mixed_envelopes

    big = folder / "big.837"
    CliRunner().invoke(cli, ["generate", "--kind", "th", "--claims", "1500", "-o", str(big)])
    text = big.read_text()
    se = text.rindex("SE*")
    text = text[:se] + "SE*7" + text[text.index("*", se + 3) :]
    hi = text.index("HI*", len(text) // 3)
    text = text[:hi] + text[text.index("~", hi) + 1 :].lstrip("\n")
    big.write_text(text)
    parts = []
    for seed in range(1, 7):
        p = folder / f"part{seed}.837"
        CliRunner().invoke(cli, ["generate", "--kind", "hh", "--claims", "60", "--seed", str(seed), "-o", str(p)])
        parts.append(p.read_text())
        p.unlink()
    mix = folder / "mix.837"
    mix.write_text(mixed_envelopes(parts, [[2, 1], [3]]))
    return [big, mix]


def test_big_files_are_read_in_chunks_with_the_local_findings(spark, tmp_path):
    from teleclaim.engines.spark import units
    from teleclaim.service.checking import run_check_spark
    from teleclaim.x12.split import planner

    files = _big_files(tmp_path)
    split = planner(claims=100)
    for f in files:
        assert units(spark.sparkContext, [str(f)], split)[1] > 3, f.name  # several tasks per file
    local = _local(files)
    rules = {f["rule"] for f in local[1]}
    assert "X12006" in rules and rules - {"X12006"}  # the wrong SE count, and the claim's own edits
    tally, found = run_check_spark([str(p) for p in files], Settings(), spark=spark, split=split)
    found = [f.to_dict() for f in found]
    assert (tally.summary(), found, tally.claim_order) == local


def test_a_spark_run_prints_findings_not_sparks_start_up_notices(spark, tmp_path):
    # its own process (and JVM), as a user runs it: only the JVM's own module notice may remain
    import subprocess

    ex = Path(__file__).resolve().parents[2] / "examples" / "telehealth_837p.837"
    args = [
        sys.executable,
        "-m",
        "teleclaim.cli.main",
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-06-01",
        "--no-history",
        str(ex),
    ]
    env = {**os.environ, "TELECLAIM_STORE": str(tmp_path / "store.db")}
    local = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    on_spark = subprocess.run(
        [*args, "--engine", "spark", "--master", "local[1]"], capture_output=True, text=True, env=env, timeout=300
    )
    assert on_spark.returncode == local.returncode and on_spark.stdout == local.stdout and '"summary"' in local.stdout
    noise = [ln for ln in on_spark.stderr.splitlines() if ln.strip() and not ln.startswith("WARNING: Using incubator")]
    assert noise == [], noise
