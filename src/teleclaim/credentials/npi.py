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


def check_digit(first_nine: str) -> int:
    """The tenth digit that makes ``80840`` + ``first_nine`` + digit pass the Luhn check."""
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
