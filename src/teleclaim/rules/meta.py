"""Rule metadata (typed data, not prose) and the ``Rule`` base class every edit derives from.

A rule is one class in one file named by its code (``rules/homehealth/HH012.py``). It carries:

- ``meta``: a ``RuleMeta`` (code, kebab-case name stating the problem, default severity, message
  template, fix hint, authorities, effective window and the date it is keyed to, claim types and
  bill types it applies to, since, confidence V/V2/I, aliases);
- its documentation in the class docstring, under the fixed headings of ``DOC_SECTIONS`` (each
  heading alone on a line, followed by a colon), rendered to ``docs/rules/<CODE>.md``;
- ``check(claim, ctx)``: an iterable of ``Finding`` objects, usually a generator (collected by the engine,
  never raised).

A rule that lacks the data to decide yields ``self.not_checked(...)`` (an ``info`` finding with
status ``not_checked``) instead of passing silently.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypedDict

from teleclaim.model.finding import Finding, Severity

if TYPE_CHECKING:
    from teleclaim.model.claim import Claim, ServiceLine
    from teleclaim.rules.context import Context

KeyedTo = Literal["line_date", "period_from", "period_through", "as_of"]
Confidence = Literal["V", "V2", "I"]
KEYED_TO = ("line_date", "period_from", "period_through", "as_of")
DOC_SECTIONS = ("What it checks", "Why it matters", "Failing example", "Passing example", "Known limits")
#: where a rule's page is: the generated page in the repository's docs/ (``docs/rules/HH013.md``); the
#: web UI serves the same page at ``/rules/HH013``. No external docs site is linked (none exists).
DOCS_BASE_URL = "docs/rules/"
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


@dataclass(frozen=True, slots=True)
class Authority:
    """Where the rule comes from: ``source`` is the rules.md source tag (S1 ...)."""

    title: str
    url: str
    section: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "section": self.section, "source": self.source}


@dataclass(frozen=True, slots=True)
class Effective:
    """Effective window (inclusive; None = open) and which date of the claim it applies to."""

    start: dt.date | None = None
    end: dt.date | None = None
    keyed_to: KeyedTo = "period_from"

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "keyed_to": self.keyed_to,
        }


class Scope(TypedDict):
    """RuleMeta fields a bundle shares, spread into each rule's meta: ``RuleMeta(..., **PROFESSIONAL)``."""

    effective: Effective
    claim_types: tuple[str, ...]
    bill_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    severity: Severity
    summary: str  # one line: what the rule flags
    message: str  # str.format template; fields are given by the rule
    fix: str
    authority: tuple[Authority, ...]
    confidence: Confidence
    effective: Effective = field(default_factory=Effective)
    claim_types: tuple[str, ...] = ("837I",)
    bill_types: tuple[str, ...] = ("32X", "34X")  # "32X" = facility 32, any frequency; "329" exact
    since: str = "0.1.0"
    aliases: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"{DOCS_BASE_URL}{self.code}.md"

    def problems(self) -> list[str]:
        """What is missing or malformed (the catalog test asserts this is empty)."""
        out = []
        if not re.fullmatch(r"[A-Z]{2,3}\d{3}", self.code):
            out.append(f"code {self.code!r} is not like HH001")
        if not _NAME_RE.match(self.name):
            out.append(f"name {self.name!r} is not kebab-case")
        if self.severity not in ("error", "warning", "info"):
            out.append(f"severity {self.severity!r}")
        if self.confidence == "I" and self.severity == "error":
            out.append("confidence I (inferred) rules may not default to error")
        for attr in ("summary", "message", "fix", "since"):
            if not getattr(self, attr):
                out.append(f"{attr} is empty")
        if not self.authority or any(not a.title or not a.url.startswith("http") for a in self.authority):
            out.append("authority needs a title and an http(s) URL")
        if self.effective.keyed_to not in KEYED_TO:
            out.append(f"keyed_to {self.effective.keyed_to!r}")
        if not self.claim_types or not self.bill_types:
            out.append("claim_types/bill_types empty")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "summary": self.summary,
            "message": self.message,
            "fix": self.fix,
            "authority": [a.to_dict() for a in self.authority],
            "effective": self.effective.to_dict(),
            "keyed_to": self.effective.keyed_to,
            "claim_types": list(self.claim_types),
            "bill_types": list(self.bill_types),
            "confidence": self.confidence,
            "since": self.since,
            "aliases": list(self.aliases),
            "url": self.url,
        }


def parse_docs(doc: str | None) -> dict[str, str]:
    """Split a rule docstring into its fixed sections (heading line ``What it checks:`` ...)."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for raw in textwrap.dedent(doc or "").splitlines():
        stripped = raw.strip()
        if stripped.endswith(":") and stripped[:-1] in DOC_SECTIONS:
            current = stripped[:-1]
            sections[current] = []
        elif current is not None:
            sections[current].append(raw)
    return {k: textwrap.dedent("\n".join(v)).strip() for k, v in sections.items()}


#: a trigger set matching any value of its kind (``Triggers(modifiers=ANY)``: any line modifier at all)
ANY: tuple[str, ...] = ("*",)


@dataclass(frozen=True, slots=True)
class Triggers:
    """What a claim must hold for a rule to have anything to say (a finding of any status, the
    ``not_checked`` and info ones included). For each kind given, the claim must hold at least one of
    its values: a line's procedure code (``codes``), a line's revenue code or family (``revenue``:
    ``"0636"``, ``"077X"``), a line modifier (``modifiers``), a condition code (``conditions``), the
    place of service of an 837P line (``places``: the line's, else the claim's), the patient status
    (``statuses``); ``ANY`` stands for any value. The engine skips the rule on other claims (after its effective window), so
    a rule declares only what provably silences it: its check must yield nothing without them
    (``tests/rules/test_triggers.py`` runs every rule unfiltered to hold it to that).
    Values are compared upper-cased (codes and modifiers also stripped, see ``rules.facts``)."""

    codes: Collection[str] = ()
    revenue: Collection[str] = ()
    modifiers: Collection[str] = ()
    conditions: Collection[str] = ()
    places: Collection[str] = ()
    statuses: Collection[str] = ()

    def groups(self) -> tuple[frozenset[str], ...]:
        """One token set per kind given (``rules.facts`` tokens): the claim must share a token with each."""
        kinds = (
            ("c:", self.codes),
            ("r:", self.revenue),
            ("m:", self.modifiers),
            ("k:", self.conditions),
            ("p:", self.places),
            ("s:", self.statuses),
        )
        return tuple(frozenset(prefix + v for v in values) for prefix, values in kinds if values)


class Rule:
    """Base class of every edit. Subclasses set ``meta`` and implement ``check``.

    Two optional class attributes let the engine skip a rule that has nothing to say: ``requires``
    names the ``Context`` attributes without which the rule yields nothing (``"roster"``, ``"refs"``:
    the rule is dropped from the plan when the run has none), ``triggers`` what a claim must hold for
    the rule to yield anything (``Triggers``)."""

    meta: ClassVar[RuleMeta]
    requires: ClassVar[tuple[str, ...]] = ()
    triggers: ClassVar[Triggers | None] = None

    @classmethod
    def docs(cls) -> dict[str, str]:
        return parse_docs(cls.__doc__)

    def check(self, claim: Claim, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    # -- helpers for subclasses ------------------------------------------------------------------
    def finding(
        self,
        claim: Claim,
        *,
        line: ServiceLine | None = None,
        field: str | None = None,
        value: Any = None,
        message: str | None = None,
        severity: Severity | None = None,
        status: Literal["failed", "not_checked"] = "failed",
        details: dict[str, Any] | None = None,
        **fmt: Any,
    ) -> Finding:
        m = self.meta
        text = message if message is not None else m.message
        if fmt:
            text = text.format(**fmt)
        return Finding(
            rule=m.code,
            name=m.name,
            severity=severity or m.severity,
            message=text,
            fix=m.fix,
            claim_id=claim.claim_id,
            line=line.line if line is not None else None,
            location=location_of(claim, line, field),
            value=value,
            status=status,
            url=m.url,
            details=details or {},
        )

    def not_checked(
        self, claim: Claim, why: str, *, line: ServiceLine | None = None, field: str | None = None
    ) -> Finding:
        """An info finding saying the rule could not decide (never pass silently)."""
        return self.finding(
            claim, line=line, field=field, message=f"not checked: {why}", severity="info", status="not_checked"
        )


#: model field -> (loop, X12 element) for locations on X12 input.
X12_PLACES: dict[str, tuple[str, str]] = {
    "claim_id": ("2300", "CLM01"),
    "total_charge": ("2300", "CLM02"),
    "facility_code": ("2300", "CLM05-1"),
    "frequency": ("2300", "CLM05-3"),
    "statement_from": ("2300", "DTP*434"),
    "statement_to": ("2300", "DTP*434"),
    "admission_date": ("2300", "DTP*435"),
    "admission_type": ("2300", "CL101"),
    "point_of_origin": ("2300", "CL102"),
    "patient_status": ("2300", "CL103"),
    "conditions": ("2300", "HI*BG"),
    "occurrences": ("2300", "HI*BH"),
    "occurrence_spans": ("2300", "HI*BI"),
    "values": ("2300", "HI*BE"),
    "notes": ("2300", "NTE"),
    "lines": ("2400", "LX"),
    "billing_provider": ("2010AA", "NM109"),
    "patient": ("2010BA", "NM1"),
    "revenue_code": ("2400", "SV201"),
    "code": ("2400", "SV202-2"),
    "charge": ("2400", "SV203"),
    "units": ("2400", "SV205"),
    "date": ("2400", "DTP*472"),
}


def location_of(claim: Claim, line: ServiceLine | None, field: str | None) -> list[str]:
    """X12 loop/element when the claim came from X12, else a JSON pointer into the claim form."""
    src = claim.source
    if src is not None and src.claim_segment is not None:
        place = X12_PLACES.get(field or "")
        if place:
            return list(place)
        return ["2400", "LX"] if line is not None else ["2300", "CLM"]
    if line is not None:
        idx = next((i for i, ln in enumerate(claim.lines) if ln is line), line.line - 1)
        return [f"/lines/{idx}" + (f"/{field}" if field else "")]
    return ["/" + field] if field else ["/"]
