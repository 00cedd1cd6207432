"""One Spark session (local[2]) for every Spark test of the run; skipped with the reason without
PySpark or Java."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip("PySpark is not installed (pip install -e '.[test]' installs it)")
    if not shutil.which("java"):
        pytest.skip("no Java on this machine (apt-get install openjdk-17-jre-headless; .ci/run does it in CI)")
    from teleclaim.engines.spark import spark_session

    session = spark_session("local[2]", app="teleclaim-tests")
    yield session
    session.stop()
