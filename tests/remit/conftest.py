"""The service fixtures (tests/servicekit.py) for the remittance API and web tests."""

from servicekit import app, auth, client, env, key  # noqa: F401
