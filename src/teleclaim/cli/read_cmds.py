"""``teleclaim read`` (837 -> the JSON claim form, to see what teleclaim understood) and
``teleclaim schema claim`` (the JSON Schema of that form).

read: ``--format jsonl`` prints one claim per line (exactly what ``teleclaim write`` and
``teleclaim check`` take back), ``json`` one object with the claims and the structural problems,
``text`` a short summary per claim. Structural problems go to standard error in text and jsonl
modes (standard output stays pure data). Exit 0 when every file read without a structural error,
1 when some had errors (the claims that could be read are still printed), 2 when a file could not
be read at all (not an 837, UTF-16, 4010 ...).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import EXIT_NEGATIVE, EXIT_OK, echo, emit_json
from teleclaim.errors import InputError


def _problem_line(file: str, e: Any) -> str:
    where = e.where()
    claim = f" claim {e.claim_id}:" if e.claim_id else ""
    return f"{file}: {where}:{claim} {e.code} {e.name}: {e.message}. Fix: {e.fix}"


def _problem_json(e: Any) -> dict[str, Any]:
    return {
        "code": e.code,
        "name": e.name,
        "severity": e.severity,
        "message": e.message,
        "fix": e.fix,
        "segment": e.segment,
        "segment_id": e.segment_id,
        "loop": e.loop,
        "element": e.element,
        "component": e.component,
        "value": e.value,
        "line": e.line,
        "claim_id": e.claim_id,
        "transaction_control": e.transaction_control,
    }


@click.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl"], case_sensitive=False),
    default="text",
    show_default=True,
    help="jsonl: one claim per line in the JSON claim form.",
)
@click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")
def read(files: tuple[Path, ...], fmt: str, as_json: bool) -> int:
    """Read 837I/837P files and print the claims as teleclaim understood them."""
    from teleclaim.model.jsonform import claim_to_json
    from teleclaim.service.x12files import read_file

    fmt = "json" if as_json else fmt.lower()
    for f in files:
        if not f.is_file():
            raise InputError(f"{f}: file not found.", code="file_not_found", file=str(f))
    out = sys.stdout
    claims_json: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    n_claims = n_errors = 0
    for f in files:
        reader = read_file(f)
        for claim in reader.claims():
            n_claims += 1
            d = claim_to_json(claim)
            if fmt == "jsonl":
                out.write(json.dumps(d, separators=(",", ":")) + "\n")
            elif fmt == "json":
                claims_json.append(d)
            else:
                lines = len(claim.lines)
                tob = claim.type_of_bill or f"POS {claim.place_of_service}"
                period = f" {claim.statement_from}..{claim.statement_to}" if claim.statement_from else ""
                echo(
                    f"{f}: claim {claim.claim_id} ({claim.kind}, {tob}{period}): {lines} line"
                    f"{'s' if lines != 1 else ''}, total {claim.total_charge}"
                )
        for e in reader.errors:
            if e.severity == "error":
                n_errors += 1
            if fmt == "json":
                problems.append({"file": str(f), **_problem_json(e)})
            else:
                click.echo(_problem_line(str(f), e), err=True)
    if fmt == "json":
        emit_json(
            {
                "files": [str(f) for f in files],
                "claims": claims_json,
                "problems": problems,
                "summary": {"claims": n_claims, "errors": n_errors},
            }
        )
    elif fmt == "text":
        echo(
            f"{n_claims} claim{'s' if n_claims != 1 else ''} read from {len(files)} file"
            f"{'s' if len(files) != 1 else ''}; {n_errors} structural error{'s' if n_errors != 1 else ''}."
        )
    return EXIT_NEGATIVE if n_errors else EXIT_OK


@click.command("schema")
@click.argument("what", type=click.Choice(["claim", "roster"]))
def schema(what: str) -> int:
    """Print the JSON Schema of the JSON claim form (what `read --format jsonl` prints) or of the
    clinician roster (what `clinicians import` and `check --roster` read)."""
    from teleclaim.model.jsonform import json_schema

    if what == "roster":
        from teleclaim.service.credentials import roster_json_schema

        json_schema = roster_json_schema  # noqa: F811
    click.echo(json.dumps(json_schema(), indent=2))
    return EXIT_OK
