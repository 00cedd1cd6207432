"""The checking stream (``service.check_stream``) reads claims in batches: what comes out, and in which
order, is what checking one claim at a time gives; a file refused part-way still gives the findings of
the claims before the refusal; the garbage collector's threshold is put back after a run."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from pathlib import Path

import pytest

from teleclaim.service import check_stream
from teleclaim.service.check_stream import CheckTally, fewer_collections, stream_check
from teleclaim.service.checking import make_engine
from teleclaim.settings import load_settings
from teleclaim.x12 import UnsupportedFileError
from teleclaim.x12.generate import SUBMITTED, generate_claims
from teleclaim.x12.writer import write_837

NOW = dt.datetime(2026, 10, 15, 9, 30)


def _engine():
    return make_engine(load_settings(None), as_of=SUBMITTED, history=False)


def _file(tmp_path: Path, kind: str, n: int, broken: set[int]) -> Path:
    """``n`` generated claims; the claims numbered in ``broken`` (0-based) get a first service date that
    is no date (a structural problem, X12017, found while the claim is read) and an edit's finding (on
    837I a line whose units are not whole, HH014; on 837P a modifier that does not exist, CV003)."""
    text = write_837(list(generate_claims(kind, n)), now=NOW)
    segs = text.split("~")
    k, dated = -1, False
    for i, s in enumerate(segs):
        body = s.strip()
        if body.startswith("CLM*"):
            k, dated = k + 1, False
        elif k not in broken:
            continue
        elif body.startswith("DTP*472*D8*") and not dated:
            segs[i], dated = s.replace(body, "DTP*472*D8*20261399"), True
        elif body.startswith("SV2*") and body.endswith("*UN*1"):
            segs[i] = s.replace(body, body[: -len("*UN*1")] + "*UN*1.5")
        elif body.startswith("SV1*HC:"):
            code, rest = body.split("*", 2)[1:]
            segs[i] = s.replace(body, f"SV1*{code}:9X*{rest}")
    path = tmp_path / f"{kind}_{n}.837"
    path.write_text("~".join(segs))
    return path


def _run(paths: list[Path]) -> tuple[list[dict], CheckTally]:
    tally = CheckTally(claim_order={})
    found = [f.to_dict() for f in stream_check(paths, _engine(), tally=tally)]
    return found, tally


@pytest.mark.parametrize("kind", ["hh", "th"])
def test_batches_give_what_one_claim_at_a_time_gives(tmp_path, monkeypatch, kind):
    # problems in the first claim, at both sides of the first batch boundary, in a later batch and in
    # the last, short batch
    path = _file(tmp_path, kind, 150, {0, 62, 63, 64, 65, 100, 149})
    monkeypatch.setattr(check_stream, "BATCH", 1)
    one, one_tally = _run([path, path])
    for size in (64, 7):
        monkeypatch.setattr(check_stream, "BATCH", size)
        batched, tally = _run([path, path])
        assert batched == one, f"batches of {size}"
        assert (tally.claims, tally.findings, tally.by_rule) == (
            one_tally.claims,
            one_tally.findings,
            one_tally.by_rule,
        )
        assert tally.claim_order == one_tally.claim_order
    structural = [f for f in one if f["rule"] == "X12017"]
    assert len(structural) == 14  # 7 claims, 2 files
    # a claim's structural problem comes just before its edits' findings
    for f in structural:
        i = one.index(f)
        after = one[i + 1]
        if after["rule"] != "X12017":
            assert after["claim_id"] == f["claim_id"], after


def test_a_file_refused_part_way_keeps_the_findings_before_it(tmp_path, monkeypatch):
    path = _file(tmp_path, "hh", 70, {2, 66, 69})
    text = path.read_text()
    # a second transaction set in the group that is no 837: the reader refuses the file there
    cut = text.index("GE*")
    remit = "ST*835*0002*005010X221A1~BPR*I*10*C*ACH~SE*3*0002~\n"
    path.write_text(text[:cut] + remit + text[cut:])

    def upto_refusal(size: int) -> tuple[list[dict], str]:
        monkeypatch.setattr(check_stream, "BATCH", size)
        got: list[dict] = []
        with pytest.raises(UnsupportedFileError) as err:
            for f in stream_check([path], _engine(), tally=CheckTally()):
                got.append(f.to_dict())
        return got, str(err.value)

    batched, message = upto_refusal(64)
    assert (batched, message) == upto_refusal(1)
    assert "835" in message
    ids = {f["claim_id"] for f in batched if f["rule"] == "X12017"}
    assert ids == {"HH0-000003", "HH0-000067", "HH0-000070"}  # the last batch's claims too


def test_the_garbage_collector_threshold_is_raised_while_checking_and_put_back():
    old = gc.get_threshold()
    try:
        gc.set_threshold(700, old[1], old[2])
        with fewer_collections():
            assert gc.get_threshold() == (check_stream.GC_GEN0, old[1], old[2])
            with fewer_collections():  # a second run at the same time
                assert gc.get_threshold()[0] == check_stream.GC_GEN0
            assert gc.get_threshold()[0] == check_stream.GC_GEN0  # the first run is still going
        assert gc.get_threshold() == (700, old[1], old[2])

        # runs in threads that end in either order: the last one out puts it back
        inside, release = threading.Barrier(3), threading.Event()

        def run() -> None:
            with fewer_collections():
                inside.wait()
                release.wait()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        inside.wait()
        assert gc.get_threshold()[0] == check_stream.GC_GEN0
        release.set()
        for t in threads:
            t.join()
        assert gc.get_threshold() == (700, old[1], old[2])

        # a threshold already higher, or 0 (collection off by threshold), is the user's: left alone
        for mine in (50_000, 0):
            gc.set_threshold(mine, old[1], old[2])
            with fewer_collections():
                assert gc.get_threshold()[0] == mine
            assert gc.get_threshold()[0] == mine
    finally:
        gc.set_threshold(*old)


def test_a_stream_left_part_way_puts_the_threshold_back(tmp_path):
    path = _file(tmp_path, "hh", 80, {1, 70})
    old = gc.get_threshold()
    try:
        gc.set_threshold(700, old[1], old[2])
        stream = stream_check([path], _engine(), tally=CheckTally())
        first = next(stream)
        assert first.claim_id == "HH0-000002"
        assert gc.get_threshold()[0] == check_stream.GC_GEN0  # the run is still going
        stream.close()
        assert gc.get_threshold() == (700, old[1], old[2])
    finally:
        gc.set_threshold(*old)
