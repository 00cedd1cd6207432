"""The one clock: what "today" is for every rule, look-up and selection.

Nothing else in teleclaim calls ``date.today()``: ``--as-of`` (or an ``as_of`` argument) wins over
it, and tests replace ``clock`` (``monkeypatch.setattr(teleclaim.clock, "clock", ...)``).
It sits on the lowest floor so that the core, the adapters and the service read the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

#: The injectable clock: ``--as-of`` wins; tests may replace this function.
clock: Callable[[], dt.date] = dt.date.today


def today() -> dt.date:
    """Today's date by the injectable clock."""
    return clock()
