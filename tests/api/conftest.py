"""The service fixtures (tests/servicekit.py): app, client, key, auth on a fresh store."""

from servicekit import app, auth, client, env, key  # noqa: F401
