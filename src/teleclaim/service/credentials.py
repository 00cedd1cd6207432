"""Use cases of the credentials feature (issue 15), shared by the CLI, the API and the web pages.

- ``import_roster``: a JSON or CSV roster file into the store (all or nothing; re-import replaces
  each clinician's entry and keeps an audit row);
- ``list_clinicians``, ``show_clinician``, ``expiring_items``: read the stored roster;
- ``load_index``: the roster a check or an answer uses (``--roster FILE``, else the store's, else None);
- ``can_treat_answer``: the ``can-treat`` contract object;
- ``import_order_referring``: the CMS Order and Referring file into the store;
- ``treat_map``: per state, whether and how a clinician may treat on a day (the web map).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from teleclaim.clock import today as today  # re-exported for the faces
from teleclaim.credentials import (
    MODES,
    Clinician,
    Compacts,
    RosterIndex,
    can_treat,
    expiring,
    npi_problem,
    read_roster,
)
from teleclaim.credentials import (
    roster_json_schema as roster_json_schema,  # re-exported (`schema roster`)
)
from teleclaim.credentials.ordering import looks_like_order_referring as looks_like_order_referring  # re-exported
from teleclaim.credentials.roster import STATES
from teleclaim.errors import InputError, NotFoundError

LAPSE_WINDOW = 60  # days the roster page looks ahead


def _store(settings: Any) -> Any:
    from teleclaim.store import open_store

    return open_store(settings)


def _roster_store(settings: Any) -> Any:
    from teleclaim.store.credentials import RosterStore

    return RosterStore(_store(settings))


def compacts_of(settings: Any) -> Compacts:
    where = settings.files[-1] if getattr(settings, "files", None) else "teleclaim.toml"
    return Compacts.from_settings(getattr(settings, "raw", None), where=where)


def import_roster(settings: Any, path: Path, name: str | None = None, key_name: str | None = None) -> dict[str, Any]:
    name = name or str(path)
    roster = read_roster(path, name)  # raises InputError with file/line/field/value; nothing is stored then
    actions = _roster_store(settings).replace(roster.clinicians, Path(name).name, key_name=key_name)
    added = sum(1 for a in actions if a["action"] == "added")
    return {
        "source": name,
        "clinicians": len(actions),
        "added": added,
        "replaced": len(actions) - added,
        "npis": actions,
    }


def _ref_day(on: dt.date | None) -> dt.date:
    return on or today()


def status_of(c: Clinician, on: dt.date) -> dict[str, Any]:
    """A chip: ``active`` (a license valid on the day, nothing lapsing within 60 days), ``lapsing``,
    ``lapsed`` (no license valid on the day) or ``no_license``."""
    valid = [lic for lic in c.licenses if lic.valid_on(on)]
    soon = [it for it in expiring([c], on, LAPSE_WINDOW) if it["days_left"] >= 0]
    if not c.licenses:
        chip = "no_license"
    elif not valid:
        chip = "lapsed"
    elif soon:
        chip = "lapsing"
    else:
        chip = "active"
    return {"status": chip, "states": sorted({lic.state for lic in valid}), "lapsing": soon}


def summary(c: Clinician, on: dt.date) -> dict[str, Any]:
    st = status_of(c, on)
    return {
        "npi": c.npi,
        "name": c.name,
        "profession": c.profession,
        "taxonomy": c.taxonomy,
        "status": st["status"],
        "licensed_states": st["states"],
        "licenses": len(c.licenses),
        "compact_privileges": len(c.compact_privileges),
        "enrollments": [e.payer for e in c.enrollments],
        "next_lapse": st["lapsing"][0] if st["lapsing"] else None,
    }


def list_clinicians(settings: Any, on: dt.date | None = None) -> dict[str, Any]:
    day = _ref_day(on)
    cl = _roster_store(settings).clinicians()
    return {
        "on": day.isoformat(),
        "count": len(cl),
        "clinicians": [summary(c, day) for c in cl],
        "lapsing": [it for it in expiring(cl, day, LAPSE_WINDOW) if it["days_left"] >= 0],
    }


def show_clinician(settings: Any, npi: str, on: dt.date | None = None) -> dict[str, Any]:
    rs = _roster_store(settings)
    c = rs.clinician(npi.strip())
    if c is None:
        why = npi_problem(npi.strip())
        raise NotFoundError(
            f"NPI {npi} is not on the roster"
            + (f" ({why})" if why else "")
            + "; `teleclaim clinicians list` shows who is.",
            code="clinician_not_found",
            value=npi,
        )
    day = _ref_day(on)
    return {
        "clinician": c.to_json(),
        "summary": summary(c, day),
        "imported": rs.imported(c.npi),
        "audit": rs.audit(c.npi),
    }


def expiring_items(settings: Any, within: int, on: dt.date | None = None) -> dict[str, Any]:
    if within < 0:
        raise InputError(
            f"--within {within}: give a number of days, 0 or more.",
            code="invalid_option",
            option="--within",
            value=str(within),
        )
    day = _ref_day(on)
    items = expiring(_roster_store(settings).clinicians(), day, within)
    return {"on": day.isoformat(), "within": within, "items": items}


def load_index(
    settings: Any, roster_file: Path | None = None, *, name: str | None = None, use_store: bool = True
) -> RosterIndex | None:
    """The roster of a run: the file given, else the store's when it holds one, else None."""
    compacts = compacts_of(settings)
    if roster_file is not None:
        roster = read_roster(Path(roster_file), name or str(roster_file))
        return RosterIndex(
            roster, source=name or str(roster_file), compacts=compacts, ordering=_stored_ordering(settings)
        )
    if not use_store or not _store_exists(settings):
        return None
    rs = _roster_store(settings)
    key = (str(settings.get("store.url") or settings.store_path), rs.version(), id(compacts))
    hit = _INDEX_CACHE.get(key[0])
    if hit is not None and hit[0] == key:
        return hit[1]
    if rs.count() == 0:
        orl = rs.order_referring()
        idx = RosterIndex([], source="store", compacts=compacts, ordering=orl) if orl else None
    else:
        idx = RosterIndex(rs.clinicians(), source="store roster", compacts=compacts, ordering=rs.order_referring())
    _INDEX_CACHE[key[0]] = (key, idx)
    return idx


#: store path -> ((path, roster version, compacts), index): a long-running server re-reads the roster
#: only after an import (the version changes), not on every check.
_INDEX_CACHE: dict[str, tuple[Any, Any]] = {}


def _store_exists(settings: Any) -> bool:
    if settings.get("store.url"):
        return True  # the shared PostgreSQL store: the roster lives there
    p = settings.store_path
    return Path(p).is_file()


def _stored_ordering(settings: Any) -> Any:
    if not _store_exists(settings):
        return None
    return _roster_store(settings).order_referring()


def validate_mode(mode: str) -> str:
    if mode not in MODES:
        raise InputError(
            f"--mode {mode!r}: use telehealth or in_person.", code="invalid_option", option="--mode", value=mode
        )
    return mode


def validate_query(state: str, mode: str) -> str:
    st = (state or "").strip().upper()
    if st not in STATES:
        raise InputError(
            f"--state {state!r}: not a USPS state or territory code (e.g. TX, DC, PR).",
            code="invalid_option",
            option="--state",
            value=state,
        )
    validate_mode(mode)
    return st


def can_treat_answer(
    settings: Any,
    npi: str,
    state: str,
    on: dt.date,
    payer: str | None = None,
    mode: str = "telehealth",
    roster_file: Path | None = None,
    index: RosterIndex | None = None,
) -> dict[str, Any]:
    st = validate_query(state, mode)
    idx = index or load_index(settings, roster_file)
    if idx is None:
        raise InputError(
            "no roster: import one with `teleclaim clinicians import FILE`, or give --roster FILE.", code="no_roster"
        )
    return can_treat(idx, npi.strip(), st, on, payer=payer, mode=mode)


def treat_map(
    settings: Any,
    npi: str,
    on: dt.date,
    mode: str = "telehealth",
    payer: str | None = None,
    index: RosterIndex | None = None,
) -> dict[str, Any]:
    """Per state (50 + DC): how the clinician may treat there on ``on`` (license, compact or not)."""
    idx = index or load_index(settings)
    if idx is None or idx.get(npi) is None:
        raise NotFoundError(f"NPI {npi} is not on the roster.", code="clinician_not_found", value=npi)
    out = []
    for st in MAP_STATES:
        a = can_treat(idx, npi, st, on, payer=payer, mode=mode)
        kinds = [b["kind"] for b in a["basis"] if b["kind"] != "enrollment"]
        how = "license" if "license" in kinds else "compact" if kinds else "none"
        out.append(
            {
                "state": st,
                "allowed": a["allowed"],
                "how": how,
                "basis": a["basis"],
                "problems": a["problems"],
                "warnings": a["warnings"],
            }
        )
    return {"npi": npi, "on": on.isoformat(), "mode": mode, "payer": payer, "states": out}


def import_order_referring(settings: Any, path: Path, name: str | None = None) -> dict[str, Any]:
    from teleclaim.credentials.ordering import parse_order_referring

    orl = parse_order_referring(path, name)
    n = _roster_store(settings).replace_order_referring(orl)
    return {
        "kind": "order_referring",
        "source": orl.source,
        "released": orl.released.isoformat() if orl.released else None,
        "records": n,
        "hha": sum(1 for f in orl.npis.values() if f.get("hha")),
    }


MAP_STATES = tuple(sorted(STATES - {"PR", "VI", "GU", "MP", "AS"}))
