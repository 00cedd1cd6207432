"""Cross-claim edits: rules judged over every claim of a run (and earlier runs in the history store).

A ``CrossRule`` names the codes it watches (``watch``: table names of its bundle). While checking,
the engine keeps one small ``ServiceRecord`` per watched line (no names or member ids: the patient
is a keyed hash), and at the end of the run calls ``check_records`` with all records of each
patient, sorted by date. Findings are reported on lines of this run only; a record from an earlier
run (``run`` set) can be the reason, and the message names its claim and date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from teleclaim.model.finding import Finding, Severity
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.meta import Rule, location_of

if TYPE_CHECKING:
    from teleclaim.model.claim import Claim, ServiceLine
    from teleclaim.rules.context import Context

WEEK = dt.timedelta(days=7)


def records_of(claim: Claim, codes: frozenset[str]) -> list[ServiceRecord]:
    """The records of the watched lines of one claim (none when the patient cannot be keyed).

    Runs on every claim of a kind with cross-claim edits, most of them without a watched line: the
    claim-level parts (patient key, diagnoses, source) are computed at the first watched line."""
    out: list[ServiceRecord] = []
    for ln in claim.lines:
        code = (ln.code or "").upper()
        if code not in codes or ln.date is None:
            continue
        if not out:
            key = patient_key(claim)
            if key is None:
                return []
            pk: str = key
            src = claim.source
            payer = claim.payer.id if claim.payer is not None else None
            dx = [d.code.upper() for d in (claim.principal_diagnosis, *claim.diagnoses) if d is not None and d.code]
        pointed = [dx[i - 1] for i in ln.diagnosis_pointers if 0 < i <= len(dx)]
        out.append(
            ServiceRecord(
                patient=pk,
                clinician=clinician_npi(claim, ln),
                code=code,
                day=ln.date,
                units=ln.units,
                claim_id=claim.claim_id,
                line=ln.line,
                modifiers=tuple([m.upper() for m in ln.modifiers]),
                file=src.file if src is not None else None,
                segment=(src.line_segments.get(ln.line) or src.claim_segment) if src is not None else None,
                location=tuple(location_of(claim, ln, "code")),
                payer=payer,
                dx=tuple(pointed or dx[:1]),
            )
        )
    return out


def patient_key(claim: Claim) -> str | None:
    """A stable, non-reversible key for the patient: member id, birth date and name, hashed."""
    sub, pat = claim.subscriber, claim.the_patient
    if pat is None:
        return None
    parts = [
        sub.member_id if sub is not None else None,
        pat.birth_date.isoformat() if pat.birth_date else None,
        pat.last_name,
        pat.first_name,
    ]
    if not any(parts[:2]):
        return None
    text = "|".join([(p or "").strip().upper() for p in parts])
    h = _PATIENT_HASH.copy()  # cheaper than a new keyed hash per claim; the same digest
    h.update(text.encode("utf-8"))
    return h.hexdigest()


_PATIENT_HASH = hashlib.blake2b(digest_size=12, person=b"teleclaim-pt")


def clinician_npi(claim: Claim, line: ServiceLine) -> str | None:
    for p in (line.rendering, claim.rendering, claim.billing_provider):
        if p is not None and p.npi:
            return p.npi
    return None


class CrossRule(Rule):
    """Base of the cross-claim edits. ``watch`` = table names of the codes it needs records of."""

    cross: ClassVar[bool] = True
    watch: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def watched(cls) -> frozenset[str]:
        """The codes whose lines the engine must record for this rule (the bundle's tables)."""
        import importlib

        fam = importlib.import_module(cls.__module__.rsplit(".", 1)[0] + "._view").family
        out: frozenset[str] = frozenset()
        for name in cls.watch:
            out |= fam(name)
        return out

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:
        return iter(())

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError  # pragma: no cover

    def on(
        self,
        rec: ServiceRecord,
        message: str,
        *,
        value: Any = None,
        details: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        m = self.meta
        return Finding(
            rule=m.code,
            name=m.name,
            severity=severity or m.severity,
            message=message,
            fix=m.fix,
            claim_id=rec.claim_id,
            line=rec.line,
            location=list(rec.location),
            value=value if value is not None else rec.code,
            status="failed",
            url=m.url,
            details=details or {},
            file=rec.file,
            segment=rec.segment,
        )


def where(rec: ServiceRecord) -> str:
    """How a message names another record: claim and line, with the run when it is an earlier one."""
    s = f"{rec.code} on {rec.day} (claim {rec.claim_id} line {rec.line}"
    return s + (", an earlier run)" if rec.run else ")")


def by_key(records: Iterable[ServiceRecord], *, clinician: bool) -> dict[tuple[str, str | None], list[ServiceRecord]]:
    out: dict[tuple[str, str | None], list[ServiceRecord]] = {}
    for r in records:
        out.setdefault((r.patient, r.clinician if clinician else None), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (r.day, r.run is None, r.claim_id, r.line))
    return out


def alongside_em(
    records: Iterable[ServiceRecord], codes: frozenset[str], em_codes: frozenset[str]
) -> Iterator[tuple[ServiceRecord, list[ServiceRecord]]]:
    """Each record of this run with one of ``codes``, with the E/M records (``em_codes``) of the same
    patient and clinician, in date order (earlier runs included); records without an E/M are skipped."""
    for recs in by_key(records, clinician=True).values():
        ems = [r for r in recs if r.code in em_codes]
        if not ems:
            continue
        for r in recs:
            if r.run is None and r.code in codes:
                yield r, ems


def em_in_week_before(rec: ServiceRecord, ems: list[ServiceRecord]) -> tuple[ServiceRecord, list[str]] | None:
    """The last E/M of ``ems`` in the 7 days before ``rec`` and the diagnoses the two share, or None."""
    before = [e for e in ems if rec.day - WEEK <= e.day < rec.day]
    if not before:
        return None
    em = before[-1]
    return em, sorted(set(rec.dx) & set(em.dx))
