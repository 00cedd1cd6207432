"""The roster: clinicians, their licenses, compact privileges, payer enrollments, Medicare opt-out
periods and CAQH attestation (issue 15). The JSON form is a contract: extend, never rename.

``parse_roster(obj, where)`` validates a JSON object and returns a ``Roster``; bad input raises one
``InputError`` naming the file, the JSON pointer (``/clinicians/2/licenses/0/expires``), the field
and the value. Dates are inclusive: ``issued``/``effective_from`` are the first valid day,
``expires``/``effective_to`` the last. ``roster_json_schema()`` is what ``teleclaim schema roster``
prints. Professions are the one vocabulary of ``teleclaim.select.encounters.PROFESSIONS``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from teleclaim.credentials.npi import npi_problem
from teleclaim.errors import InputError
from teleclaim.select.encounters import PROFESSIONS
from teleclaim.text import digits

STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "VI",
        "GU",
        "MP",
        "AS",
    ]
)
COMPACTS = ("NLC", "IMLC", "PSYPACT", "PT", "OT", "Counseling", "ASLP-IC", "Social Work", "PA")
LICENSE_STATUSES = ("active", "inactive", "suspended", "revoked", "probation")
ENROLLMENT_STATUSES = ("approved", "pending", "denied", "terminated", "revoked", "inactive")
if TYPE_CHECKING:
    # The Literal below is built from the PROFESSIONS table at run time (pydantic validates against it
    # and the JSON schema lists it); a static checker cannot evaluate that, so it sees a plain str.
    Profession: TypeAlias = str
else:
    Profession = Literal[tuple(PROFESSIONS)]


def _state(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip().upper()
        if v not in STATES:
            raise ValueError(f"{v!r} is not a USPS state or territory code (e.g. TX, DC, PR)")
    return v


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class License(_M):
    state: str = Field(description="USPS code of the issuing state")
    profession: Profession | None = Field(default=None, description="Default: the clinician's profession")
    number: str | None = None
    issued: dt.date | None = Field(default=None, description="First valid day")
    expires: dt.date | None = Field(default=None, description="Last valid day (inclusive)")
    status: Literal["active", "inactive", "suspended", "revoked", "probation"] = "active"
    multistate: bool = Field(default=False, description="A Nurse Licensure Compact multistate license")
    compact: Literal["IMLC"] | None = Field(
        default=None, description="IMLC: issued through the Interstate Medical Licensure Compact (still a full license)"
    )

    _st = field_validator("state", mode="before")(classmethod(lambda cls, v: _state(v)))

    def valid_on(self, day: dt.date) -> bool:
        return (
            self.status in ("active", "probation")
            and (self.issued is None or self.issued <= day)
            and (self.expires is None or day <= self.expires)
        )


class CompactPrivilege(_M):
    compact: Literal["NLC", "IMLC", "PSYPACT", "PT", "OT", "Counseling", "ASLP-IC", "Social Work", "PA"]
    kind: str | None = Field(
        default=None, description="PSYPACT: APIT (telepsychology) or TAP (temporary in-person); others: privilege"
    )
    home_state: str | None = None
    states: list[str] = Field(
        default_factory=list,
        description="States where the compact grants a per-state privilege (PT, OT, Counseling ...)",
    )
    number: str | None = None
    issued: dt.date | None = None
    expires: dt.date | None = None
    status: Literal["active", "inactive", "suspended", "revoked"] = "active"

    @field_validator("home_state", mode="before")
    @classmethod
    def _home(cls, v: Any) -> Any:
        return _state(v)

    @field_validator("states", mode="before")
    @classmethod
    def _states(cls, v: Any) -> Any:
        return [_state(x) for x in v] if isinstance(v, list) else v

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: Any) -> Any:
        return v.strip().upper() if isinstance(v, str) and v.strip().upper() in ("APIT", "TAP") else v

    @model_validator(mode="after")
    def _psypact(self) -> CompactPrivilege:
        if self.compact == "PSYPACT" and self.kind not in ("APIT", "TAP"):
            raise ValueError("a PSYPACT privilege needs kind APIT (telepsychology) or TAP (temporary in-person)")
        if self.compact in ("NLC", "IMLC"):
            raise ValueError(
                f"{self.compact} grants licenses, not privileges: list it under licenses "
                + ("(multistate: true)" if self.compact == "NLC" else "(compact: IMLC)")
            )
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (
            self.status == "active"
            and (self.issued is None or self.issued <= day)
            and (self.expires is None or day <= self.expires)
        )


class Enrollment(_M):
    payer: str = Field(description="Payer profile (medicare, commercial ...) or payer id (2010BB NM109)")
    status: Literal["approved", "pending", "denied", "terminated", "revoked", "inactive"] = "approved"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    telehealth: bool = True
    revalidation_due: dt.date | None = None

    def effective_on(self, day: dt.date) -> bool:
        return (
            self.status == "approved"
            and (self.effective_from is None or self.effective_from <= day)
            and (self.effective_to is None or day <= self.effective_to)
        )


class OptOut(_M):
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Clinician(_M):
    npi: str
    name: str = Field(min_length=1)
    profession: Profession
    taxonomy: list[str] = Field(default_factory=list, description="NUCC taxonomy codes")
    licenses: list[License] = Field(default_factory=list)
    compact_privileges: list[CompactPrivilege] = Field(default_factory=list)
    enrollments: list[Enrollment] = Field(default_factory=list)
    medicare_opt_out: list[OptOut] = Field(default_factory=list)
    caqh_attested: dt.date | None = None

    @field_validator("npi", mode="before")
    @classmethod
    def _npi(cls, v: Any) -> Any:
        v = str(v).strip() if isinstance(v, (str, int)) else v
        why = npi_problem(v)
        if why:
            raise ValueError(why)
        return v

    @field_validator("profession", mode="before")
    @classmethod
    def _prof(cls, v: Any) -> Any:
        return v.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(v, str) else v

    @field_validator("taxonomy", mode="before")
    @classmethod
    def _tax(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = [v]
        return [str(x).strip().upper() for x in v] if isinstance(v, list) else v

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class Roster(_M):
    clinicians: list[Clinician] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> Roster:
        seen: set[str] = set()
        for i, c in enumerate(self.clinicians):
            if c.npi in seen:
                raise ValueError(f"NPI {c.npi} appears twice (clinician {i}); one entry per clinician")
            seen.add(c.npi)
        return self

    def to_json(self) -> dict[str, Any]:
        return {"clinicians": [c.to_json() for c in self.clinicians]}


def parse_roster(obj: Any, where: str = "roster") -> Roster:
    """Validate a roster JSON object; one ``InputError`` naming file, pointer, field and value."""
    from pydantic import ValidationError

    if not isinstance(obj, dict) or not isinstance(obj.get("clinicians"), list):
        raise InputError(
            f'{where}: a roster is a JSON object {{"clinicians": [...]}} (see `teleclaim schema roster`).',
            code="invalid_roster",
            file=where,
            pointer="/clinicians",
        )
    try:
        return Roster.model_validate(obj)
    except ValidationError as exc:
        raise roster_error(exc, where) from None


def roster_error(exc: Any, where: str, pointer_map: Any = None) -> InputError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    pointer = "/" + "/".join(loc)
    msg = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if err["type"] == "missing":
        msg, value = "required", None
    elif err["type"] == "extra_forbidden":
        msg = "not a roster field (check the spelling; `teleclaim schema roster` lists them)"
    elif err["type"] == "literal_error":
        msg = msg.replace("Input should be", "use one of")
    if isinstance(value, (dict, list)):
        value = None
    field = loc[-1] if loc and not digits(loc[-1]) else (loc[-2] if len(loc) > 1 else None)
    place = pointer_map(loc) if pointer_map else f"{pointer}"
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    shown = f" {value!r}" if value is not None else ""
    return InputError(
        f"{where}: {place}: field {field}{shown}: {msg}{more}. Nothing of the file was used.",
        code="invalid_roster",
        file=where,
        pointer=pointer,
        field=field,
        value=value if isinstance(value, (str, int, float, bool)) else None,
    )


def roster_json_schema() -> dict[str, Any]:
    schema = Roster.model_json_schema(mode="validation", by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "teleclaim roster"
    return schema
