"""The curated code sets shipped in the package (``refdata/data/*.yaml``), loaded in memory.

``curated()`` is what the rules use (fast dict look-ups by system and code, dates as ``date``);
``index_entries()`` turns the same data into the rows the store indexes for look-up and search.
Files: one per system (see ``schema.py``), ``sources*.yaml`` (source registry), and
``hcpcs_fields.yaml`` (decode tables, not a code set).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from teleclaim._version import __version__
from teleclaim.errors import DataError

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

NOT_CODE_SETS = {"hcpcs_fields.yaml", "payers.yaml"}


def data_dir() -> Traversable:
    return files("teleclaim.refdata") / "data"


def _code_set_files() -> list[Traversable]:
    return sorted(
        (
            f
            for f in data_dir().iterdir()
            if f.name.endswith(".yaml") and not f.name.startswith("sources") and f.name not in NOT_CODE_SETS
        ),
        key=lambda f: f.name,
    )


def _source_files() -> list[Traversable]:
    return sorted(
        (f for f in data_dir().iterdir() if f.name.startswith("sources") and f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )


def fingerprint() -> str:
    """Hash of every curated data file (and the package version): changes when the data does."""
    h = hashlib.sha256(__version__.encode())
    for f in _code_set_files() + _source_files():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _load_yaml(f: Traversable) -> Any:
    try:
        return yaml.load(f.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            f"curated data file {f.name} is not valid YAML"
            + (f" at line {mark.line + 1}" if mark else "")
            + f": {exc}",
            file=f.name,
            line=(mark.line + 1) if mark else None,
        ) from None


@cache
def sources() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in _source_files():
        for s in (_load_yaml(f) or {}).get("sources", []):
            out[s["id"]] = s
    return out


def iter_raw_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, entry dict with ``system`` filled in) for every curated entry."""
    for f in _code_set_files():
        doc = _load_yaml(f) or {}
        system = doc.get("system")
        if not system:
            raise DataError(f"curated data file {f.name} has no 'system:' key", file=f.name)
        for e in doc.get("entries") or []:
            e = dict(e)
            e["system"] = system
            e["code"] = str(e.get("code", "")).strip().upper()
            yield f.name, e


def validate_all() -> list[Any]:
    """Validate every entry against the schema (used when compiling the index and by tests)."""
    from pydantic import ValidationError

    from teleclaim.refdata.schema import CodeEntry

    known = sources()
    out = []
    for fname, e in iter_raw_entries():
        try:
            entry = CodeEntry.model_validate(e)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DataError(
                f"curated data file {fname}, code {e.get('code')!r}: field "
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                file=fname,
                value=e.get("code"),
            ) from None
        for s in entry.sources:
            if s.id not in known:
                raise DataError(
                    f"curated data file {fname}, code {entry.code}: unknown source id {s.id!r}", file=fname, value=s.id
                )
        out.append(entry)
    return out


_MISS: Any = object()


class CuratedSets:
    """In-memory curated entries keyed by (system, code). Dates are ``datetime.date``."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self._by_system: dict[str, list[dict[str, Any]]] = {}
        #: (system, code as asked) -> the entry's (effective_from, effective_to), None when unknown
        self._windows: dict[tuple[str, str | None], tuple[dt.date | None, dt.date | None] | None] = {}
        for e in entries:
            self._by_key[(e["system"], e["code"])] = e
            self._by_system.setdefault(e["system"], []).append(e)

    def get(self, system: str, code: str | None) -> dict[str, Any] | None:
        if code is None:
            return None
        return self._by_key.get((system, code.strip().upper()))

    def valid_on(self, system: str, code: str | None, on: dt.date) -> bool | None:
        """Whether the code is in effect on the date (None: not a curated code). Asked for every
        line of every claim, so the window of each (system, code) is looked up once."""
        key = (system, code)
        w = self._windows.get(key, _MISS)
        if w is _MISS:
            w = self.window(system, code)
        if w is None:
            return None
        start, end = w
        return (start is None or start <= on) and (end is None or on <= end)

    def window(self, system: str, code: str | None) -> tuple[dt.date | None, dt.date | None] | None:
        """(effective_from, effective_to) of a curated code (None: open), None when it is not curated."""
        key = (system, code)
        w = self._windows.get(key, _MISS)
        if w is _MISS:
            e = self.get(system, code)
            w = None if e is None else (e.get("effective_from"), e.get("effective_to"))
            if len(self._windows) < 65536:  # bounded: a run asks about few codes
                self._windows[key] = w
        return w  # type: ignore[no-any-return]

    def entries(self, system: str) -> list[dict[str, Any]]:
        return list(self._by_system.get(system, []))

    def __len__(self) -> int:
        return len(self._by_key)


def window_contains(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


@cache
def curated() -> CuratedSets:
    entries = []
    for _fname, e in iter_raw_entries():
        for k in ("effective_from", "effective_to"):
            v = e.get(k)
            if isinstance(v, str):
                e[k] = dt.date.fromisoformat(v)
        e.setdefault("companion", {})
        entries.append(e)
    return CuratedSets(entries)


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def index_entries() -> list[dict[str, Any]]:
    """Validated curated entries as the JSON-ready dicts the store indexes."""
    known = sources()
    out = []
    for entry in validate_all():
        d = entry.model_dump(mode="json")
        d["origin"] = "curated"
        d["sources"] = [
            {
                "id": s["id"],
                "title": known[s["id"]].get("title"),
                "url": known[s["id"]].get("url"),
                **({"section": s["section"]} if s.get("section") else {}),
            }
            for s in d["sources"]
        ]
        d["search_codes"] = " ".join(_code_variants(d["system"], d["code"]))
        d["search_synonyms"] = " ; ".join(d.get("synonyms") or [])
        d["search_body"] = " ".join(
            x for x in [d.get("description"), d.get("billing_context"), *(d.get("notes") or [])] if x
        )
        out.append(d)
    return out


def _code_variants(system: str, code: str) -> list[str]:
    v = [code]
    if system == "tob" and len(code) == 3:
        v.append("0" + code)
    return v
