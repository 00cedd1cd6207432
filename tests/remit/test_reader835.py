"""The 835 reader: the model it fills, balancing at line, claim and transaction level, and errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from teleclaim.model.remit import Adjustment, Payment, ProviderAdjustment, RemitClaim, RemitLine
from teleclaim.x12.gen835 import write_835
from teleclaim.x12.problems import UnsupportedFileError
from teleclaim.x12.reader835 import Reader835, read_835


def _payment(**over) -> Payment:
    line = RemitLine(
        code="99213",
        modifiers=["95"],
        charge=D("200.00"),
        paid=D("120.00"),
        allowed=D("150.00"),
        units=D("1"),
        date_from=dt.date(2026, 3, 2),
        adjustments=[Adjustment("CO", "45", D("50.00")), Adjustment("PR", "2", D("30.00"))],
        remarks=["N130"],
    )
    claim = RemitClaim(
        claim_id="C1", status="1", charge=D("200.00"), paid=D("120.00"), patient_responsibility=D("30.00"), lines=[line]
    )
    p = Payment(
        amount=D("120.00"),
        method="ACH",
        date=dt.date(2026, 3, 20),
        trace="12345",
        payer="ACME",
        payee_npi="1234567893",
        claims=[claim],
    )
    for k, v in over.items():
        setattr(p, k, v)
    return p


def test_a_balanced_835_reads_into_the_model_without_problems():
    payments, problems = read_835(write_835([_payment()]))
    assert problems == []
    (p,) = payments
    assert (p.amount, p.method, p.date, p.trace, p.payer, p.payee_npi) == (
        D("120.00"),
        "ACH",
        dt.date(2026, 3, 20),
        "12345",
        "ACME",
        "1234567893",
    )
    (c,) = p.claims
    assert (c.claim_id, c.status, c.charge, c.paid, c.patient_responsibility) == (
        "C1",
        "1",
        D("200.00"),
        D("120.00"),
        D("30.00"),
    )
    (ln,) = c.lines
    assert (ln.code, ln.modifiers, ln.allowed, ln.remarks, ln.date_from) == (
        "99213",
        ["95"],
        D("150.00"),
        ["N130"],
        dt.date(2026, 3, 2),
    )
    assert [(a.group, a.reason, a.amount) for a in ln.adjustments] == [
        ("CO", "45", D("50.00")),
        ("PR", "2", D("30.00")),
    ]


def test_line_imbalance_is_reported_with_segment_and_values():
    p = _payment()
    p.claims[0].lines[0].paid = D("125.00")
    p.claims[0].paid = D("125.00")
    p.amount = D("125.00")
    _, problems = read_835(write_835([p]), name="x.835")
    kinds = [pr.kind for pr in problems]
    assert "line-unbalanced" in kinds
    pr = problems[kinds.index("line-unbalanced")]
    assert pr.segment_id == "SVC" and pr.loop == "2110" and pr.claim_id == "C1" and pr.segment is not None
    assert pr.values == {"charge": "200.00", "adjustments": "80.00", "paid": "125.00", "difference": "-5.00"}
    assert "x.835" in pr.message and "segment" in pr.message


def test_claim_imbalance_is_reported():
    p = _payment()
    p.claims[0].adjustments.append(Adjustment("OA", "23", D("10.00")))
    _, problems = read_835(write_835([p]))
    assert [pr.kind for pr in problems] == ["claim-unbalanced"]
    assert problems[0].values["difference"] == "-10.00" and problems[0].segment_id == "CLP"


def test_transaction_imbalance_counts_provider_adjustments():
    p = _payment(amount=D("100.00"))
    _, problems = read_835(write_835([p]))
    assert [pr.kind for pr in problems] == ["payment-unbalanced"]
    assert problems[0].values["difference"] == "-20.00" and problems[0].segment_id == "BPR"
    # a PLB withholding of 20.00 makes the same payment balance
    p.provider_adjustments = [ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "WO", "REF1", D("20.00"))]
    payments, problems = read_835(write_835([p]))
    assert problems == [] and payments[0].provider_adjustments[0].reason == "WO"


def test_a_bad_amount_names_segment_element_and_value():
    text = write_835([_payment()]).replace("SVC*HC:99213:95*200.00", "SVC*HC:99213:95*2OO.00")
    _, problems = read_835(text, name="x.835")
    bad = [pr for pr in problems if pr.kind == "invalid-number"]
    assert bad and bad[0].element == 2 and bad[0].value == "2OO.00" and "SVC02" in bad[0].message


def test_wrong_segment_count_is_reported():
    text = write_835([_payment()])
    import re

    text = re.sub(r"SE\*(\d+)\*", "SE*99*", text)
    _, problems = read_835(text)
    assert [pr.kind for pr in problems] == ["segment-count-wrong"]


def test_streaming_claims_does_not_keep_them():
    p = _payment()
    p.claims = [RemitClaim(claim_id=f"C{i}", status="1", charge=D("10"), paid=D("10")) for i in range(50)]
    p.amount = D("500")
    r = Reader835(write_835([p]))
    ids = [c.claim_id for c in r.claims()]
    assert len(ids) == 50 and r.problems == [] and r.payments_read[0].claims == []


@pytest.mark.parametrize(
    "st,what",
    [("837", "837 health care claim"), ("277", "277 claim status"), ("999", "999 implementation acknowledgment")],
)
def test_other_transactions_are_refused_saying_what_they_are(st, what):
    text = write_835([_payment()]).replace("ST*835*", f"ST*{st}*")
    with pytest.raises(UnsupportedFileError) as e:
        read_835(text)
    assert what in e.value.message and "835" in e.value.message


def test_a_277ca_sample_header_is_refused_at_the_group(tmp_path):
    p = tmp_path / "ack.txt"
    p.write_text(
        "ISA*00*          *00*          *ZZ*A              *ZZ*B              *110311*1008*^*00501*"
        "000014420*0*P*:~GS*HN*A*B*20110311*100831*14420*X*005010X214~ST*277*1*005010X214~SE*2*1~GE*1*14420~"
        "IEA*1*000014420~"
    )
    with pytest.raises(UnsupportedFileError) as e:
        read_835(p)
    assert "277 claim status" in e.value.message and "teleclaim status" in e.value.message
    assert e.value.exit_code == 2


def test_a_file_starting_with_st_is_read():
    text = write_835([_payment()])
    body = text[text.index("ST*835") : text.index("GE*")]
    payments, problems = read_835(body)
    assert problems == [] and payments[0].claims[0].claim_id == "C1"


def test_denial_definition():
    from teleclaim.model.remit import is_denied

    co = [Adjustment("CO", "16", D("10"))]
    assert is_denied("4", D("5"), [])
    assert is_denied("1", D("0"), co)
    assert not is_denied("1", D("0"), co + [Adjustment("PR", "1", D("10"))])  # the deductible: not a denial
    assert not is_denied("1", D("1"), co)
    assert not is_denied("22", D("0"), co)  # a reversal
    assert is_denied("2", D("0"), [Adjustment("PI", "97", D("10"))])
    assert not is_denied("1", D("0"), [Adjustment("OA", "23", D("10"))])


# -- property: generated remittances balance when the model does, and every imbalance is caught ------
def test_property_generated_835s_balance_and_every_imbalance_is_caught():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    money = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
    groups = st.sampled_from(["CO", "PR", "OA", "PI"])
    reasons = st.sampled_from(["1", "2", "45", "16", "97", "A2", "B7"])

    @st.composite
    def line(draw):
        charge = draw(money)
        adjs = draw(st.lists(st.tuples(groups, reasons, money), max_size=4))
        adjs = [Adjustment(g, r, a) for g, r, a in adjs]
        paid = charge - sum((a.amount for a in adjs), D("0"))
        return RemitLine(
            code=draw(st.sampled_from(["99213", "G0320", "98016"])),
            charge=charge,
            paid=paid,
            adjustments=adjs,
            modifiers=draw(st.lists(st.sampled_from(["95", "93", "GT"]), max_size=2)),
        )

    @st.composite
    def claim(draw):
        lines = draw(st.lists(line(), max_size=4))
        extra = draw(st.lists(st.tuples(groups, reasons, money), max_size=2))
        adjs = [Adjustment(g, r, a) for g, r, a in extra]
        charge = sum((ln.charge for ln in lines), D("0")) + draw(money)
        paid = (
            charge
            - sum((a.amount for a in adjs), D("0"))
            - sum((a.amount for ln in lines for a in ln.adjustments), D("0"))
        )
        return RemitClaim(
            claim_id=draw(st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True)),
            status=draw(st.sampled_from(["1", "2", "3", "4", "22"])),
            charge=charge,
            paid=paid,
            adjustments=adjs,
            lines=lines,
        )

    @st.composite
    def payment(draw):
        claims = draw(st.lists(claim(), max_size=5))
        plb = draw(st.lists(money, max_size=2))
        adjs = [ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "WO", None, a) for a in plb]
        amount = sum((c.paid for c in claims), D("0")) - sum(plb, D("0"))
        return Payment(
            amount=amount, credit_debit="C", method="ACH", claims=claims, provider_adjustments=adjs, trace="1"
        )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(payment(), st.integers(min_value=0, max_value=3), st.decimals(min_value=D("0.01"), max_value=500, places=2))
    def check(p, where, delta):
        payments, problems = read_835(write_835([p]))
        assert problems == [], [pr.message for pr in problems]
        got = payments[0]
        assert got.amount == p.amount and [c.paid for c in got.claims] == [c.paid for c in p.claims]
        # now break one level and expect exactly that kind
        lines = [ln for c in p.claims for ln in c.lines]
        if where == 0 and lines:
            lines[0].paid += delta
            expected = "line-unbalanced"
        elif where == 1 and p.claims:
            p.claims[0].paid += delta
            expected = "claim-unbalanced"
        else:
            p.amount += delta
            expected = "payment-unbalanced"
        _, problems = read_835(write_835([p]))
        assert expected in {pr.kind for pr in problems}

    check()


def test_an_unusable_date_is_a_warning_not_an_imbalance(tmp_path, capsys):
    from teleclaim.cli.main import main

    p = tmp_path / "d.835"
    p.write_text(write_835([_payment()]).replace("*20260320~\nTRN", "*20261320~\nTRN", 1))
    payments, problems = read_835(p)
    assert [(pr.kind, pr.severity, pr.element, pr.value) for pr in problems] == [
        ("invalid-date", "warning", 16, "20261320")
    ]
    assert payments[0].date is None
    assert main(["remit", str(p)]) == 0 and "warning invalid-date" in capsys.readouterr().out
