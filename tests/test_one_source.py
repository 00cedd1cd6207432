"""One source for each fact (issue 12): value lists, policy windows, field lengths and rule dates are
read from the one place that holds them, so changing that place changes every reader."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import teleclaim

SRC = Path(teleclaim.__file__).parent


def test_writer_lengths_are_the_grammar_lengths(monkeypatch):
    from teleclaim.x12 import grammar, writer

    assert writer._MAX["NM103"] == grammar.ELEMENTS["NM1"][3][2]
    assert writer._MAX["CLM01"] == grammar.ELEMENTS["CLM"][1][2]
    assert writer._MAX["ISA06"] == grammar.ISA_WIDTHS[5]
    assert writer._MAX["HI"] == grammar.COMPONENTS["HI"][2]
    assert not re.search(r'"NM103":\s*\d', (SRC / "x12" / "writer.py").read_text())


def test_payer_windows_come_from_the_profiles():
    from teleclaim.refdata.payers import Profiles
    from teleclaim.select import _payer

    text = (SRC / "select" / "_payer.py").read_text()
    assert "FLEX_START" not in text and "PHE_START" not in text and "POS_10_FROM" not in text
    # a profile that changes the windows changes the answers
    ps = Profiles(
        {"profiles": {"medicare_x": {"extends": "medicare", "phe_waivers": {"from": "2020-03-01", "to": "2024-06-30"}}}}
    )
    day = dt.date(2024, 1, 10)
    assert _payer.new_patient_ctbs_allowed(ps.profile("medicare"), day)[0] is False
    assert _payer.new_patient_ctbs_allowed(ps.profile("medicare_x"), day)[0] is True
    assert ps.profile("medicare").flexibilities_cover(dt.date(2027, 12, 31))
    assert not ps.profile("medicare").flexibilities_cover(dt.date(2028, 1, 1))


def test_hh037_reads_hh038s_start_date():
    from teleclaim.rules.homehealth.HH037 import hh038_start
    from teleclaim.rules.homehealth.HH038 import HH038

    assert hh038_start() == HH038.meta.effective.start
    assert "2022" not in (SRC / "rules" / "homehealth" / "HH037.py").read_text().split("class HH037")[0]
