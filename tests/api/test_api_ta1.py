"""POST /v1/ack and interchange-level errors: the TA1 (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_ack_answers_an_interchange_error_with_a_ta1(client, auth):
    """Issue 13 item 5: IEA01 wrong -> TA1 (TA104 E, TA105 021) before the 999, not accepted."""
    text = (EXAMPLES / "home_health_837i.837").read_text()
    i = text.rindex("IEA*1*")
    r = client.post("/v1/ack", content=(text[:i] + "IEA*4*" + text[i + 6 :]).encode(), headers=auth)
    assert r.status_code == 200 and "TA1*" in r.text and "*E*021~" in r.text and "ST*999" in r.text
    assert r.headers["x-teleclaim-accepted"] == "0" and r.headers["x-teleclaim-ta1"].endswith(" E 021")
