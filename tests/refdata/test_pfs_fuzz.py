"""The PFS parsers never crash on damaged files: either they parse, or a DataError names the place."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teleclaim.errors import DataError
from teleclaim.refdata.pfs import parse_file, sniff

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "pfs"
RVU = (FIX / "PPRRVU24_JAN_synthetic.csv").read_bytes()
ZIP5 = (FIX / "ZIP5_synthetic.txt").read_bytes()
GPCI = (FIX / "GPCI2024_synthetic.csv").read_bytes()


def _mutate(data: bytes, pos: int, junk: bytes, cut: bool) -> bytes:
    pos %= max(len(data), 1)
    return data[:pos] + junk + (b"" if cut else data[pos:])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    src=st.sampled_from([RVU, ZIP5, GPCI]),
    pos=st.integers(0, 5000),
    junk=st.binary(max_size=12) | st.sampled_from([b",", b"\r\n", b"NA", b'"', b"+", b"x" * 80]),
    cut=st.booleans(),
)
def test_damaged_files_parse_or_raise_data_error_with_a_place(src, pos, junk, cut):
    data = _mutate(src, pos, junk, cut)
    kind = sniff(data)
    if kind is None:
        return
    try:
        parse_file(data, "damaged.csv", kind)
    except DataError as exc:
        assert exc.details.get("file") == "damaged.csv"
        assert "damaged.csv" in exc.message
