"""Build the shipped HCPCS Level II index (facts only) from public CMS files.

    python scripts/build_hcpcs_index.py [SHARED_HCPCS_DIR] > src/teleclaim/refdata/data/codes/hcpcs_index.tsv

Inputs (CMS HCPCS files, public domain; never committed to the repository):

* the October 2025 alpha-numeric list as a CSV export (``HCPC2025_OCT_ANWEB_derived_lossy.csv``): every
  code and modifier in force in October 2025 with its added date, coverage, pricing, BETOS and type of
  service; the action-effective date survives only as a year and the termination date not at all;
* the January 2026 fixed-width excerpt (``HCPC2026_JAN_ANWEB_*``): its records replace the 2025 ones;
* the complete 2020 fixed-width file (``HCPC2020_ANWEB*.txt.xz``): termination dates the 2025 export
  lost, for codes ended by 2020; a code it lists that the 2025 list lacks would be kept with ``gone_by``
  2025-10-01 (none today: the 2025 list still carries its discontinued codes);
* the curated sets of the package (``refdata/data/hcpcs.yaml``, ``modifier.yaml``): codes we curate and
  the files lack (2026 additions) come in with our curated dates, and our cited end dates fill blanks.

Output: one tab-separated line per code, no descriptions (no CMS sentences), columns::

    kind code from to gone_by coverage pricing mult_pricing betos tos action_year source

``kind`` P procedure / M modifier; dates ISO; ``source`` C25 (Oct 2025 list), J26 (Jan 2026 excerpt),
H20 (2020 file only), CUR (curated). Deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teleclaim.refdata.hcpcs_file import parse_hcpcs_file  # noqa: E402

COLUMNS = (
    "kind",
    "code",
    "from",
    "to",
    "gone_by",
    "coverage",
    "pricing",
    "mult_pricing",
    "betos",
    "tos",
    "action_year",
    "source",
)


def _iso8(s: str) -> str:
    s = s.strip()
    return f"{s[:4]}-{s[4:6]}-{s[6:8]}" if len(s) == 8 and s.isdigit() else ""


def from_2025_csv(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for r in rows:
            key, ric = r[0], r[0][-1:]
            if ric not in ("3", "7"):
                continue  # continuation lines carry only description text
            if ric == "3":
                kind, code = "P", key[:5]
            else:
                kind, code = "M", key[:2]
            short = r[2]
            tail = r[7].rstrip()
            added, year = (_iso8(tail[-12:-4]), tail[-4:]) if len(tail) >= 12 else ("", "")
            cov_field = r[5].strip()
            note_betos = r[6].strip()
            out[(kind, code)] = {
                "kind": kind,
                "code": code,
                "from": added,
                "to": "",
                "gone_by": "",
                "coverage": cov_field[:1],
                "pricing": short[28:30].strip() if kind == "P" else "",
                "mult_pricing": short[36:37].strip() if kind == "P" else "",
                "betos": note_betos[4:] if len(note_betos) > 3 else note_betos,
                "tos": tail[:-15].strip() if len(tail) > 15 else "",
                "action_year": year if year.isdigit() else "",
                "source": "C25",
            }
    return out


def from_fixed(path: Path, source: str) -> dict[tuple[str, str], dict[str, str]]:
    rel = parse_hcpcs_file(path)
    out = {}
    for rec in rel.records:
        kind = "P" if rec.kind == "procedure" else "M"
        out[(kind, rec.code)] = {
            "kind": kind,
            "code": rec.code,
            "from": rec.added.isoformat() if rec.added else "",
            "to": rec.termination.isoformat() if rec.termination else "",
            "gone_by": "",
            "coverage": rec.coverage or "",
            "pricing": (rec.pricing[0] if rec.pricing else ""),
            "mult_pricing": rec.multiple_pricing or "",
            "betos": rec.betos or "",
            "tos": "".join(rec.tos),
            "action_year": rec.action_effective.isoformat()[:4] if rec.action_effective else "",
            "source": source,
        }
    return out


def from_curated() -> dict[tuple[str, str], dict[str, str]]:
    import yaml

    data = ROOT / "src" / "teleclaim" / "refdata" / "data"
    out = {}
    for fname, kind in (("hcpcs.yaml", "P"), ("modifier.yaml", "M")):
        doc = yaml.safe_load((data / fname).read_text(encoding="utf-8"))
        for e in doc["entries"]:
            code = str(e["code"]).upper()
            if kind == "M" and code.isdigit():
                continue  # two-digit CPT modifiers live in cpt_modifiers.yaml
            out[(kind, code)] = {
                "kind": kind,
                "code": code,
                "from": str(e.get("effective_from") or ""),
                "to": str(e.get("effective_to") or ""),
                "gone_by": "",
                "coverage": "",
                "pricing": "",
                "mult_pricing": "",
                "betos": "",
                "tos": "",
                "action_year": "",
                "source": "CUR",
            }
    return out


def build(shared: Path) -> list[dict[str, str]]:
    cur = from_2025_csv(shared / "HCPC2025_OCT_ANWEB_derived_lossy.csv")
    for f in sorted(shared.glob("HCPC2026_JAN_ANWEB_*")):
        cur.update(from_fixed(f, "J26"))
    old = {}
    for f in sorted(shared.glob("HCPC2020_ANWEB*.txt*")):
        old = from_fixed(f, "H20")
    for key, rec in old.items():
        if key not in cur:
            cur[key] = dict(rec, gone_by="" if rec["to"] else "2025-10-01")
        elif rec["to"] and not cur[key]["to"]:
            cur[key]["to"] = rec["to"]  # the 2025 export lost termination dates; the 2020 file has the older ones
    for key, rec in from_curated().items():
        if key not in cur:
            cur[key] = rec
        elif rec["to"] and not cur[key]["to"]:
            cur[key]["to"] = rec["to"]  # our curated end dates (each cited in the curated file)
    return [cur[k] for k in sorted(cur)]


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "cms" / "hcpcs"
    rows = build(shared)
    out = sys.stdout
    out.write("# teleclaim HCPCS Level II index: codes, dates and status fields only (no descriptions).\n")
    out.write("# Built by scripts/build_hcpcs_index.py from the CMS HCPCS alpha-numeric files (Oct 2025 list,\n")
    out.write("# Jan 2026 excerpt, 2020 file; public domain) and the curated sets. Do not edit by hand.\n")
    out.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        out.write("\t".join(r[c] for c in COLUMNS) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
