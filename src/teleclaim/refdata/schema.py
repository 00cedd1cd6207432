"""Schema of the curated code-set files in ``refdata/data/*.yaml`` (validated when compiled).

One YAML file per system (``hcpcs.yaml``, ``cpt.yaml``, ``modifier.yaml``, ``pos.yaml``,
``tob.yaml``, ``revenue.yaml``, ``condition.yaml``, ``occurrence.yaml``, ``occurrence_span.yaml``,
``value.yaml``, ``patient_status.yaml``, ``point_of_origin.yaml``, ``admission_type.yaml``)::

    system: hcpcs
    entries:
      - code: G0321
        name: Home health visit by audio-only telephone          # short name, our own words
        description: >-                                           # plain language, our own words
          ...
        synonyms: [nurse phone call from the agency, ...]        # lay terms a biller would type
        billing_context: >-
          ...
        effective_from: 2023-01-01       # first valid day, or null when older than our sources
        effective_to: null               # last valid day, inclusive; null while active
        sources: [S4, {id: S1, section: "HCPCS table"}]
        related: [G0320, G0322]
        companion:                       # optional requirements that travel with the code
          revenue_codes: [042X, 043X, 044X, 055X, 056X, 057X]
          bill_types: [32X]
          units: 1 per service, not 15-minute increments
        admin:                           # HCPCS only: raw record fields, decoded at look-up
          pricing: ["13"]
          multiple_pricing: A
          coverage: C
          betos: Z2
          action: N
          tos: ["1"]
          added: 2023-01-01
        notes: [...]                     # further dated facts, our words
        confidence: V                    # V / V2 / I as in rules.md

Source ids (``S1``...) are declared once in ``sources.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from teleclaim.refdata.systems import SYSTEMS as SYSTEMS  # re-exported
from teleclaim.refdata.systems import System as System  # re-exported


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    section: str | None = None


class Admin(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pricing: list[str] = Field(default_factory=list)
    multiple_pricing: str | None = None
    coverage: str | None = None
    betos: str | None = None
    action: str | None = None
    tos: list[str] = Field(default_factory=list)
    added: dt.date | None = None
    action_effective: dt.date | None = None
    termination: dt.date | None = None


class CodeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    system: System
    name: str = Field(min_length=3, max_length=120)
    description: str = Field(min_length=10)
    synonyms: list[str] = Field(default_factory=list)
    billing_context: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    sources: list[SourceRef] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)
    companion: dict[str, object] = Field(default_factory=dict)
    admin: Admin | None = None
    notes: list[str] = Field(default_factory=list)
    confidence: Literal["V", "V2", "I"] = "V"

    @field_validator("sources", mode="before")
    @classmethod
    def _sources(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"id": s} if isinstance(s, str) else s for s in v]
        return v

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        v = v.strip().upper()
        if not v or " " in v:
            raise ValueError("code must be a non-empty token")
        return v

    @model_validator(mode="after")
    def _window(self) -> CodeEntry:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValueError(f"{self.code}: effective_to {self.effective_to} is before effective_from")
        return self


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    url: str | None = None
    confidence: Literal["V", "V2", "I"] | None = None
