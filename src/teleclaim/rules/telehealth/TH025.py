"""TH025: RPM or RTM set-up billed again for a patient within the episode window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teleclaim.model.finding import Finding
from teleclaim.model.records import ServiceRecord
from teleclaim.rules.context import Context
from teleclaim.rules.cross import CrossRule, by_key, where
from teleclaim.rules.meta import RuleMeta
from teleclaim.rules.telehealth._sources import auth
from teleclaim.rules.telehealth._view import PROFESSIONAL

DEFAULT_DAYS = 90


class TH025(CrossRule):
    """
    What it checks:
        Device set-up and patient education (RPM 99453, RTM 98975) is billed once per episode of
        care. A second set-up line of the same code for the patient within the episode window
        (rule option `setup_episode_days`, default 90 days after the first) is flagged.

    Why it matters:
        Set-up is paid once per episode; a repeat inside an ongoing episode is recovered on audit.

    Failing example:
        `99453` on 2026-01-05 and `99453` on 2026-02-20 for the same patient.

    Passing example:
        `99453` on 2026-01-05 and `99453` on 2026-09-01 (a new episode).

    Known limits:
        No cited source defines the episode's length (confidence I: inferred, not verified): a
        warning, with the window configurable in `[rules.options]`.
    """

    meta = RuleMeta(
        code="TH025",
        name="monitoring-setup-billed-again",
        severity="warning",
        summary="RPM/RTM set-up (99453/98975) billed again within the episode window",
        message="{code} on {day} repeats the set-up billed as {first} ({days} days earlier; episode window {window} days)",
        fix="Bill set-up once per episode of monitoring; remove the repeat unless a new episode began "
        "(then set `setup_episode_days` to your payer's definition).",
        authority=(auth("S35", "rules.md §3.6, §3.7"),),
        confidence="I",
        **PROFESSIONAL,
    )
    watch = ("setup",)

    def check_records(self, records: list[ServiceRecord], ctx: Context) -> Iterable[Finding]:
        try:
            window = int(ctx.option("setup_episode_days", DEFAULT_DAYS))
        except (TypeError, ValueError):
            window = DEFAULT_DAYS
        codes = self.watched()
        for recs in by_key([r for r in records if r.code in codes], clinician=False).values():
            last: dict[str, ServiceRecord] = {}
            for r in recs:
                prev = last.get(r.code)
                if prev is not None and r.day <= prev.day + dt.timedelta(days=window):
                    if r.run is None:
                        yield self.on(
                            r,
                            self.meta.message.format(
                                code=r.code, day=r.day, first=where(prev), days=(r.day - prev.day).days, window=window
                            ),
                        )
                    continue
                last[r.code] = r
