"""837 files in and out: read claims, write an 837 from JSON claims, acknowledge (999), generate.

``read_file(path)`` yields the claims of an 837 and then offers its structural problems
(``X12Reader``); ``acknowledge_file(path)`` is the 999 for a file; ``Writer`` writes claims as an
837 (``write_837`` for a list); ``generate(kind, n, seed)`` makes synthetic valid claims and
``example_claims()`` the demo's claims with billing mistakes. ``iter_json_claims(path)`` reads the
claims ``teleclaim write`` turns into an 837.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from teleclaim.errors import InputError
from teleclaim.x12 import X12Reader
from teleclaim.x12.ack import TA1_NOTES
from teleclaim.x12.generate import SUBMITTED, error_claims, generate_claims, telehealth_error_claims
from teleclaim.x12.writer import X12Writer, write_837

if TYPE_CHECKING:
    from teleclaim.model.claim import Claim
    from teleclaim.x12.ack import AckResult

__all__ = [
    "TA1_NOTES",
    "X12Reader",
    "X12Writer",
    "read_file",
    "iter_json_claims",
    "acknowledge_file",
    "generate",
    "write_generated",
    "example_claims",
    "write_837",
    "SUBMITTED",
]


def read_file(path: Path, name: str | None = None) -> X12Reader:
    """A reader over one 837 file (``reader.claims()`` then ``reader.errors``)."""
    if not Path(path).is_file():
        raise InputError(f"{name or path}: file not found.", code="file_not_found", file=str(name or path))
    return X12Reader(path, name=name or str(path))


def acknowledge_file(path: Path, name: str | None = None) -> AckResult:
    """The 999 for an 837 file: ``.text``, ``.all_accepted``, ``.verdicts``, ``.groups``."""
    from teleclaim.x12.ack import acknowledge

    reader = read_file(path, name)
    for _ in reader.claims():
        pass
    return acknowledge(reader)


def generate(kind: str, n: int, seed: int = 0) -> Iterator[Claim]:
    """Synthetic valid claims (``kind`` hh: home-health 837I, th: telehealth 837P)."""
    # kind: the faces offer hh and th only (the CLI's click.Choice); generate_claims types it as that Literal
    return iter(generate_claims(kind, n, seed))  # type: ignore[arg-type]


def write_generated(claims: Iterable[Claim], out: TextIO) -> None:
    """Claims as one 837, stamped with the generator's submission date (the same bytes every run)."""
    write_837(claims, out, now=dt.datetime.combine(SUBMITTED, dt.time(9, 30)))


def example_claims() -> list[tuple[list[Any], str]]:
    """The demo's synthetic claims with billing mistakes, with the example file each one is shipped as."""
    return [
        (error_claims(), "examples/home_health_errors_837i.837"),
        (telehealth_error_claims(), "examples/telehealth_errors_837p.837"),
    ]


def iter_json_claims(path: Path) -> Iterator[tuple[str, Any]]:
    """``(where, Claim)`` for every claim of a JSON-lines file, a JSON list or a single object."""
    from teleclaim.model.jsonform import claim_from_json

    name = str(path)
    if not path.is_file():
        raise InputError(f"{name}: file not found.", code="file_not_found", file=name)
    with path.open(encoding="utf-8-sig") as fh:
        head = ""
        while True:
            ch = fh.read(1)
            if not ch or not ch.isspace():
                head = ch
                break
        fh.seek(0)
        if head == "I" and fh.read(64).lstrip().startswith("ISA"):
            raise InputError(
                f"{name}: this is an X12 file; `teleclaim write` takes claims in the JSON claim form "
                f"(get them with `teleclaim read {name} --format jsonl`).",
                code="invalid_input",
                file=name,
            )
        fh.seek(0)
        if head == "[" or head == "":
            try:
                data = json.load(fh) if head else []
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{name}:{exc.lineno}: not valid JSON ({exc.msg}).", code="invalid_json", file=name, line=exc.lineno
                ) from None
            for i, obj in enumerate(data):
                yield f"{name}#/{i}", claim_from_json(obj, where=f"{name}#/{i}")
            return
        for lineno, ln in enumerate(fh, 1):
            if not ln.strip():
                continue
            try:
                obj = json.loads(ln)
            except json.JSONDecodeError as exc:
                if lineno == 1:  # maybe one pretty-printed object
                    fh.seek(0)
                    try:
                        obj = json.load(fh)
                    except json.JSONDecodeError:
                        obj = None
                    if isinstance(obj, dict):
                        yield name, claim_from_json(obj, where=name)
                        return
                raise InputError(
                    f"{name}:{lineno}: not valid JSON ({exc.msg}); write one claim per line or a JSON list.",
                    code="invalid_json",
                    file=name,
                    line=lineno,
                ) from None
            yield f"{name}:{lineno}", claim_from_json(obj, where=f"{name}:{lineno}")
