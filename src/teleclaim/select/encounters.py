"""Encounter facts: the input of ``teleclaim suggest`` and ``POST /v1/suggest``, validated.

One object with ``kind`` and its facts (issue 6 interface contract). Enumerated values are
case-insensitive; dates are ISO ``YYYY-MM-DD``; timestamps ISO 8601 (no offset = the practice's
local time). ``payer`` defaults to ``medicare``. Every kind also takes an optional ``id`` (echoed
back) and ``as_of`` (the date the question is judged on: decides whether a retroactively cured
lapse of the Medicare telehealth flexibilities was already cured; default today). Kinds with a
``setting`` take ``campus`` (``hospital_outpatient`` only: on-campus department, POS 22; default off
campus, POS 19).

``parse_encounter(obj)`` returns the model or raises one ``InputError`` naming the field path
(``/interactions/2/at``), the bad value and what is expected.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from teleclaim.errors import InputError

KINDS = (
    "home_health_visit",
    "home_health_telecom",
    "telehealth_em",
    "e_visits",
    "virtual_check_in",
    "remote_evaluation",
    "rpm",
    "rtm",
)

DISCIPLINES = ("RN", "LPN", "PT", "PTA", "OT", "OTA", "SLP", "MSW", "aide")
PURPOSES = ("direct_care", "observation_assessment", "training_education", "management_evaluation", "maintenance")
CLINICIANS = ("physician", "NPP", "PT", "OT", "SLP", "LCSW", "psychologist", "dietitian", "PTA", "OTA")

#: Roster professions (credentials, issue 15) -> the clinician or discipline code above that ``suggest``
#: uses (None: no code of its own here). One vocabulary: roster professions extend it, not a parallel list.
PROFESSIONS: dict[str, str | None] = {
    "physician": "physician",
    "nurse_practitioner": "NPP",
    "physician_assistant": "NPP",
    "clinical_nurse_specialist": "NPP",
    "certified_nurse_midwife": "NPP",
    "registered_nurse": "RN",
    "licensed_practical_nurse": "LPN",
    "psychologist": "psychologist",
    "clinical_social_worker": "LCSW",
    "counselor": None,
    "physical_therapist": "PT",
    "physical_therapist_assistant": "PTA",
    "occupational_therapist": "OT",
    "occupational_therapy_assistant": "OTA",
    "speech_language_pathologist": "SLP",
    "audiologist": None,
    "dietitian": "dietitian",
    "home_health_aide": "aide",
}

_CANON = {v.lower(): v for v in (*DISCIPLINES, *CLINICIANS)}
_ALIASES = {
    "np": "NPP",
    "pa": "NPP",
    "nurse_practitioner": "NPP",
    "physician_assistant": "NPP",
    "md": "physician",
    "do": "physician",
    "st": "SLP",
    "msw": "MSW",
    "csw": "LCSW",
    "social_worker": "LCSW",
    "hha": "aide",
    "home_health_aide": "aide",
    "sn": "RN",
}


def _canon(v: Any) -> Any:
    """Case-insensitive enumerations: 'rn' -> 'RN', 'Audio-Video' -> 'audio_video'."""
    if not isinstance(v, str):
        return v
    key = v.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _CANON:
        return _CANON[key]
    if key in _ALIASES:
        return _ALIASES[key]
    return key


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, description="Your reference, echoed back")
    as_of: dt.date | None = Field(default=None, description="Judge the rules as known on this date (default today)")
    npi: str | None = Field(
        default=None,
        pattern=r"^\d{10}$",
        description="The clinician's NPI: with patient_state and a roster, says whether the "
        "clinician may treat there on the date",
    )
    patient_state: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="USPS code of the state where the patient is"
    )

    @field_validator(
        "discipline",
        "purpose",
        "mode",
        "patient",
        "patient_location",
        "payer",
        "setting",
        "mdm",
        "clinician",
        "device",
        "location",
        "clinic",
        mode="before",
        check_fields=False,
    )
    @classmethod
    def _enums(cls, v: Any) -> Any:
        return _canon(v)


Discipline = Literal["RN", "LPN", "PT", "PTA", "OT", "OTA", "SLP", "MSW", "aide"]
Clinician = Literal["physician", "NPP", "PT", "OT", "SLP", "LCSW", "psychologist", "dietitian", "PTA", "OTA"]
Payer = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
Setting = Literal["office", "rhc_fqhc", "hospital_outpatient"]


class HomeHealthVisit(_Base):
    """Home-health visit"""

    kind: Literal["home_health_visit"]
    date: dt.date
    discipline: Discipline
    purpose: (
        Literal["direct_care", "observation_assessment", "training_education", "management_evaluation", "maintenance"]
        | None
    ) = None
    minutes: int = Field(ge=1, le=24 * 60)
    location: Literal["home", "assisted_living", "other"] = "home"
    payer: Payer = "medicare"


class HomeHealthTelecom(_Base):
    """Home-health telecommunication (audio-video, audio-only, remote monitoring)"""

    model_config = ConfigDict(
        json_schema_extra={  # the cross-field rule below, for JSON Schema readers
            "if": {"properties": {"mode": {"const": "remote_monitoring"}}, "required": ["mode"]},
            "then": {"required": ["days"], "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 30}}},
        }
    )
    kind: Literal["home_health_telecom"]
    date: dt.date
    discipline: Discipline
    mode: Literal["audio_video", "audio_only", "remote_monitoring"]
    days: int | None = Field(default=None, ge=1, le=30, description="Days monitored in the 30-day period (G0322 units)")
    minutes: int | None = Field(default=None, ge=0)
    payer: Payer = "medicare"

    @model_validator(mode="after")
    def _days(self) -> HomeHealthTelecom:
        if self.mode == "remote_monitoring" and self.days is None:
            raise ValueError("'days' is required for mode remote_monitoring (the number of days monitored)")
        return self


class TelehealthEM(_Base):
    """Professional telehealth E/M visit"""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [  # 'mdm' or 'minutes', as the validator below
                {"required": ["mdm"], "properties": {"mdm": {"type": "string"}}},
                {"required": ["minutes"], "properties": {"minutes": {"type": "integer"}}},
            ]
        }
    )
    kind: Literal["telehealth_em"]
    date: dt.date
    patient: Literal["new", "established"]
    mode: Literal["audio_video", "audio_only"]
    patient_location: Literal["home", "other"]
    payer: Payer = "medicare"
    setting: Setting = "office"
    campus: bool = Field(
        default=False,
        description="hospital_outpatient setting only: the hospital-based "
        "clinician practises in an on-campus outpatient department (POS 22); default off "
        "campus (POS 19)",
    )
    behavioral: bool = False
    mdm: Literal["straightforward", "low", "moderate", "high"] | None = None
    minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    clinician: Clinician = "physician"
    clinic: Literal["rhc", "fqhc"] | None = Field(
        default=None,
        description="rhc_fqhc setting: rural health clinic "
        "(TOB 71X, the default) or federally qualified health center "
        "(TOB 77X)",
    )

    @model_validator(mode="after")
    def _level(self) -> TelehealthEM:
        if self.mdm is None and self.minutes is None:
            raise ValueError(
                "'mdm' or 'minutes' is required: give the medical decision making "
                "(straightforward/low/moderate/high) or the total practitioner time on the date"
            )
        return self


class Interaction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: dt.datetime
    minutes: int = Field(ge=0, le=24 * 60)


def _zone_enum(schema: dict[str, Any]) -> None:
    """The JSON Schema lists the IANA zone names this machine knows (what the validator accepts)."""
    from zoneinfo import available_timezones

    for alt in schema.get("anyOf", [schema]):
        if alt.get("type") == "string":
            alt["enum"] = sorted(available_timezones())


class EVisits(_Base):
    """E-visits (patient-initiated portal messages)"""

    kind: Literal["e_visits"]
    clinician: Clinician
    payer: Payer = "medicare"
    interactions: list[Interaction] = Field(min_length=1)
    related_em_dates: list[dt.date] = Field(
        default_factory=list, description="Dates of E/M visits by the same clinician for the same problem"
    )
    other_em_dates: list[dt.date] = Field(
        default_factory=list,
        description="Dates of E/M visits by the same clinician for other "
        "problems: one inside a 7-day window still absorbs its "
        "online time",
    )
    setting: Setting = "office"
    campus: bool = Field(
        default=False,
        description="hospital_outpatient setting only: the hospital-based "
        "clinician practises in an on-campus outpatient department (POS 22); default off "
        "campus (POS 19)",
    )
    timezone: str | None = Field(
        default=None,
        description="The practice's IANA time zone (e.g. America/Chicago): "
        "timestamps with an offset are counted on its dates",
        json_schema_extra=lambda schema: _zone_enum(schema),
    )

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except Exception:  # noqa: BLE001 - any failure means an unusable zone name
            raise ValueError(f"'{v}' is not an IANA time zone name (e.g. America/New_York)") from None
        return v

    def local_date(self, at: dt.datetime) -> dt.date:
        """The practice's date of a timestamp: as written without an offset, else in ``timezone``."""
        if at.tzinfo is None or self.timezone is None:
            return at.date()
        from zoneinfo import ZoneInfo

        return at.astimezone(ZoneInfo(self.timezone)).date()


class _CheckIn(_Base):
    date: dt.date
    clinician: Clinician
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    payer: Payer = "medicare"
    patient: Literal["new", "established"] = "established"
    setting: Setting = "office"
    campus: bool = Field(
        default=False,
        description="hospital_outpatient setting only: the hospital-based "
        "clinician practises in an on-campus outpatient department (POS 22); default off "
        "campus (POS 19)",
    )
    related_em_within_7_days: bool = False
    leads_to_em_soon: bool = False


class VirtualCheckIn(_CheckIn):
    """Virtual check-in"""

    kind: Literal["virtual_check_in"]
    minutes: int = Field(ge=0, le=24 * 60, description="The clinician's discussion time")


class RemoteEvaluation(_CheckIn):
    """Remote evaluation of recorded images or video"""

    kind: Literal["remote_evaluation"]


class _Monitoring(_Base):
    month: str = Field(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")
    period_start: dt.date | None = None
    days_with_data: int = Field(ge=0, le=30, description="Days with device data in the 30-day period")
    management_minutes: int = Field(default=0, ge=0, le=24 * 60)
    interactive: bool = False
    payer: Payer = "medicare"
    clinician: Clinician = "physician"
    setting: Setting = "office"
    campus: bool = Field(
        default=False,
        description="hospital_outpatient setting only: the hospital-based "
        "clinician practises in an on-campus outpatient department (POS 22); default off "
        "campus (POS 19)",
    )
    setup: bool = Field(
        default=False, description="Device set-up and education done in this episode, not billed before"
    )

    @property
    def month_start(self) -> dt.date:
        y, m = self.month.split("-")
        return dt.date(int(y), int(m), 1)


class RPM(_Monitoring):
    """Remote physiologic monitoring (RPM) month"""

    kind: Literal["rpm"]


class RTM(_Monitoring):
    """Remote therapeutic monitoring (RTM) month"""

    kind: Literal["rtm"]
    device: Literal["respiratory", "musculoskeletal", "cbt"]


Encounter = Annotated[
    HomeHealthVisit | HomeHealthTelecom | TelehealthEM | EVisits | VirtualCheckIn | RemoteEvaluation | RPM | RTM,
    Field(discriminator="kind"),
]


def _adapter() -> TypeAdapter[Any]:
    """The validator of ``Encounter`` (built on first use: building it compiles every kind's schema)."""
    global _ADAPTER
    if _ADAPTER is None:
        _ADAPTER = TypeAdapter(Encounter)
    return _ADAPTER


_ADAPTER: TypeAdapter[Any] | None = None


_PATTERN_HINTS = {
    "/month": "write the month as YYYY-MM (e.g. 2026-03)",
    "/payer": "a payer profile name such as medicare or commercial (letters, digits, underscores)",
}


def _integral(v: Any) -> Any:
    """129.0 is the integer 129 (as JSON Schema counts it); other values are left as they are."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return {k: _integral(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_integral(x) for x in v]
    return v


def parse_encounter(obj: Any, where: str = "encounter") -> Any:
    """Validate one encounter object; raise ``InputError`` naming the field on bad input."""
    from pydantic import ValidationError

    if not isinstance(obj, dict):
        raise InputError(
            f"{where}: an encounter is a JSON object with 'kind' and its facts, not {type(obj).__name__}.",
            code="invalid_encounter",
            pointer="/",
        )
    kind = obj.get("kind")
    if kind is None:
        raise InputError(
            f"{where}: field /kind is missing; use one of: {', '.join(KINDS)}.",
            code="invalid_encounter",
            pointer="/kind",
        )
    norm = _canon(kind)
    if norm not in KINDS:
        raise InputError(
            f"{where}: field /kind {kind!r} is not a known encounter kind; use one of: {', '.join(KINDS)}.",
            code="unknown_encounter_kind",
            pointer="/kind",
            value=kind if isinstance(kind, (str, int, float, bool)) else str(kind)[:80],
        )
    obj = {**obj, "kind": norm}
    try:
        # strict, as JSON: 0 is not a boolean and "12" not a number (what the JSON Schema says)
        return _adapter().validate_json(json.dumps(_integral(obj), default=str), strict=True)
    except ValidationError as exc:
        problems = [_problem(err, norm) for err in exc.errors()]
        first = problems[0]
        text = "; ".join(p["message"] for p in problems)
        raise InputError(
            f"{where}: {text}." if len(problems) == 1 else f"{where}: {len(problems)} problems: {text}.",
            code="invalid_encounter",
            pointer=first["pointer"],
            value=first.get("value"),
            problems=problems,
        ) from None


def _problem(err: Any, norm: str) -> dict[str, Any]:
    """One validation problem as ``{"pointer", "message", "value"}`` (message names the field)."""
    loc = [p for p in err["loc"] if p != norm]
    path = "/" + "/".join(str(p) for p in loc)
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if path == "/" and msg.startswith("'"):
        path = "/" + msg.split("'")[1]
    if err["type"] == "string_pattern_mismatch":
        msg = _PATTERN_HINTS.get(path, msg)
    if err["type"] == "missing":
        msg = "required for kind " + norm
    elif err["type"] == "extra_forbidden":
        msg = "not a fact of kind " + norm + " (check the spelling)"
    value = err.get("input")
    if isinstance(value, dict):  # a check across facts: its input is the whole encounter, not a value
        value = None
    shown = f" {value!r}" if err["type"] not in ("missing",) and isinstance(value, (str, int, float, bool)) else ""
    out: dict[str, Any] = {"pointer": path, "message": f"field {path}{shown}: {msg}"}
    if err["type"] != "missing" and value is not None:
        out["value"] = value if isinstance(value, (str, int, float, bool)) else str(value)[:80]
    return out


def json_schema() -> dict[str, Any]:
    """JSON Schema of the encounter object (one of the kinds, told apart by ``kind``)."""
    schema = _adapter().json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "teleclaim encounter"
    return schema
