"""CR001's NPI check digit by table (``credentials.npi.check_digit``) is the Luhn check digit of the
CMS standard: the plain Luhn sum over ``80840`` and the nine digits, digit by digit, for any body."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teleclaim.credentials.npi import check_digit, npi_problem


def _luhn(first_nine: str) -> int:
    total = 0
    for i, ch in enumerate(reversed("80840" + first_nine)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return (10 - total % 10) % 10


@given(st.from_regex(r"^[0-9]{9}$", fullmatch=True))
def test_the_table_gives_the_luhn_digit(body):
    assert check_digit(body) == _luhn(body)
    assert npi_problem("1" + body[1:] + str(_luhn("1" + body[1:]))) is None


@given(st.text(alphabet="0123456789a٣", max_size=11))
def test_other_input_gives_what_the_digit_by_digit_sum_gives(body):
    assert check_digit(body) == _luhn(body)


def test_known_digits():
    assert check_digit("123456789") == 3 and check_digit("124531959") == 9
