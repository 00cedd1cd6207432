"""``teleclaim check FILE...`` (lint claims) and ``teleclaim rules [CODE]`` (the catalog).

check: reads 837 files (X12) or the JSON claim form (``.json`` one claim or a list, ``.jsonl`` one
per line), runs every selected edit, prints the findings grouped by claim (text, JSON or SARIF).
Exit 0 when no finding reaches ``--fail-on`` (default error), 1 when one does, 2 when it could not
run (an unreadable file raises an ``InputError``, rendered by ``main``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from teleclaim.cli.common import DATE, EXIT_NEGATIVE, EXIT_OK, dumps, echo, emit_json, output_options, resolve_format
from teleclaim.errors import InputError, NotFoundError

log = logging.getLogger(__name__)


def _read_json_claims(path: Path) -> Iterator[Any]:
    from teleclaim.model.claim import SourceLocation
    from teleclaim.model.jsonform import claim_from_json

    text = path.read_text(encoding="utf-8-sig")
    name = str(path)
    try:
        if path.suffix.lower() == ".jsonl":
            objs = [(f"{name}:{i}", json.loads(ln)) for i, ln in enumerate(text.splitlines(), 1) if ln.strip()]
        else:
            data = json.loads(text)
            objs = [(f"{name}#/{i}", o) for i, o in enumerate(data)] if isinstance(data, list) else [(name, data)]
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}).",
                         code="invalid_json", file=name) from None
    for where, obj in objs:
        claim = claim_from_json(obj, where=where)
        if claim.source is None:
            claim.source = SourceLocation(file=name)
        yield claim


def _kind_of(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path}: file not found.", code="file_not_found", file=str(path))
    with path.open("rb") as fh:
        head = fh.read(4096)
    try:
        from teleclaim.x12 import sniff

        kind = sniff(head)
    except ImportError:  # pragma: no cover - reader not installed
        s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        kind = "x12" if s[:3] == b"ISA" else "json" if s[:1] in (b"{", b"[") else "unknown"
    if kind == "unknown" and path.suffix.lower() in (".json", ".jsonl"):
        kind = "json"
    if kind == "utf16":  # the reader refuses it with the reason (save as UTF-8)
        kind = "x12"
    return kind


def run_check(paths: list[Path], engine: Any) -> Any:
    """Read every file and check every claim; returns a ``CheckReport``."""
    from teleclaim.report import CheckReport

    report = CheckReport()
    claim_rank: dict[tuple[Any, Any], int] = {}
    for path in paths:
        kind = _kind_of(path)
        report.files.append(str(path))
        if kind == "json":
            for claim in _read_json_claims(path):
                report.claims += 1
                claim_rank.setdefault((str(path), claim.claim_id), len(claim_rank))
                report.findings.extend(engine.check(claim))
        elif kind == "x12":
            from teleclaim.x12 import X12Reader

            reader = X12Reader(path, name=str(path))
            by_claim: list[Any] = []
            order: dict[str, int] = {}
            for claim in reader.claims():
                report.claims += 1
                order.setdefault(claim.claim_id, len(order))
                claim_rank.setdefault((str(path), claim.claim_id), len(claim_rank))
                by_claim.extend(engine.check(claim))
            structural = engine.structural(reader.errors, str(path))
            report.findings.extend(_merge_structural(structural, by_claim, order))
        else:
            from teleclaim.x12.problems import SUPPORTED, UnsupportedFileError

            raise UnsupportedFileError(
                f"{path}: not an X12 837 file nor the JSON claim form; teleclaim reads {SUPPORTED} "
                "and .json/.jsonl claims.", file=str(path), detected="unknown", supported=SUPPORTED)
        log.info("checked %s", path)
    cross = engine.finish()
    if cross:
        # cross-claim findings join their claim's group: files in order, envelope problems first,
        # then claims in reading order (a stable sort keeps each claim's own order)
        files = {f: i for i, f in enumerate(report.files)}
        rank: dict[tuple[Any, Any], int] = {}
        for f in report.findings + cross:
            rank.setdefault((f.file, f.claim_id), len(rank))
        report.findings = sorted(report.findings + cross, key=lambda f: (
            files.get(f.file, len(files)), f.claim_id is not None, claim_rank.get((f.file, f.claim_id),
                                                                                  rank[(f.file, f.claim_id)] + 10**9)))
    return report


def _merge_structural(structural: list[Any], by_claim: list[Any], order: dict[str, int] | None = None) -> list[Any]:
    """Envelope problems first, then each claim's structural problems before its edits' findings,
    claims in reading order (claims the reader could not build last, by segment position)."""
    out = [f for f in structural if f.claim_id is None]
    groups: dict[str, list[Any]] = {}
    for f in [*structural, *by_claim]:
        if f.claim_id is not None:
            groups.setdefault(f.claim_id, []).append(f)
    order = order or {}
    for fs in sorted(groups.values(), key=lambda g: (order.get(g[0].claim_id, len(order)),
                                                      min((f.segment or 0) for f in g))):
        out.extend(fs)
    return out


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@output_options(formats=("text", "json", "sarif"))
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules: codes, names or prefixes (HH, X12), comma-separated or repeated.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (as --select).")
@click.option("--as-of", type=DATE, default=None, help="Check as on this day (default: today).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="teleclaim.toml to use instead of ./teleclaim.toml and the user config.")
@click.option("--payer", "payer", metavar="PROFILE", default=None,
              help="Judge every claim by this payer profile (medicare, commercial, medicaid_example or one "
                   "of [profiles] in teleclaim.toml) instead of the payer-id mapping and SBR09.")
@click.option("--history/--no-history", "history", default=None,
              help="Also judge the cross-claim edits against earlier runs kept in the store, and keep this "
                   "run's records (default: the [history] enabled setting, off).")
def check(files: tuple[Path, ...], fmt: str, as_json: bool, fail_on: str, select: tuple[str, ...],
          ignore: tuple[str, ...], as_of: dt.date | None, config_file: Path | None, payer: str | None,
          history: bool | None) -> int:
    """Check claims (837 files or JSON claims) against the edit catalog; print the findings."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.rules.config import RuleConfig
    from teleclaim.rules.engine import Engine
    from teleclaim.settings import load_settings

    settings = load_settings(config_file)
    config = RuleConfig.from_settings(settings.raw, select=select, ignore=ignore,
                                      where=settings.files[-1] if settings.files else "teleclaim.toml")
    from teleclaim.refdata.payers import Profiles

    where = settings.files[-1] if settings.files else "teleclaim.toml"
    profiles = Profiles(settings.raw, forced=payer, where=where)
    hist = None
    if history if history is not None else _truthy(settings.get("history.enabled")):
        from teleclaim.store import open_store
        from teleclaim.store.history import History

        hist = History(open_store(settings))
    engine = Engine(config=config, as_of=as_of, profiles=profiles, history=hist)
    report = run_check(list(files), engine)
    if fmt == "json":
        from teleclaim.report.json import render

        emit_json(render(report))
    elif fmt == "sarif":
        from teleclaim.report.sarif import render as render_sarif
        from teleclaim.rules.registry import catalog

        click.echo(dumps(render_sarif(report, catalog())))
    else:
        from teleclaim.report.text import render as render_text

        click.echo(render_text(report), nl=False)
    return EXIT_NEGATIVE if report.reaches(fail_on) else EXIT_OK


def _truthy(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def _find_rule(query: str) -> Any:
    from teleclaim.rules.registry import catalog

    cat = catalog()
    q = query.strip()
    if q.upper() in cat:
        return cat[q.upper()]
    for m in cat.values():
        if q.lower() == m.name or q.lower() in m.aliases:
            return m
    keys = list(cat) + [m.name for m in cat.values()]
    close = difflib.get_close_matches(q.upper() if q[:1].isalpha() and q[2:].isdigit() else q.lower(),
                                      keys, n=3, cutoff=0.5)
    sugg = []
    for c in close:
        m = cat.get(c) or next(m for m in cat.values() if m.name == c)
        sugg.append({"code": m.code, "name": m.name})
    raise NotFoundError(f"rule {query!r} not found" + (
        "; did you mean " + ", ".join(f"{s['code']} ({s['name']})" for s in sugg) + "?" if sugg else
        "; `teleclaim rules` lists them."), code="rule_not_found", value=query, suggestions=sugg or None)


@click.command("rules")
@click.argument("rule", required=False)
@output_options(formats=("text", "json", "markdown"))
def rules(rule: str | None, fmt: str, as_json: bool) -> int:
    """List the edit catalog, or show one rule's page (by code or name)."""
    fmt = resolve_format(fmt, as_json)
    from teleclaim.rules import docs as rdocs
    from teleclaim.rules.registry import catalog

    if rule:
        meta = _find_rule(rule)
        if fmt == "json":
            emit_json(rdocs.rule_object(meta))
        else:
            echo(rdocs.render_page(meta).rstrip())
        return EXIT_OK
    cat = catalog()
    if fmt == "json":
        emit_json({"rules": [
            {k: v for k, v in m.to_dict().items() if k in (
                "code", "name", "severity", "summary", "authority", "effective", "keyed_to", "claim_types",
                "confidence", "since", "url")} for m in cat.values()]})
    elif fmt == "markdown":
        echo(rdocs.render_index().rstrip())
    else:
        for m in cat.values():
            echo(f"{m.code:<7} {m.severity:<8} {m.confidence:<3} {m.name:<45} {m.summary}")
        echo(f"\n{len(cat)} rules. `teleclaim rules CODE` shows one rule's page.")
    return EXIT_OK
