"""Payer profiles: how each payer treats telehealth by date of service, as DATA.

The shipped profiles live in ``refdata/data/payers.yaml`` (Medicare by date of service, a generic
commercial payer, an EXAMPLE state Medicaid). Users add or override profiles in ``teleclaim.toml``
without a code change::

    [profiles]
    default = "medicare"            # profile of claims nothing else maps
    [profiles.acme_ppo]
    extends = "commercial"          # start from a shipped (or earlier user) profile
    label = "ACME PPO"
    video_modifier = "GT"
    [payers.ACME01]                 # payer id on the claim (2010BB NM109)
    profile = "acme_ppo"

A claim's profile: the ``--payer`` option, else the payer-id mapping, else a payer id that is a
profile's own name (``MEDICARE``, ``COMMERCIAL``: what ``suggest --claim`` writes), else the claim filing
indicator (SBR09: MA/MB -> medicare, CI/BL/HM/MC ... -> commercial), else the default.
The telehealth edits and ``teleclaim.select`` ask the profile questions (``home_allowed``,
``not_payable``, ...) instead of hard-coding payer policy.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from teleclaim.errors import DataError, InputError

D = dt.date


def _day(v: Any, where: str) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise InputError(
            f"{where}: {v!r} is not a date (use YYYY-MM-DD).", code="invalid_config", value=str(v)
        ) from None


def _within(win: dict[str, Any] | None, day: dt.date) -> bool:
    if not win:
        return False
    start, end = win.get("from"), win.get("to")
    return (start is None or start <= day) and (end is None or day <= end)


def code_range(spec: str) -> tuple[str, str]:
    a, _, b = str(spec).partition("-")
    return a.strip().upper(), (b or a).strip().upper()


def in_range(code: str, spec: str) -> bool:
    lo, hi = code_range(spec)
    return len(code) == len(lo) and lo <= code.upper() <= hi


_MEMO_MAX = 65536  # answers a profile keeps (a long-running server must not grow without end)


@dataclass(frozen=True)
class Profile:
    """One payer profile (read-only). ``data`` holds every field of payers.yaml for the profile."""

    name: str
    data: dict[str, Any] = field(hash=False, compare=False)

    def __post_init__(self) -> None:
        # answers of the per-line look-ups (not_payable, home_allowed), by their arguments: the
        # data is read-only, and a run asks the same few questions for thousands of lines
        object.__setattr__(self, "_memo", {})

    @property
    def label(self) -> str:
        return str(self.data.get("label") or self.name)

    @property
    def family(self) -> str:
        return str(self.data.get("family") or "commercial")

    @property
    def example(self) -> bool:
        return bool(self.data.get("example"))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    # -- place of service and modifiers -------------------------------------------------------------
    def telehealth_pos_from(self, pos: str) -> dt.date | None:
        return (self.data.get("telehealth_pos") or {}).get(pos)

    def phe_method(self, day: dt.date) -> bool:
        """True on days the payer took telehealth as in-person POS + 95 (Medicare PHE method)."""
        return _within(self.data.get("phe_method"), day)

    def gt_allowed(self, day: dt.date) -> bool:
        return _within(self.data.get("gt_professional"), day)

    def not_payable(self, code: str, day: dt.date) -> dict[str, Any] | None:
        memo: dict[Any, Any] = self._memo  # type: ignore[attr-defined]
        key = ("not_payable", code)
        entries = memo.get(key)
        if entries is None:  # the entries whose codes hold ``code``, in order
            entries = [e for e in self.data.get("not_payable") or [] if in_range(code, e["codes"])]
            if len(memo) < _MEMO_MAX:
                memo[key] = entries
        for e in entries:
            if (e.get("from") is None or day >= e["from"]) and (e.get("to") is None or day <= e["to"]):
                return e  # type: ignore[no-any-return]
        return None

    # -- originating site and audio-only -------------------------------------------------------------
    def flexibilities_cover(self, day: dt.date) -> bool:
        """True when ``day`` is inside one of the profile's windows in which the home (any site, no
        geographic limit) may be the originating site (``home_originating_site.windows``)."""
        h = self.data.get("home_originating_site") or {"always": True}
        return bool(h.get("always")) or any(_within(w, day) for w in h.get("windows") or [])

    def phe_waivers(self) -> dict[str, Any] | None:
        """The COVID-19 public health emergency window whose waivers the profile applies (or None)."""
        return self.data.get("phe_waivers")

    def home_allowed(self, day: dt.date, behavioral: bool, as_of: dt.date) -> tuple[bool, str, str]:
        """May the patient's home be the originating site on ``day``, as known on ``as_of``?
        Returns (allowed, why, severity of a finding when not allowed)."""
        key = ("home_allowed", day, behavioral, as_of)
        memo: dict[Any, Any] = self._memo  # type: ignore[attr-defined]
        hit: tuple[bool, str, str] | None = memo.get(key)
        if hit is None:
            hit = self._home_allowed(day, behavioral, as_of)
            if len(memo) < _MEMO_MAX:
                memo[key] = hit
        return hit

    def _home_allowed(self, day: dt.date, behavioral: bool, as_of: dt.date) -> tuple[bool, str, str]:
        h = self.data.get("home_originating_site") or {"always": True}
        if h.get("always"):
            return True, f"{self.label}: the home is accepted as the patient's site", "error"
        bfrom = h.get("behavioral_from")
        if behavioral and bfrom is not None and day >= bfrom:
            return True, "behavioral/mental health telehealth to the home is permanent", "error"
        windows = h.get("windows") or []
        inside = next((w for w in windows if _within(w, day)), None)
        if inside is None:
            late = all(w.get("to") is not None and day > w["to"] for w in windows) and windows
            sev = h.get("after_windows_severity", "error") if late else "error"
            span = "; ".join(f"{w.get('from') or '…'} to {w.get('to') or 'open'}" for w in windows)
            return (
                False,
                (
                    f"{self.label}: {day} is outside the telehealth flexibilities that let the home be "
                    f"the originating site ({span})"
                ),
                sev,
            )
        for lapse in h.get("lapses") or []:
            if _within(lapse, day):
                cured = lapse.get("cured")
                if cured is None or as_of < cured:
                    return (
                        False,
                        (
                            f"{self.label}: the flexibilities lapsed {lapse['from']} to {lapse['to']}; "
                            f"as of {as_of} the lapse was not cured"
                            + (f" (it was cured retroactively on {cured})" if cured else "")
                        ),
                        "error",
                    )
                return (
                    True,
                    (
                        f"{day} fell in the {lapse['from']}–{lapse['to']} lapse, cured retroactively on "
                        f"{cured} (judged as of {as_of})"
                    ),
                    "error",
                )
        return True, f"{self.label}: the telehealth flexibilities cover {day}", "error"

    def audio_only_em(self, day: dt.date, at_home: bool, behavioral: bool) -> tuple[bool, str]:
        """May an office E/M (99202-99215) be paid as audio-only (93/FQ) on ``day``?"""
        a = self.data.get("audio_only_em") or {}
        if a.get("never"):
            return False, f"{self.label} does not pay audio-only E/M"
        if a.get("requires_home") and not at_home:
            return False, f"{self.label} pays audio-only telehealth only with the patient at home (POS 10)"
        if behavioral and a.get("behavioral_from") and day >= a["behavioral_from"]:
            return True, "audio-only behavioral/mental health"
        if a.get("home_from") and day >= a["home_from"]:
            return True, f"{self.label} pays audio-only E/M from {a['home_from']}"
        start = a.get("home_from") or a.get("behavioral_from")
        return False, (
            f"{self.label} paid audio-only E/M on {day} only for behavioral health"
            + (f" (other services from {a['home_from']})" if a.get("home_from") else "")
            if start
            else f"{self.label} does not pay audio-only E/M"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "family": self.family,
            "example": self.example,
            **{k: v for k, v in self.data.items() if k not in ("label", "family", "example")},
        }


_DATE_KEYS = {"from", "to", "cured", "behavioral_from", "home_from", "pos_10_systems_from", "e_visit_g_codes_to"}


def _dates(obj: Any, where: str) -> Any:
    """Dates in nested profile data (TOML and YAML give dates; strings are parsed)."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in _DATE_KEYS or (k in ("02", "10") and v is not None):
                out[k] = _day(v, f"{where}.{k}")
            else:
                out[k] = _dates(v, f"{where}.{k}")
        return out
    if isinstance(obj, list):
        return [_dates(v, where) for v in obj]
    return obj


@cache
def _shipped() -> dict[str, Any]:
    try:
        text = resources.files("teleclaim.refdata").joinpath("data", "payers.yaml").read_text("utf-8")
        raw: dict[str, Any] = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(
            f"the shipped payer profiles (refdata/data/payers.yaml) cannot be read: {exc}",
            code="payer_profiles_unreadable",
        ) from None
    raw["profiles"] = {k: _dates(v, f"payers.yaml {k}") for k, v in raw["profiles"].items()}
    return raw


class Profiles:
    """The profiles in force: shipped ones plus the user's ``[profiles]`` and ``[payers]`` tables."""

    def __init__(
        self, config: dict[str, Any] | None = None, *, forced: str | None = None, where: str = "teleclaim.toml"
    ) -> None:
        base = _shipped()
        self.data: dict[str, dict[str, Any]] = copy.deepcopy(base["profiles"])
        self.filing: dict[str, str] = dict(base.get("filing_indicators") or {})
        self.default: str = base.get("default", "medicare")
        cfg = config or {}
        user = cfg.get("profiles") or {}
        keys = set().union(*(p.keys() for p in self.data.values()))
        for name, table in user.items():
            if name == "default":
                self.default = str(table)
                continue
            if not isinstance(table, dict):
                raise InputError(f"{where}: [profiles.{name}] must be a table.", code="invalid_config")
            parent = str(table.get("extends") or (name if name in self.data else "commercial"))
            if parent not in self.data:
                raise InputError(
                    f"{where}: [profiles.{name}] extends unknown profile {parent!r}; known: {', '.join(self.data)}.",
                    code="invalid_config",
                    value=parent,
                )
            merged = copy.deepcopy(self.data[parent])
            for k, v in table.items():
                if k == "extends":
                    continue
                if k not in keys:
                    close = difflib.get_close_matches(k, sorted(keys), n=1)
                    raise InputError(
                        f"{where}: [profiles.{name}] has unknown setting {k!r}"
                        + (f"; did you mean {close[0]!r}?" if close else "."),
                        code="invalid_config",
                        value=k,
                    )
                merged[k] = _dates(v, f"{where} [profiles.{name}].{k}")
            merged["example"] = bool(table.get("example", False))
            if name != parent:
                merged["extends"] = parent
                if "label" not in table:
                    merged["label"] = name  # its own name in `payers` and findings, not the parent's label
            self.data[name] = merged
        self.by_payer: dict[str, str] = {}
        for pid, table in (cfg.get("payers") or {}).items():
            if isinstance(table, dict) and table.get("profile"):
                self.by_payer[str(pid)] = str(table["profile"])
        for n in [self.default, forced, *self.by_payer.values()]:
            if n is not None:
                self.profile(n, where=where)
        self.forced = forced
        self._cache: dict[tuple[str | None, str | None], Profile] = {}

    def names(self) -> list[str]:
        return list(self.data)

    def profile(self, name: str, *, where: str = "payer profile") -> Profile:
        key = str(name).strip().lower()
        if key not in self.data:
            close = difflib.get_close_matches(key, self.names(), n=2)
            raise InputError(
                f"{where}: unknown payer profile {name!r}; known: {', '.join(self.names())}"
                + (f" (did you mean {', '.join(close)}?)" if close else "")
                + ".",
                code="unknown_payer_profile",
                value=str(name),
                suggestions=[{"code": c} for c in close] or None,
            )
        return Profile(key, self.data[key])

    def for_claim(self, payer_id: str | None, filing: str | None) -> Profile:
        k = (payer_id, filing)
        p = self._cache.get(k)
        if p is None:
            if self.forced:
                name = self.forced
            elif payer_id is not None and payer_id in self.by_payer:
                name = self.by_payer[payer_id]
            elif payer_id is not None and payer_id.lower() in self.data:  # payer id = a profile's name
                name = payer_id.lower()
            elif filing and filing.upper() in self.filing:
                name = self.filing[filing.upper()]
            else:
                name = self.default
            p = self._cache[k] = self.profile(name)
        return p


@cache
def shipped_profiles() -> Profiles:
    return Profiles()


def profile(name: str) -> Profile:
    """A shipped profile by name (``medicare``, ``commercial``, ``medicaid_example``)."""
    return shipped_profiles().profile(name)
