"""Service fixtures for the report tests that use the API and the web UI (tests/servicekit.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servicekit import app, auth, client, env, key  # noqa: E402,F401
