"""What a rule may consult besides the claim: the check date, code sets, tables, payer options.

``today()`` is the one clock (``teleclaim.clock``; tests and ``--as-of`` replace it; nothing else
calls ``date.today()``). ``Context.codes`` is the curated code-set handle (``None`` when the curated data
cannot be loaded: rules that need it then report ``not_checked``). ``Context.scratch`` is a
per-claim memo that rule bundles use to share derived views of the claim (cleared per claim).
``Context.payer`` is the claim's payer profile (set by the engine per claim). ``Context.refs`` holds
the HCPCS index, PFS index and unit limits of the generic code edits (rules/codes), loaded lazily
once per engine.
``Context.payer`` is the claim's payer profile (set by the engine per claim). ``Context.roster`` is
the clinician roster (a ``teleclaim.credentials.RosterIndex``) when the run has one, else None: the
credential edits (CR) that need it stay silent without it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from teleclaim.clock import today as today  # the one clock (re-exported here for older imports)

if TYPE_CHECKING:
    from teleclaim.credentials.treat import RosterIndex
    from teleclaim.refdata.code_sets import CodeRefs
    from teleclaim.refdata.curated import CuratedSets
    from teleclaim.refdata.payers import Profile

log = logging.getLogger(__name__)


def default_codes() -> CuratedSets | None:
    """The curated code sets, or None when they are not available (rules then say not_checked)."""
    try:
        from teleclaim.refdata.curated import curated

        cs = curated()
        return cs if len(cs) else None
    except Exception as exc:  # noqa: BLE001 - missing data must not stop a check run
        log.warning(
            "curated code sets unavailable (%s); code-validity edits will report not_checked", type(exc).__name__
        )
        return None


@dataclass
class Context:
    as_of: dt.date = field(default_factory=today)
    codes: CuratedSets | None = None  # get(system, code), valid_on(system, code, date)
    options: dict[str, Any] = field(default_factory=dict)  # rule options (global, then payer)
    scratch: dict[str, Any] = field(default_factory=dict)  # per claim
    memo: dict[Any, Any] = field(default_factory=dict)  # per run: derived look-ups of code data
    payer: Profile | None = None  # the payer profile of the claim being checked
    refs: CodeRefs | None = None  # code sets behind the generic code edits; None: they do not run
    roster: RosterIndex | None = None  # the clinician roster, or None when the run has no roster

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)
