"""Use cases of the remittance loop, shared by the CLI (``teleclaim remit`` / ``status`` / ``ack
--277ca``), the REST API and the web page.

- ``remit(paths, ...)``: read 835s, check their balancing, match each remitted claim to its
  submission (``--claims`` 837s or JSON claims, by CLP01 = CLM01), find the denials and trace each
  to the teleclaim rules that prevent it (``teleclaim.rules.denials``). Returns the JSON contract of
  issue 17 (``RemitResult.to_dict()``).
- ``status(paths)``: read 277CA / 277 files, each claim accepted or rejected, its codes explained.
- ``ack_277ca(path, engine)``: check an 837 and answer every claim in a 277CA.

Expected vs paid: ``expected_amount`` is the hook the fee estimate plugs into (issue: fees); it
returns ``None`` until wired, and the JSON says ``"expected": null``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from teleclaim.errors import InputError
from teleclaim.model.remit import Adjustment, Payment, RemitClaim, RemitProblem, is_denied

if TYPE_CHECKING:
    import datetime as dt

    from teleclaim.fees.estimate import FeeContext
    from teleclaim.model.claim import Claim
    from teleclaim.model.finding import Finding
    from teleclaim.model.record import ClaimRecord
    from teleclaim.rules.engine import Engine
    from teleclaim.settings import Settings
    from teleclaim.x12.ack277 import Ack277Result

log = logging.getLogger(__name__)
ZERO = Decimal("0")


# -- the hook for the fee estimate ---------------------------------------------------------------
class FeeRun:
    """The fee context of one remit run, built on first use: one settings read and one store open per
    run, not per matched claim (and a server sees newly imported fee data on its next request)."""

    def __init__(self) -> None:
        self._ctx: FeeContext | None = None

    def ctx(self) -> FeeContext:
        if self._ctx is None:
            from teleclaim.service.fees import fee_context
            from teleclaim.settings import load_settings

            self._ctx = fee_context(load_settings())
        return self._ctx


def expected_amount(
    submitted: Claim, remitted: RemitClaim, findings: Iterable[Finding] = (), fees: FeeRun | None = None
) -> Decimal | None:
    """What the payer was expected to pay for ``submitted`` (a ``Claim``), or ``None`` if unknown:
    the fee estimate of ``teleclaim estimate`` (Medicare: the expected payment, allowed less
    coinsurance and sequestration; other schedules: the allowed amount), lines the submission's
    findings mark not billable at 0. Null when the fee data for the claim is not loaded."""
    from teleclaim.fees.estimate import estimate_claim

    try:
        e = estimate_claim(submitted, (fees or FeeRun()).ctx(), findings)
    except Exception:  # noqa: BLE001 - an estimate that cannot be made leaves ``expected`` null
        log.debug("no estimate for claim %s", getattr(submitted, "claim_id", "?"), exc_info=True)
        return None
    value = e.get("expected_payment") or e.get("estimate")
    return Decimal(str(value)) if value not in (None, "") else None


# -- submissions ------------------------------------------------------------------------------------
@dataclass(slots=True)
class Submission:
    claim: Claim
    file: str
    findings: list[Finding] = field(default_factory=list)
    fees: FeeRun | None = None  # shared by the submissions of one run

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings if f.status == "failed"})

    def expected(self, remitted: RemitClaim) -> Decimal | None:
        return expected_amount(self.claim, remitted, self.findings, self.fees)


class Submitted(Protocol):
    """What the reconciliation asks of a submission: a claim file's (``Submission``) or the ledger's."""

    @property
    def rules(self) -> list[str]: ...

    def expected(self, remitted: RemitClaim) -> Decimal | None: ...


@dataclass(slots=True)
class LedgerSubmission:
    """A submission found in the claim ledger (``check --record``): its stored findings and fee
    estimate stand in for the claim file (the ledger keeps no names, member ids or addresses)."""

    record: ClaimRecord
    file: str = "ledger"

    @property
    def rules(self) -> list[str]:
        return sorted({rule for rule, severity, _line in self.record.findings if severity in ("error", "warning")})

    def expected(self, remitted: RemitClaim) -> Decimal | None:
        """The allowed amount estimated when the claim was recorded (home-health period estimate, else
        the sum of the priced lines); null when nothing was priced then."""
        cents = Decimal("0.01")
        if self.record.estimate is not None:
            return Decimal(self.record.estimate).quantize(cents)
        priced = [ln.allowed for ln in self.record.lines if ln.allowed is not None]
        return sum(priced, Decimal(0)).quantize(cents) if priced else None


def ledger_submissions(settings: Settings, claim_ids: list[str]) -> dict[str, LedgerSubmission] | None:
    """The ledger's claims with these ids (CLP01 = CLM01), or None when the ledger holds no claim."""
    from teleclaim.store import open_store
    from teleclaim.store.ledger import Ledger

    ledger = Ledger(open_store(settings))
    if not ledger.count().get("claims"):
        return None
    out: dict[str, LedgerSubmission] = {}
    ids = sorted(set(claim_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for rec in ledger.records(where=f"c.claim_id IN ({','.join('?' * len(chunk))})", args=chunk):
            out.setdefault(rec.claim_id, LedgerSubmission(rec))
    return out


def load_submissions(
    paths: list[Path], names: list[str] | None = None, engine: Engine | None = None
) -> dict[str, Submission]:
    """Every submitted claim (837 or the JSON claim form) by CLM01, with the findings our checks raise."""
    from teleclaim.service.uploads import kind_of, read_json_claims

    fees = FeeRun()
    out: dict[str, Submission] = {}
    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        kind = kind_of(path, name)
        if kind == "json":
            for claim in read_json_claims(path, name):
                out[claim.claim_id] = Submission(claim, name, list(engine.check(claim)) if engine else [], fees)
        elif kind == "x12":
            from teleclaim.x12 import X12Reader

            reader = X12Reader(path, name=name)
            for claim in reader.claims():
                out[claim.claim_id] = Submission(claim, name, list(engine.check(claim)) if engine else [], fees)
            if engine is not None:
                for f in engine.structural(reader.errors, name):
                    if f.claim_id in out:
                        out[f.claim_id].findings.append(f)
        else:
            raise InputError(
                f"{name}: --claims takes the submitted 837 files or JSON claims; this file is neither.",
                code="invalid_input",
                file=name,
            )
    if engine is not None:
        for f in engine.finish():
            if f.claim_id in out:
                out[f.claim_id].findings.append(f)
    return out


# -- the remit use case -------------------------------------------------------------------------
def _adj(a: Adjustment) -> dict[str, Any]:
    d: dict[str, Any] = {"group": a.group, "reason": a.reason, "amount": str(a.amount)}
    if a.quantity is not None:
        d["quantity"] = str(a.quantity)
    return d


def _money(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


def _denial_keys(adjs: list[Adjustment]) -> list[str]:
    return list(dict.fromkeys(a.key for a in adjs if a.group in ("CO", "PI") and a.amount != 0))


@dataclass(slots=True)
class RemitResult:
    payments: list[Payment] = field(default_factory=list)
    problems: list[RemitProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    submissions: Mapping[str, Submitted] | None = None  # claim id -> its submission
    dmap: Any = None

    @property
    def balanced(self) -> bool:
        """No problem of severity error (balancing, unreadable amounts, counts); warnings do not count."""
        return not any(p.severity == "error" for p in self.problems)

    def _claim(self, p: Payment, c: RemitClaim) -> tuple[dict[str, Any], dict[str, Any] | None]:
        from teleclaim.refdata.remit_codes import describe, explain_adjustment

        all_adj = c.adjustments + [a for ln in c.lines for a in ln.adjustments]
        denied = c.is_denied
        sub = self.submissions.get(c.claim_id) if self.submissions is not None else None
        lines = []
        for ln in c.lines:
            lines.append(
                {
                    "code": ln.code,
                    "modifiers": ln.modifiers,
                    "charge": str(ln.charge),
                    "paid": str(ln.paid),
                    "allowed": _money(ln.allowed),
                    "units": _money(ln.units),
                    "adjustments": [_adj(a) for a in ln.adjustments],
                    "remarks": ln.remarks,
                    "qualifier": ln.qualifier,
                    "revenue_code": ln.revenue_code,
                    "date": ln.date_from.isoformat() if ln.date_from else None,
                    "denied": (not c.is_reversal) and is_denied(c.status, ln.paid, ln.adjustments),
                }
            )
        d: dict[str, Any] = {
            "claim_id": c.claim_id,
            "status": c.status,
            "status_meaning": describe("clp02", c.status),
            "charge": str(c.charge),
            "paid": str(c.paid),
            "patient_responsibility": _money(c.patient_responsibility),
            "adjustments": [_adj(a) for a in c.adjustments],
            "lines": lines,
            "remarks": c.remarks,
            "payer_control_number": c.payer_control_number,
            "filing_indicator": c.filing_indicator,
            "denied": denied,
            "reversal": c.is_reversal,
            "matched": sub is not None if self.submissions is not None else None,
            "expected": None,
            "submitted_findings": sub.rules if sub is not None else None,
        }
        if sub is not None:
            exp = sub.expected(c)
            d["expected"] = _money(exp)
        denial = None
        if denied:
            keys = _denial_keys(all_adj) or [
                f"{c.adjustments[0].group}-{c.adjustments[0].reason}" if c.adjustments else "status-4"
            ]
            remarks = list(dict.fromkeys([*c.remarks, *(r for ln in c.lines for r in ln.remarks)]))
            entry = self.dmap.match(keys, remarks) if self.dmap is not None else None
            caught = bool(entry and sub and any(entry.covers(r) for r in sub.rules))
            fired = sorted({r for r in (sub.rules if sub else []) if entry and entry.covers(r)})
            denial = {
                "claim_id": c.claim_id,
                "payer": p.payer,
                "file": p.file,
                "charge": str(c.charge),
                "reasons": keys,
                "explained": [explain_adjustment(*k.split("-", 1)) for k in keys if "-" in k],
                "remarks": remarks,
                "remarks_explained": [f"{r}: {describe('rarc', r) or '(no summary yet)'}" for r in remarks],
                "codes": sorted({ln.code for ln in c.lines if ln.code}),
                "preventable": entry is not None,
                "rules": list(entry.rules) if entry else [],
                "planned_rules": list(entry.planned) if entry else [],
                "fix": entry.fix if entry else None,
                "caught_at_submission": caught if self.submissions is not None else None,
                "fired": fired,
            }
            d["denial"] = denial
        return d, denial

    def to_dict(self) -> dict[str, Any]:
        payments = []
        denials: list[dict[str, Any]] = []
        lines_denied = reversals = 0
        for p in self.payments:
            claims = []
            for c in p.claims:
                d, den = self._claim(p, c)
                claims.append(d)
                if c.is_reversal:
                    reversals += 1
                    continue
                lines_denied += sum(1 for ln in d["lines"] if ln["denied"])
                if den is not None:
                    denials.append(den)
            payments.append(
                {
                    "payer": p.payer,
                    "payer_id": p.payer_id,
                    "payee": p.payee,
                    "payee_npi": p.payee_npi,
                    "amount": str(p.amount),
                    "method": p.method,
                    "credit_debit": p.credit_debit,
                    "date": p.date.isoformat() if p.date else None,
                    "trace": p.trace,
                    "file": p.file,
                    "transaction_control": p.control,
                    "provider_adjustments": [
                        {"reason": a.reason, "reference": a.reference, "amount": str(a.amount)}
                        for a in p.provider_adjustments
                    ],
                    "claims": claims,
                }
            )
        by_reason: Counter[str] = Counter()
        by_payer: Counter[str] = Counter()
        by_code: Counter[str] = Counter()
        for den in denials:
            by_reason.update(den["reasons"])
            by_payer[den["payer"] or "(unknown payer)"] += 1
            by_code.update(den["codes"])
        matched = self.submissions is not None
        return {
            "files": self.files,
            "payments": payments,
            "balanced": self.balanced,
            "problems": [pr.to_dict() for pr in self.problems],
            "denials": {
                "claims": len(denials),
                "lines": lines_denied,
                "reversals": reversals,
                "by_reason": dict(by_reason.most_common()),
                "by_payer": dict(by_payer.most_common()),
                "by_code": dict(by_code.most_common()),
                "preventable": sum(1 for d in denials if d["preventable"]),
                "caught_at_submission": sum(1 for d in denials if d["caught_at_submission"]) if matched else None,
                "items": denials,
            },
        }


def remit(
    paths: list[Path],
    names: list[str] | None = None,
    *,
    claims: list[Path] | None = None,
    claim_names: list[str] | None = None,
    engine: Engine | None = None,
    denial_map_file: str | None = None,
    ledger_settings: Settings | None = None,
) -> RemitResult:
    """Read every 835 of ``paths`` (and the submitted claims, when given); see the module docstring."""
    from teleclaim.rules.denials import denial_map
    from teleclaim.x12.reader835 import Reader835

    result = RemitResult(dmap=denial_map(denial_map_file))
    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        _exists(path, name)
        r = Reader835(path, name=name)
        result.payments.extend(r.payments())
        result.problems.extend(r.problems)
        result.files.append(name)
        log.info("read 835 %s", name)
    if claims:
        result.submissions = load_submissions(claims, claim_names, engine)
    elif ledger_settings is not None:  # no files of submitted claims: the claim ledger, when it holds any
        ids = [c.claim_id for p in result.payments for c in p.claims]
        result.submissions = ledger_submissions(ledger_settings, ids)
    return result


def _exists(path: Path, name: str) -> None:
    if not path.is_file():
        raise InputError(f"{name}: file not found.", code="file_not_found", file=name)
    if path.stat().st_size == 0:
        raise InputError(f"{name}: the file is empty; give an X12 file.", code="empty_file", file=name)


# -- status (277CA) ----------------------------------------------------------------------------------
def status(paths: list[Path], names: list[str] | None = None) -> dict[str, Any]:
    """Every claim answer of the 277CA / 277 files, explained."""
    from teleclaim.x12.reader277 import explain, read_277

    out = []
    accepted = rejected = 0
    for i, path in enumerate(paths):
        name = names[i] if names else str(path)
        _exists(path, name)
        for rep in read_277(path, name=name):
            claims = []
            for c in rep.claims:
                ok = c.accepted
                accepted += ok
                rejected += not ok
                claims.append(
                    {
                        "claim_id": c.claim_id,
                        "status": "accepted" if ok else "rejected",
                        "codes": [":".join(x for x in (s.category, s.status, s.entity) if x) for s in c.codes],
                        "explained": [explain(s) for s in c.codes],
                        "action": c.action,
                        "charge": _money(c.charge),
                        "payer_claim_id": c.payer_claim_id,
                        "patient": c.patient,
                        "date": c.date.isoformat() if c.date else None,
                        "service_date": c.service_date.isoformat() if c.service_date else None,
                    }
                )
            out.append(
                {
                    "file": name,
                    "control_number": rep.control,
                    "version": rep.version,
                    "reference": rep.reference,
                    "date": rep.date.isoformat() if rep.date else None,
                    "payer": rep.payer,
                    "receiver": rep.receiver,
                    "batch": [
                        {
                            "codes": [":".join(x for x in (s.category, s.status, s.entity) if x) for s in b.codes],
                            "explained": [explain(s) for s in b.codes],
                            "charge": _money(b.charge),
                            "provider_npi": b.provider_npi,
                        }
                        for b in rep.batch
                    ],
                    "claims": claims,
                }
            )
    return {"reports": out, "claims": accepted + rejected, "accepted": accepted, "rejected": rejected}


# -- our own 277CA ------------------------------------------------------------------------------------
def ack_277ca(
    path: Path,
    engine: Engine,
    name: str | None = None,
    *,
    denial_map_file: str | None = None,
    now: dt.datetime | None = None,
) -> Ack277Result:
    """Check the 837 at ``path`` and answer each claim in a 277CA (``Ack277Result``)."""
    from teleclaim.rules.denials import denial_map
    from teleclaim.x12 import X12Reader
    from teleclaim.x12.ack277 import build_277ca, verdict

    name = name or str(path)
    dmap = denial_map(denial_map_file)
    reader = X12Reader(path, name=name)
    claims: list[Any] = []
    findings: dict[Any, list[Any]] = {}
    for claim in reader.claims():
        claims.append(claim)
        findings.setdefault(claim.claim_id, []).extend(engine.check(claim))
    for f in engine.structural(reader.errors, name):
        findings.setdefault(f.claim_id, []).append(f)
    for f in engine.finish():
        findings.setdefault(f.claim_id, []).append(f)
    bad_tx = {
        t.control for t in reader.transactions if any(e.severity == "error" and e.claim_id is None for e in t.errors)
    }
    verdicts = [
        verdict(
            c,
            findings.get(c.claim_id, []),
            dmap,
            envelope_rejected=bool(c.source and c.source.transaction_control in bad_tx),
        )
        for c in claims
    ]
    return build_277ca(claims, verdicts, now=now)
