"""The NPI check digit: Luhn over the prefix ``80840`` and the first nine digits (CMS NPI standard).

``npi_problem(value)`` says what is wrong with an NPI (or None when it is well-formed);
``npi_valid`` is its boolean. No I/O, no data: pure arithmetic, cheap enough to run on every NPI
of every claim.
"""

from __future__ import annotations

from teleclaim.text import digits

NPI_AUTHORITY = (
    "CMS, Requirements for the NPI check digit",
    "https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/"
    "NationalProvIdentStand/Downloads/NPIcheckdigit.pdf",
)


#: Luhn by table for the usual input, nine ASCII digits (checked on every NPI of every claim, and the
#: NPIs differ claim to claim, so no memo helps): a digit's value as it is and doubled (less 9 when over
#: 9); the prefix 80840 adds the constant 24 (0 + 8 + 8 + 0 + 8, its 4 and the 0 before it doubled).
_AS_IS = {str(d): d for d in range(10)}
_DOUBLED = {str(d): 2 * d - 9 if d > 4 else 2 * d for d in range(10)}
_PREFIX_SUM = 24


def check_digit(first_nine: str) -> int:
    """The tenth digit that makes ``80840`` + ``first_nine`` + digit pass the Luhn check."""
    if len(first_nine) == 9 and digits(first_nine):
        s, one, two = first_nine, _AS_IS, _DOUBLED  # the rightmost of the nine is doubled, then every second
        total = _PREFIX_SUM + two[s[0]] + one[s[1]] + two[s[2]] + one[s[3]] + two[s[4]]
        total += one[s[5]] + two[s[6]] + one[s[7]] + two[s[8]]
        return (10 - total % 10) % 10
    total = 0
    for i, ch in enumerate(reversed("80840" + first_nine)):
        d = ord(ch) - 48
        if i % 2 == 0:  # every second digit from the right, starting with the rightmost of the body
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def npi_problem(value: object) -> str | None:
    """Why ``value`` is not a well-formed NPI, or None when it is."""
    if not isinstance(value, str):
        return "an NPI is a string of 10 digits"
    if len(value) != 10 or not digits(value):
        return f"{value!r} is not 10 digits"
    if value[0] not in "12":
        return f"{value!r} does not start with 1 or 2"
    want = check_digit(value[:9])
    if int(value[9]) != want:
        return f"{value!r} fails its check digit (the last digit should be {want})"
    return None


def npi_valid(value: object) -> bool:
    return npi_problem(value) is None
