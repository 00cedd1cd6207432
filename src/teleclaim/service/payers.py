"""Payer profiles, resolved once: the shipped profiles plus the user's ``[profiles]``/``[payers]``.

Every use case that judges by payer (check, suggest, the ``payers`` listing) takes its profiles
from ``profiles_from(settings)``; an unknown forced profile (``--payer``, ``?payer=``) is refused
here, naming the option or parameter it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teleclaim.refdata.payers import Profile, Profiles

if TYPE_CHECKING:
    from teleclaim.settings import Settings


def config_file(settings: Settings) -> str:
    """Where the settings came from, for messages (the last file read, else teleclaim.toml)."""
    return str(settings.files[-1]) if getattr(settings, "files", None) else "teleclaim.toml"


def profiles_from(
    settings: Settings, *, forced: str | None = None, option: str = "payer", where: str | None = None
) -> Profiles:
    """The profiles in force; with ``forced``, every claim is judged by that one (refused when unknown,
    the message naming ``option``)."""
    where = where or config_file(settings)
    if forced:
        Profiles(settings.raw, where=where).profile(forced, where=option)
    return Profiles(settings.raw, forced=forced, where=where)


def profile_rows(profiles: Profiles) -> list[dict[str, Any]]:
    """One row per profile: name, label, family, example."""
    out = []
    for n in profiles.names():
        p = profiles.profile(n)
        out.append({"name": n, "label": p.label, "family": p.family, "example": p.example})
    return out


def mapping(profiles: Profiles) -> dict[str, Any]:
    """How claims map to profiles: the default, payer ids, claim filing indicators (SBR09)."""
    return {
        "default": profiles.default,
        "payer_ids": dict(profiles.by_payer),
        "filing_indicators": dict(profiles.filing),
    }


def profile_named(profiles: Profiles, name: str, *, where: str = "payer profile") -> Profile:
    return profiles.profile(name, where=where)
