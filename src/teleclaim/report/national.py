"""The practice beside the national picture (CMS Medicare Telehealth Trends).

For each month with Medicare patients, the practice's share of Medicare patients with a telehealth
service beside CMS's national share, and the share of each state its Medicare patients live in,
for the same quarter or, when that quarter is not published yet, the latest published one. The
denominators differ and the note says so: CMS counts fee-for-service Part B beneficiaries who used a
telehealth-eligible service; the practice counts the Medicare patients it saw that month.
"""

from __future__ import annotations

from typing import Any


class National:
    def __init__(self, meta: dict[str, Any], rows: list[tuple[Any, ...]]) -> None:
        self.meta = meta
        self.share: dict[tuple[int, int, str], float] = {}
        for year, quarter, geo, _elig, _th, share in rows:
            if quarter and share is not None:
                self.share[(int(year), int(quarter), geo)] = float(share)
        self.quarters = sorted({(y, q) for y, q, g in self.share if g == "US"})

    def _quarter(self, month: str) -> tuple[tuple[int, int] | None, bool]:
        y, m = int(month[:4]), int(month[5:7])
        q = (y, (m - 1) // 3 + 1)
        if q in self.quarters:
            return q, True
        earlier = [x for x in self.quarters if x <= q]
        return (earlier[-1] if earlier else None), False

    def compare(self, months: list[dict[str, Any]]) -> dict[str, Any]:
        out = []
        for m in months:
            mc = m.get("medicare") or {}
            n = mc.get("patients", 0)
            if not n:
                continue
            q, same = self._quarter(m["month"])
            if q is None:
                continue
            states = {
                s: {"patients": k, "share": self.share.get((q[0], q[1], s))}
                for s, k in sorted((mc.get("states") or {}).items())
            }
            out.append(
                {
                    "month": m["month"],
                    "practice_patients": n,
                    "practice_telehealth_patients": mc.get("telehealth_patients", 0),
                    "practice_share": round(mc.get("telehealth_patients", 0) / n, 4),
                    "quarter": f"{q[0]}Q{q[1]}",
                    "same_quarter": same,
                    "national_share": self.share.get((q[0], q[1], "US")),
                    "states": states,
                }
            )
        rel = self.meta
        note = (
            f"Beside CMS Medicare Telehealth Trends, release {rel['release_id']}"
            + (f" (published {rel['published']})" if rel.get("published") else "")
            + f", covering up to {self.quarters[-1][0]}Q{self.quarters[-1][1]}"
            if self.quarters
            else ""
        )
        note += (
            ". The denominators differ: CMS counts Part B fee-for-service beneficiaries who used a "
            "telehealth-eligible service; the practice counts the Medicare patients it saw that month."
        )
        return {
            "release": rel["release_id"],
            "published": rel.get("published"),
            "source": rel.get("source"),
            "latest_quarter": f"{self.quarters[-1][0]}Q{self.quarters[-1][1]}" if self.quarters else None,
            "note": note,
            "months": out,
        }
