"""The settings registry: types, defaults, validation naming where a bad value came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from teleclaim import settings as st
from teleclaim.errors import InputError


def test_values_are_typed_and_defaults_come_from_the_registry(tmp_path, monkeypatch):
    monkeypatch.setenv("TELECLAIM_MAX_BODY_BYTES", "1024")
    monkeypatch.setenv("TELECLAIM_SECURE_COOKIES", "off")
    s = st.load_settings(cwd=tmp_path)
    assert s.get("server.max_body_bytes") == 1024 and s.sources["server.max_body_bytes"] == "TELECLAIM_MAX_BODY_BYTES"
    assert s.get("server.secure_cookies") is False
    assert s.get("server.timeout_seconds") == 300.0 and s.get("history.enabled") is False


@pytest.mark.parametrize(
    "var,value",
    [("TELECLAIM_MAX_BODY_BYTES", "abc"), ("TELECLAIM_HISTORY", "maybe"), ("TELECLAIM_TIMEOUT_SECONDS", "-3")],
)
def test_bad_environment_values_name_the_variable(tmp_path, monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(InputError) as ei:
        st.load_settings(cwd=tmp_path)
    assert var in ei.value.message and repr(value) in ei.value.message


@pytest.mark.parametrize(
    "toml,needle",
    [
        ('[server]\nmax_body_bytes = "big"\n', "[server] max_body_bytes"),
        ("[server]\nmax_body = 10\n", "did you mean max_body_bytes?"),
        ("[sevrer]\nmax_body_bytes = 10\n", "unknown section [sevrer]; did you mean [server]?"),
        ('[history]\nenabled = "sometimes"\n', "[history] enabled"),
        ("server = 3\n", "must be a section"),
    ],
)
def test_bad_file_values_name_the_file_and_key(tmp_path, toml, needle):
    cfg = tmp_path / "teleclaim.toml"
    cfg.write_text(toml)
    with pytest.raises(InputError) as ei:
        st.load_settings(cfg)
    assert needle in ei.value.message and str(cfg) in ei.value.message


def test_free_sections_stay_free_and_a_good_file_loads(tmp_path):
    cfg = tmp_path / "teleclaim.toml"
    cfg.write_text(
        '[server]\nmax_body_bytes = 2048\nsecure_cookies = false\n[rules]\nignore = ["TH025"]\n'
        '[profiles.acme]\nextends = "commercial"\n'
    )
    s = st.load_settings(cfg)
    assert s.get("server.max_body_bytes") == 2048 and s.get("server.secure_cookies") is False
    assert s.raw["rules"]["ignore"] == ["TH025"] and s.sources["server.max_body_bytes"] == str(cfg)


def test_the_registry_can_be_extended(monkeypatch):
    monkeypatch.setattr(st, "REGISTRY", dict(st.REGISTRY))
    monkeypatch.setattr(st, "ENV_VARS", dict(st.ENV_VARS))
    st.register(st.Setting("fees.year", "TELECLAIM_FEES_YEAR", int, 2026, "fee schedule year"))
    assert st.ENV_VARS["fees.year"] == "TELECLAIM_FEES_YEAR"
    with pytest.raises(ValueError):
        st.register(st.Setting("fees.year", None, str, "x", "other"))


def test_every_registered_setting_is_documented_with_its_default():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text()
    for key, s in st.REGISTRY.items():
        assert f"`{key}`" in doc and (s.env is None or f"`{s.env}`" in doc), key
