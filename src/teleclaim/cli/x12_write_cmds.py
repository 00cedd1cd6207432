"""``teleclaim write`` (JSON claims -> 837), ``teleclaim ack`` (999 for an 837) and
``teleclaim generate`` (synthetic valid claims, as 837 or JSON lines).

write: CLAIMS is the JSON claim form, one claim per line (JSON lines) or a JSON list (or one
object); errors name the line (``FILE:LINE``) or list index (``FILE#/I``). The 837 is written to a
temporary file next to ``-o`` and moved into place only when every claim was written. Exit 0, or 2
when it could not run.
ack: exit 0 when every transaction set is accepted, 1 when any is accepted with errors or rejected or
an interchange drew a TA1 (TA104 E or R), 2 when the file could not be read (the reader's ``UnsupportedFileError``, rendered by ``main``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from teleclaim.cli.common import (
    EXIT_NEGATIVE,
    EXIT_OK,
    check_output_path,
    echo,
    emit_json,
    output_options,
    resolve_format,
)
from teleclaim.errors import InputError
from teleclaim.service.x12files import iter_json_claims  # noqa: F401 - re-exported for older imports


def _atomic_target(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


@click.command("write")
@click.argument("claims", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The 837 file to write.",
)
@click.option("--sender-id", default=None, help="ISA06 (default: each claim's envelope, else TELECLAIM).")
@click.option("--receiver-id", default=None, help="ISA08 (default: each claim's envelope, else RECEIVER).")
@click.option("--usage", type=click.Choice(["P", "T"]), default=None, help="ISA15 (default: envelope, else T).")
@click.option(
    "--renumber",
    is_flag=True,
    default=False,
    help="Number ISA13/GS06/ST02 from 1 instead of keeping each claim's own control numbers.",
)
@output_options()
def write(
    claims: Path,
    output: Path,
    sender_id: str | None,
    receiver_id: str | None,
    usage: str | None,
    renumber: bool,
    fmt: str,
    as_json: bool,
) -> int:
    """Write an 837 (837I and/or 837P) from claims in the JSON claim form."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.service.x12files import X12Writer

    check_output_path(output)
    tmp = _atomic_target(output)
    n = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = X12Writer(fh, sender_id=sender_id, receiver_id=receiver_id, usage=usage, renumber=renumber)
            for where, claim in iter_json_claims(claims):
                try:
                    w.add(claim)
                except InputError as exc:
                    exc.message = f"{where}: {exc.message}"
                    exc.args = (exc.message,)
                    exc.details.setdefault("where", where)
                    raise
                n += 1
            w.close()
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
    if fmt == "json":
        emit_json({"written": n, "file": str(output)})
    else:
        echo(f"wrote {n} claim{'s' if n != 1 else ''} to {output}")
    return EXIT_OK


_VERDICT = {
    "A": "accepted",
    "E": "accepted with errors",
    "R": "rejected",
    "M": "rejected (message authentication)",
    "P": "partially accepted",
    "W": "rejected (assurance failed)",
    "X": "rejected (content after decryption)",
}


@click.command("ack")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the 999 here instead of standard output.",
)
@click.option(
    "--277ca",
    "ca277",
    is_flag=True,
    default=False,
    help="Write a 277CA instead: each claim accepted (A2) or rejected (A3/A6/A7) by teleclaim's checks.",
)
@output_options()
def ack(file: Path, output: Path | None, ca277: bool, fmt: str, as_json: bool) -> int:
    """Write a 999 acknowledgment for an 837 file (exit 1 unless every transaction set is accepted).

    Interchange-level problems (ISA fields, IEA01/IEA02) are answered with a TA1: TA104 R (no 999
    follows) or E (the 999 follows); both exit 1. With --format json: the verdict of every
    transaction set, the TA1 of every such interchange and the acknowledgment text (`ack`).
    With --277ca: a 277CA answering every claim (exit 1 unless every claim is accepted).
    With --format json: the verdicts and the acknowledgment text (`ack`) as one object.
    """
    fmt = resolve_format(fmt, as_json)
    if not file.is_file():
        raise InputError(f"{file}: file not found.", code="file_not_found", file=str(file))
    if output is not None:
        check_output_path(output)
    if ca277:
        from teleclaim.cli.remit_cmds import ack_277ca_cmd

        return ack_277ca_cmd(file, output, fmt)
    from teleclaim.service.x12files import TA1_NOTES, acknowledge_file

    result = acknowledge_file(file)
    if output is not None:
        output.write_text(result.text, encoding="utf-8")
    if fmt == "json":
        emit_json(
            {
                "file": str(file),
                "accepted": result.all_accepted,
                "transaction_sets": [
                    {"control_number": st02, "status": v, "meaning": _VERDICT.get(v, v)} for st02, v in result.verdicts
                ],
                "groups": [{"status": g, "meaning": _VERDICT.get(g, g)} for g in result.groups],
                "interchanges": [
                    {
                        "control_number": isa13,
                        "ta1_status": v,
                        "meaning": _VERDICT.get(v, v),
                        "note_code": note,
                        "note": TA1_NOTES.get(note, note),
                    }
                    for isa13, v, note in result.interchanges
                ],
                "output": str(output) if output is not None else None,
                "ack": result.text,
            }
        )
    elif output is None:
        sys.stdout.write(result.text)
    else:
        n = len(result.verdicts)
        echo(
            f"wrote the 999 for {n} transaction set{'s' if n != 1 else ''} to {output}: "
            + ", ".join(f"{st02} {_VERDICT.get(v, v)}" for st02, v in result.verdicts)
        )
    return EXIT_OK if result.all_accepted else EXIT_NEGATIVE


@click.command("generate")
@click.option(
    "--kind", type=click.Choice(["hh", "th"]), required=True, help="hh: home health 837I; th: telehealth 837P."
)
@click.option("--claims", "n", type=click.IntRange(min=0), default=10, show_default=True, help="Number of claims.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same file).")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["x12", "jsonl"], case_sensitive=False),
    default="x12",
    show_default=True,
    help="x12: an 837 file; jsonl: the JSON claim form, one claim per line.",
)
def generate(kind: str, n: int, seed: int, output: Path | None, fmt: str) -> int:
    """Generate synthetic valid claims (made-up names and ids) for tests and benches."""
    from teleclaim.service.x12files import generate as generate_claims
    from teleclaim.service.x12files import write_generated

    if output is not None:
        check_output_path(output)
    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt.lower() == "jsonl":
            from teleclaim.cli.common import dumps
            from teleclaim.model.jsonform import claim_to_json

            for c in generate_claims(kind, n, seed):
                fh.write(dumps(claim_to_json(c), indent=None) + "\n")
        else:
            write_generated(generate_claims(kind, n, seed), fh)
    finally:
        if output:
            fh.close()
    return EXIT_OK
