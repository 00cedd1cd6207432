"""Look-up and search over the code index: "what does this code mean, and was it valid then?"

``Reference`` works on any *code index* (the SQLite store implements it; see ``CodeIndex``). It
merges, per (system, code), the curated entry (our words, billing validity from the CMS billing
instruction) with the official records of every imported HCPCS release (their own dates shown
beside). For codes we do not curate, the newest loaded release decides.

Search ranks by code, then words, synonyms and lay terms (FTS5 bm25 with field weights), and
tolerates typos by expanding a word that matches nothing to the closest indexed words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from teleclaim.clock import today as clock_today
from teleclaim.errors import InputError, NotFoundError
from teleclaim.refdata.systems import SYSTEMS
from teleclaim.text import digits

Today = Callable[[], dt.date]


class CodeIndex(Protocol):
    def entries_for(self, codes: Sequence[str]) -> list[dict[str, Any]]: ...
    def entries_by_ids(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]: ...
    def fts(self, match: str, limit: int) -> list[tuple[int, float]]: ...
    def codes_with_prefix(self, prefix: str, limit: int) -> list[int]: ...
    def vocabulary(self) -> list[str]: ...
    def all_codes(self) -> list[str]: ...
    def releases(self) -> list[dict[str, Any]]: ...
    def release(self, release_id: str) -> dict[str, Any] | None: ...
    def replace_release(self, meta: dict[str, Any], entries: Any) -> int: ...


_WORD = re.compile(r"[0-9a-z]+")
_CODE_CHARS = re.compile(r"^[0-9A-Z]{1,7}$")


def ensure_curated(index: CodeIndex) -> None:
    """Compile the curated data into the index when it is missing or out of date (first use)."""
    from teleclaim.refdata import curated

    fp = curated.fingerprint()
    meta = index.release("curated")
    if meta and meta.get("source_sha256") == fp:
        return
    index.replace_release(
        {
            "id": "curated",
            "kind": "curated",
            "label": "teleclaim curated code sets",
            "source": "teleclaim package data",
            "source_sha256": fp,
        },
        curated.index_entries(),
    )


def check_system(system: str | None) -> str | None:
    if system is None:
        return None
    s = system.strip().lower().replace("-", "_")
    if s not in SYSTEMS:
        raise InputError(
            f"system {system!r}: unknown code system; use one of: {', '.join(SYSTEMS)}.",
            code="invalid_option",
            parameter="system",
            value=system,
        )
    return s


def code_candidates(raw: str) -> list[str]:
    """The spellings a user may type for one code: '0329' -> TOB 329, '551' -> revenue 0551 ..."""
    c = re.sub(r"[\s\-.]", "", raw.strip().upper())
    out = [c]
    if len(c) == 4 and c[0] == "0" and not digits(c[1:]):  # 032A -> 32A
        out.append(c[1:])
    if len(c) == 4 and c.startswith("0") and digits(c):  # 0329 could be TOB 329 or revenue 0329
        out.append(c[1:])
    if len(c) == 3 and digits(c):  # revenue 551 -> 0551
        out.append("0" + c)
    if len(c) == 1 and digits(c):  # POS/patient status 2 -> 02
        out.append("0" + c)
    return out


def _status(start: str | None, end: str | None, on: dt.date) -> str:
    if start and on < dt.date.fromisoformat(start):
        return "not_yet_valid"
    if end and on > dt.date.fromisoformat(end):
        return "ended"
    return "valid"


class Reference:
    """Look-up and search. Open once, query many times (``teleclaim.service.reference.open_reference``)."""

    def __init__(self, index: CodeIndex, today: Today = clock_today) -> None:
        self.index = index
        self.today = today
        self._vocab: list[str] | None = None
        self._vocab_by_len: dict[int, list[str]] = {}
        self._expanded: dict[str, list[str]] = {}
        self._codes: list[str] | None = None
        self._pfs: Any = ...

    # -- look-up ------------------------------------------------------------------------------
    def lookup(self, code: str, system: str | None = None, on: dt.date | None = None) -> dict[str, Any]:
        system = check_system(system)
        if not code or not code.strip():
            raise InputError("no code given: pass a code such as G0321.", code="invalid_input")
        cands = code_candidates(code)
        rows = self.index.entries_for(cands)
        if system:
            rows = [r for r in rows if r["system"] == system]
        # an exact spelling wins over a normalised one
        exact = [r for r in rows if r["code"] == cands[0]]
        rows = exact or rows
        if not rows:
            only_pfs = self._pfs_only(cands[0], system, on)
            if only_pfs is not None:
                return only_pfs
            raise NotFoundError(
                f"{code.strip()}: not found"
                + (f" in system {system}" if system else " in any code set")
                + ". Check the code, or search by words with `teleclaim search`.",
                value=code.strip(),
                system=system,
                suggestions=self.suggest(cands[0], system),
            )
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault((r["system"], r["code"]), []).append(r)
        results = [
            self._merge(rows_, on) for _, rows_ in sorted(groups.items(), key=lambda kv: SYSTEMS.index(kv[0][0]))
        ]
        if len(results) == 1:
            return results[0]
        return {
            "code": code.strip().upper(),
            "ambiguous": True,
            "on": on.isoformat() if on else None,
            "message": f"{code.strip().upper()} exists in {len(results)} code sets; pass --system to choose.",
            "matches": results,
        }

    def _merge(self, rows: list[dict[str, Any]], on: dt.date | None) -> dict[str, Any]:
        from teleclaim.refdata.decode import decode_admin

        cur = next((r for r in rows if r.get("origin") == "curated"), None)
        official = sorted(
            (r for r in rows if r.get("origin") != "curated"),
            key=lambda r: (r["_release"].get("effective") or "", r["_release"].get("loaded_at") or ""),
            reverse=True,
        )
        newest = official[0] if official else None
        main = cur or newest
        assert main is not None
        start, end = main.get("effective_from"), main.get("effective_to")
        when = on or self.today()
        status = _status(start, end, when)
        out: dict[str, Any] = {
            "code": main["code"],
            "system": main["system"],
            "name": main.get("name"),
            "effective_from": start,
            "effective_to": end,
            "on": on.isoformat() if on else None,
            "valid_on": (status == "valid") if on else None,
            "status": status if on else {"valid": "active"}.get(status, status),
            "status_text": _status_text(status, start, end, when, bool(on)),
            "validity_source": "curated" if cur else f"hcpcs release {main['_release']['id']}",  # main is newest
            "descriptions": {
                "plain": cur.get("description") if cur else None,
                "short": (newest or {}).get("official", {}).get("short_description"),
                "long": (newest or {}).get("official", {}).get("long_description"),
            },
            "synonyms": (cur or {}).get("synonyms", []),
            "billing_context": (cur or {}).get("billing_context"),
            "companion": (cur or {}).get("companion") or {},
            "related": self._related((cur or {}).get("related") or [], main["system"]),
            "notes": (cur or {}).get("notes", []),
            "confidence": (cur or {}).get("confidence"),
            "admin": None,
            "official": None,
            "releases": [],
            "sources": list((cur or {}).get("sources") or []),
        }
        admin = (cur or {}).get("admin") or (newest or {}).get("admin")
        if admin:
            out["admin"] = decode_admin({k: v for k, v in admin.items() if v not in (None, [], "")})
        if newest:
            off = newest.get("official") or {}
            out["official"] = {
                "release": newest["_release"]["id"],
                "short_description": off.get("short_description"),
                "long_description": off.get("long_description"),
                "added": off.get("added"),
                "action_effective": off.get("action_effective"),
                "termination": off.get("termination"),
                "action": off.get("action"),
                "effective_from": newest.get("effective_from"),
                "effective_to": newest.get("effective_to"),
            }
            out["releases"] = [
                {
                    "release": r["_release"]["id"],
                    "effective_from": r.get("effective_from"),
                    "effective_to": r.get("effective_to"),
                }
                for r in official
            ]
            out["sources"].append(
                {
                    "id": newest["_release"]["id"],
                    "title": f"CMS HCPCS release {newest['_release']['label']}",
                    "url": None,
                    "file": newest["_release"].get("id"),
                }
            )
        if main["system"] in ("cpt", "hcpcs"):
            out["pfs"] = self.pfs_facts(main["code"], when)
        return out

    # -- Medicare PFS facts (when a PFS release is imported) -----------------------------------
    def _pfs_index(self) -> Any:
        """The PFS index of the store, rebuilt when a release was imported or removed meanwhile (a
        server keeps one Reference while `teleclaim data import` runs elsewhere)."""
        conn = getattr(self.index, "conn", None)
        if conn is None:
            return None
        try:
            sig = conn.execute("SELECT group_concat(id || loaded_at) FROM pfs_release").fetchone()[0]
        except Exception:  # noqa: BLE001 - a store without the PFS tables
            return None
        if self._pfs is ... or self._pfs[0] != sig:
            from teleclaim.refdata.pfs import PfsIndex

            self._pfs = (sig, PfsIndex(self.index) if sig else None)
        return self._pfs[1]

    def pfs_facts(self, code: str, on: dt.date) -> dict[str, Any] | None:
        """Status, global days, PC/TC indicator and RVUs of ``code`` in the PFS release in force on
        ``on``; None when no release is imported or the release does not list the code."""
        from teleclaim.refdata.pfs import STATUS_MEANINGS

        idx = self._pfs_index()
        if idx is None:
            return None
        rel = idx.release_for(on)
        row = idx.row(code, "", on) if rel is not None else None
        if row is None:
            return None
        return {
            "release": rel.label,
            "effective": rel.effective.isoformat(),
            "note": rel.note,
            "status": row.status,
            "status_meaning": STATUS_MEANINGS.get(row.status, ""),
            "not_used_for_payment": row.not_used_for_payment,
            "global_days": row.global_days,
            "pctc": row.pctc,
            "rvus": {
                "work": str(row.work),
                "pe_nonfacility": None if row.pe_nf_na else str(row.pe_nf),
                "pe_facility": None if row.pe_f_na else str(row.pe_f),
                "mp": str(row.mp),
                "total_nonfacility": str(row.total_nf),
                "total_facility": str(row.total_f),
            },
            "conversion_factor": str(rel.cf) if rel.cf is not None else None,
            "qp_conversion_factor": str(rel.qp_cf) if rel.qp_cf is not None else None,
            "national_amount": _national(idx, code, on),
        }

    def _pfs_only(self, code: str, system: str | None, on: dt.date | None) -> dict[str, Any] | None:
        """A CPT/HCPCS code known only from an imported PFS release (no curated entry, no HCPCS file)."""
        if system not in (None, "cpt", "hcpcs"):
            return None
        when = on or self.today()
        facts = self.pfs_facts(code, when)
        if facts is None:
            return None
        sysname = "hcpcs" if code[:1].isalpha() else "cpt"
        return {
            "code": code,
            "system": sysname,
            "name": None,
            "effective_from": None,
            "effective_to": None,
            "on": on.isoformat() if on else None,
            "valid_on": True if on else None,
            "status": "valid" if on else "active",
            "status_text": f"listed in the CMS PFS release {facts['release']} in force on {when}",
            "validity_source": f"pfs release {facts['release']}",
            "descriptions": {"plain": None, "short": None, "long": None},
            "synonyms": [],
            "billing_context": None,
            "companion": {},
            "related": [],
            "notes": [
                "CPT descriptors are AMA text and are not shipped; teleclaim knows this code from the PFS release."
                if sysname == "cpt"
                else "Import an HCPCS release to see its descriptors."
            ],
            "confidence": None,
            "admin": None,
            "official": None,
            "releases": [],
            "sources": [
                {"id": facts["release"], "title": f"CMS PFS relative value release {facts['release']}", "url": None}
            ],
            "pfs": facts,
        }

    def _related(self, codes: list[str], system: str | None = None) -> list[dict[str, Any]]:
        """Each related code with its name. A code number can exist in several systems (POS 12
        "Home" and value code 12): the entry of the same system wins, then a curated one."""
        if not codes:
            return []
        best: dict[str, tuple[tuple[bool, bool], dict[str, Any]]] = {}
        for r in self.index.entries_for(codes):
            rank = (r["system"] == system, r.get("origin") == "curated")
            prev = best.get(r["code"])
            if prev is None or rank > prev[0]:
                best[r["code"]] = (rank, r)
        out = []
        for c in codes:
            hit = best.get(c)
            out.append(
                {
                    "code": c,
                    "name": (hit[1].get("name") or "") if hit else None,
                    **({"system": hit[1]["system"]} if hit else {}),
                }
            )
        return out

    def suggest(self, code: str, system: str | None = None, limit: int = 5) -> list[dict[str, Any]]:
        from rapidfuzz import fuzz, process

        if self._codes is None:
            self._codes = self.index.all_codes()
        up = code.upper()
        hits = process.extract(up, self._codes, scorer=fuzz.ratio, limit=limit * 6, score_cutoff=50)
        # prefer codes of the same length and shape (a G-code for a G-code, five digits for five digits)
        hits.sort(
            key=lambda h: (
                -(
                    h[1]
                    + (10 if len(h[0]) == len(up) else 0)
                    + (15 if h[0][:1] == up[:1] else 0)
                    + (10 if h[0][:1].isalpha() == up[:1].isalpha() else 0)
                ),
                h[0],
            )
        )
        rows = self.index.entries_for([h[0] for h in hits])
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        order = {h[0]: i for i, h in enumerate(hits)}
        for r in sorted(rows, key=lambda r: (order.get(r["code"], 99), r.get("origin") != "curated")):
            if system and r["system"] != system:
                continue
            seen.setdefault((r["system"], r["code"]), {"code": r["code"], "system": r["system"], "name": r.get("name")})
        return list(seen.values())[:limit]

    # -- search -------------------------------------------------------------------------------
    def search(
        self, query: str, system: str | None = None, on: dt.date | None = None, limit: int = 10
    ) -> dict[str, Any]:
        system = check_system(system)
        if limit < 1 or limit > 500:
            raise InputError(
                f"limit {limit}: use a number from 1 to 500.", code="invalid_option", parameter="limit", value=limit
            )
        q = (query or "").strip()
        if not q:
            raise InputError(
                'empty search: give some words or a code, e.g. `teleclaim search "nurse phone call"`.',
                code="invalid_input",
            )
        scores: dict[int, tuple[float, str]] = {}

        def add(ids_scores: list[tuple[int, float]], how: str) -> None:
            for i, s in ids_scores:
                if i not in scores or scores[i][0] < s:
                    scores[i] = (s, how)

        # 1. the query as a code (exact spelling variants, then code prefixes)
        compact = re.sub(r"\s", "", q.upper())
        if _CODE_CHARS.match(compact):
            exact_rows = self.index.entries_for(code_candidates(compact))
            exact_codes = {r["code"] for r in exact_rows}
            if exact_codes:
                ids = [i for c in exact_codes for i in self.index.codes_with_prefix(c, 50)]
                rows = self.index.entries_by_ids(ids)
                add([(i, 100.0) for i, r in rows.items() if r["code"] in exact_codes], "code")
            if len(compact) >= 2:
                add([(i, 85.0) for i in self.index.codes_with_prefix(compact, 200)], "code_prefix")
        # 2. words, synonyms, lay terms (typo-tolerant)
        words = _WORD.findall(q.lower())
        if words:
            clauses, fuzzy_used = [], False
            for w in words:
                alts = self._expand(w)
                if alts and alts != [w]:
                    fuzzy_used = True
                if not alts:
                    continue
                clauses.append("(" + " OR ".join(f'"{a}"*' if a == w else f'"{a}"' for a in alts) + ")")
            if clauses:
                how = "fuzzy" if fuzzy_used else "words"
                for match, weight in ((" AND ".join(clauses), 1.0), (" OR ".join(clauses), 0.6)):
                    hits = self.index.fts(match, 400)
                    if hits:
                        best = min(h[1] for h in hits) or -1.0
                        add(
                            [
                                (i, 80.0 * weight * (b / best if best else 1.0) * (0.85 if fuzzy_used else 1.0))
                                for i, b in hits
                            ],
                            how,
                        )
            # the whole query as a phrase in a name or lay term ("nursing home", "final claim",
            # "patient died") outranks entries that merely contain the words somewhere
            if len(words) >= 2:
                phrase = " ".join(words)
                hits = self.index.fts('{name synonyms} : "' + phrase + '"', 30)
                if hits:
                    best = min(h[1] for h in hits) or -1.0
                    full = self.index.entries_by_ids([i for i, _ in hits])
                    # a name or lay term that is exactly the query ranks above one that contains it
                    exact = {
                        i
                        for i, r in full.items()
                        if any(
                            " ".join(_WORD.findall(str(t).lower())) == phrase
                            for t in [r.get("name") or "", *(r.get("synonyms") or [])]
                        )
                    }
                    add(
                        [(i, 80.0 + 6.0 * (b / best if best else 1.0) + (4.0 if i in exact else 0.0)) for i, b in hits],
                        "phrase",
                    )
        brief = getattr(self.index, "entries_brief", None)
        rows = brief(list(scores)) if brief is not None else self.index.entries_by_ids(list(scores))
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for i, r in rows.items():
            if system and r["system"] != system:
                continue
            score, how = scores[i]
            if r.get("origin") == "curated":
                score = min(100.0, score + 5.0) if score < 100 else score
            key = (r["system"], r["code"])
            prev = merged.get(key)
            if prev is None or score > prev["score"] or (score == prev["score"] and r.get("origin") == "curated"):
                valid = None
                if on:
                    valid = _status(r.get("effective_from"), r.get("effective_to"), on) == "valid"
                merged[key] = {
                    "code": r["code"],
                    "system": r["system"],
                    "name": r.get("name") if r.get("origin") == "curated" or prev is None else prev["name"],
                    "score": round(score, 2),
                    "match": how,
                    "effective_from": r.get("effective_from"),
                    "effective_to": r.get("effective_to"),
                    "valid_on": valid,
                    "origin": r.get("origin"),
                }
        results = list(merged.values())
        if on:  # codes not valid on the date drop out, except an exact code match
            results = [r for r in results if r["valid_on"] or r["match"] == "code"]
        results.sort(key=lambda r: (-r["score"], r["system"] != "hcpcs", r["code"]))
        return {
            "query": q,
            "system": system,
            "on": on.isoformat() if on else None,
            "total": len(results),
            "results": results[:limit],
        }

    def _expand(self, word: str) -> list[str]:
        """The word itself when the index knows it (as a prefix), else the closest indexed words."""
        if len(word) <= 2 or digits(word):
            return [word]
        cache = self._expanded
        hit = cache.get(word)
        if hit is not None:
            return hit
        out = [word] if self.index.fts(f'"{word}"*', 1) else self._closest(word)
        if len(cache) > 4096:
            cache.clear()
        cache[word] = out
        return out

    def _closest(self, word: str) -> list[str]:
        """Closest vocabulary words: whole-word similarity, or (stems are shorter than the word
        typed) similarity of the word's head to a shorter stem, minus 5. rapidfuzz's C scorers
        over the vocabulary bucketed by length keep this to a few milliseconds."""
        from rapidfuzz import fuzz, process

        if self._vocab is None:
            self._vocab = [t for t in self.index.vocabulary() if len(t) > 2 and not digits(t)]
            by_len: dict[int, list[str]] = {}
            for t in self._vocab:
                by_len.setdefault(len(t), []).append(t)
            self._vocab_by_len = by_len
        best: dict[str, float] = {}
        for cand, score, _ in process.extract(word, self._vocab, scorer=fuzz.ratio, limit=8, score_cutoff=72):
            best[cand] = score
        for n in range(4, len(word)):
            bucket = self._vocab_by_len.get(n)
            if not bucket:
                continue
            for cand, score, _ in process.extract(word[:n], bucket, scorer=fuzz.ratio, limit=4, score_cutoff=77):
                if score - 5 > best.get(cand, 0):
                    best[cand] = score - 5
        return [c for c, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:4]]


def _status_text(status: str, start: str | None, end: str | None, when: dt.date, explicit: bool) -> str:
    on = f" on {when.isoformat()}" if explicit else ""
    if status == "not_yet_valid":
        return f"not yet valid{on}: valid from {start}"
    if status == "ended":
        return f"ended on {end} (last valid day){'; not valid' + on if explicit else ''}"
    if end:
        return f"valid{on}; ends on {end}"
    return f"valid{on}" + (f" (since {start})" if start else "")


def _national(idx: Any, code: str, on: dt.date) -> dict[str, Any] | None:
    """The national fee schedule amounts (GPCIs of 1) by setting, as ``teleclaim price`` computes them
    (``{"facility", "non_facility"}``, None where the code is not paid or has no amount there)."""
    try:
        from teleclaim.fees.price import Pricer

        by_setting: dict[str, Any] = Pricer(idx).price(code, on=on)["by_setting"]
        return by_setting
    except Exception:  # noqa: BLE001 - the code page answers without the amount rather than fail
        return None
