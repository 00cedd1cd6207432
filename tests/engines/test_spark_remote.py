"""Remote inputs (hdfs://, s3a://: what Spark reads with ``binaryFiles``) are split like local files.

No HDFS here: ``TELECLAIM_SPARK_REMOTE_FILE_URIS=1`` makes ``file://`` URIs take the remote path
(listed on the driver, read whole by an executor, split there, the chunks spread over tasks).
Spark names such a file ``file:/...``; the local engine names it by its path, the only difference.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from teleclaim.errors import TeleclaimError
from teleclaim.settings import Settings


@pytest.fixture
def remote(monkeypatch):
    monkeypatch.setenv("TELECLAIM_SPARK_REMOTE_FILE_URIS", "1")
    return lambda p: f"file://{p}"


def _generated(path: Path, claims: int = 300) -> Path:
    from click.testing import CliRunner

    from teleclaim.cli.main import cli

    CliRunner().invoke(cli, ["generate", "--kind", "th", "--claims", str(claims), "--seed", "3", "-o", str(path)])
    return path


def _with_findings(path: Path) -> Path:
    """The generated file with a cross-claim finding between its 6th and 252nd subscribers (one
    patient, RPM device supply twice in 30 days: TH022), a claim without its diagnosis (per-claim
    edits) and a wrong SE count (judged by the chunk holding the trailer)."""
    segs = _generated(path).read_text().split("~\n")
    subs = [i for i, s in enumerate(segs) if re.match(r"HL\*\d+\*\d+\*22\*", s)]
    blocks = [(a, b) for a, b in zip(subs, [*subs[1:], len(segs)], strict=True)]
    own = [k for k, (a, b) in enumerate(blocks) if not any(re.match(r"HL\*\d+\*\d+\*23\*", s) for s in segs[a:b])]
    first, second = own[5], next(k for k in own if k > 250)
    a, b = blocks[first]
    patient = {s[:6]: s for s in segs[a:b] if s.startswith(("NM1*IL", "DMG*D8"))}
    for k, day in ((first, "20260302"), (second, "20260320")):
        a, b = blocks[k]
        sv1 = next(i for i in range(a, b) if segs[i].startswith("SV1*HC:"))
        segs[sv1] = "SV1*HC:99454*" + segs[sv1].split("*", 2)[2]
        for i in range(a, b):
            if segs[i].startswith("DTP*472*D8*"):
                segs[i] = "DTP*472*D8*" + day
            elif k == second and segs[i][:6] in patient:
                segs[i] = patient[segs[i][:6]]
    hi = next(i for i in range(blocks[150][0], len(segs)) if segs[i].startswith("HI*"))
    del segs[hi]
    se = next(i for i in range(len(segs) - 1, 0, -1) if segs[i].startswith("SE*"))
    segs[se] = "SE*7*" + segs[se].split("*")[2]
    path.write_text("~\n".join(segs))
    return path


def test_a_big_remote_file_is_several_units_over_several_partitions(spark, tmp_path, remote):
    from teleclaim.engines.spark import units
    from teleclaim.x12.split import plan, planner

    big = _generated(tmp_path / "big.837")
    data = big.read_bytes()
    assert plan(data, claims=50) == plan(str(big), claims=50)  # the bytes are planned as the file is
    rdd, local_units = units(spark.sparkContext, [remote(big)], planner(claims=50))
    assert local_units == 0
    per_partition = rdd.glom().map(lambda us: [(u[0], u[1], len(u[4]), u[5] is not None) for u in us]).collect()
    got = sorted(u for p in per_partition for u in p)
    assert len(got) >= 5 and [u[:2] for u in got] == [(0, k) for k in range(len(got))]
    assert all(chunked and size < len(data) / 3 for *_key, size, chunked in got)  # a chunk's bytes, not the file
    assert sum(1 for p in per_partition if p) >= 2  # the checking is spread over tasks


def test_remote_findings_are_the_local_engines_in_the_same_order(spark, tmp_path, remote, monkeypatch):
    """`check --engine spark --format json` on a split remote file, then a local one, prints what the
    local engine prints for the same files (cross-claim finding between chunks included)."""
    from click.testing import CliRunner

    from teleclaim.cli.main import cli

    big = _with_findings(tmp_path / "big.837")
    small = _generated(tmp_path / "small.837", 20)
    monkeypatch.setenv("TELECLAIM_SPARK_CHUNK_CLAIMS", "50")
    args = ["check", "--format", "json", "--no-history", "--as-of", "2026-06-01"]
    local = CliRunner().invoke(cli, [*args, str(big), str(small)], standalone_mode=False)
    on_spark = CliRunner().invoke(
        cli, [*args, "--engine", "spark", "--master", "local[2]", remote(big), str(small)], standalone_mode=False
    )
    assert local.return_value == on_spark.return_value == 1
    assert on_spark.output.replace(f'"file:{big}"', f'"{big}"') == local.output
    rules = [f["rule"] for f in json.loads(local.output)["findings"]]
    assert {"X12009", "TH022", "X12006"} <= set(rules)  # per claim, cross-claim, the trailer


def test_unreadable_remote_file_stops_the_run_as_locally(spark, tmp_path, remote):
    from teleclaim.engines.spark import units
    from teleclaim.service.check_stream import CheckTally, stream_check
    from teleclaim.service.checking import make_engine, run_check_spark
    from teleclaim.x12.split import planner

    good = _generated(tmp_path / "a.837", 20)
    (tmp_path / "b.837").write_bytes(b"hello, not a claim file\n")
    missing = tmp_path / "c.837"
    (tmp_path / "sub").mkdir()
    big = _with_findings(tmp_path / "sub" / "big.837")
    pattern = f"{tmp_path}/[ab].837"
    tally, found = run_check_spark([remote(big), remote(pattern)], Settings(), spark=spark, split=planner(claims=50))
    seen = []
    with pytest.raises(TeleclaimError) as ei:
        seen.extend(found)
    assert "not an X12 837 file" in ei.value.message and ei.value.exit_code == 2
    assert tally.files == [f"file:{big}", f"file:{good}", f"file:{tmp_path}/b.837"]  # the glob's files, sorted
    local_seen = []
    with pytest.raises(TeleclaimError) as local_error:
        local_seen.extend(stream_check([big, good, tmp_path / "b.837"], make_engine(Settings()), tally=CheckTally()))
    assert local_error.value.message == ei.value.message.replace(f"file:{tmp_path}", str(tmp_path))
    assert [(f.rule, f.claim_id, f.line) for f in seen] == [(f.rule, f.claim_id, f.line) for f in local_seen]
    assert {"X12006", "X12009"} <= {f.rule for f in seen}  # the first file's, no cross-claim edits: the run stopped
    with pytest.raises(TeleclaimError, match="no file matches") as ei:
        units(spark.sparkContext, [remote(missing)])
    assert ei.value.code == "file_not_found"


def test_report_utilization_on_a_split_remote_file_is_the_local_report(spark, tmp_path, remote):
    from teleclaim.service import reports
    from teleclaim.x12.split import planner

    big = _with_findings(tmp_path / "big.837")
    local = reports.utilization_from_files([big], Settings(), names=[f"file:{big}"], record=False)
    assert local["source"]["claims"] == 300 and local["findings"]["by_rule"]
    assert reports.utilization_spark([remote(big)], Settings(), spark=spark, split=planner(claims=50)) == local
