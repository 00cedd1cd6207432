"""Every migration of the store: the core registry (``store.migrations``) and each feature's own module
(numbers reserved per feature). The stores read the registry through this module, so importing it
registers them all; a feature module imports only ``store.migrations`` (no circle)."""

from __future__ import annotations

from teleclaim.store import (
    migrations,
    migrations_analytics,  # noqa: F401  (20-29: claim ledger, telehealth trends)
    migrations_codes,  # noqa: F401  (40-49: PFS releases, unit limits)
    migrations_cred,  # noqa: F401  (10-19: clinician roster, order and referring)
    migrations_fees,  # noqa: F401  (50-59: HH wage index)
)
from teleclaim.store.migrations import MIGRATIONS, Migration, pending

__all__ = ["MIGRATIONS", "Migration", "pending", "migrations"]
