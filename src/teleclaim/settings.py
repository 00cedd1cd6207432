"""Settings: one place that reads ``teleclaim.toml`` and ``TELECLAIM_*`` environment variables.

Order (later wins): built-in defaults < user config file (``<user config dir>/teleclaim.toml``)
< ``./teleclaim.toml`` in the working directory < environment variables < explicit options.

Documented settings (a test checks that each one is in ``docs/settings.md``):

==================  =========================  ==============================================
key                 environment variable       meaning
==================  =========================  ==============================================
store.path          TELECLAIM_STORE            SQLite file of the store (default: user data dir)
store.url           TELECLAIM_STORE_URL        ``postgresql://...`` for a shared server
==================  =========================  ==============================================
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError

APP_NAME = "teleclaim"

#: setting key -> environment variable
ENV_VARS: dict[str, str] = {
    "store.path": "TELECLAIM_STORE",
    "store.url": "TELECLAIM_STORE_URL",
    "history.enabled": "TELECLAIM_HISTORY",
    "ledger.enabled": "TELECLAIM_LEDGER",
    "server.max_body_bytes": "TELECLAIM_MAX_BODY_BYTES",
    "server.timeout_seconds": "TELECLAIM_TIMEOUT_SECONDS",
    "server.secret": "TELECLAIM_SECRET",
    "server.secure_cookies": "TELECLAIM_SECURE_COOKIES",
    "pfs.qp_conversion_factor": "TELECLAIM_PFS_QP_CF",
    "pfs.nonqp_conversion_factor": "TELECLAIM_PFS_NONQP_CF",
    "fees.qp": "TELECLAIM_FEES_QP",
    "fees.hh_quality_data": "TELECLAIM_HH_QUALITY_DATA",
}


def user_config_dir() -> Path:
    env = os.environ.get("TELECLAIM_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir as _ucd

    return Path(_ucd(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    env = os.environ.get("TELECLAIM_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir as _udd

    return Path(_udd(APP_NAME, appauthor=False))


def _flatten(prefix: str, obj: dict[str, Any], out: dict[str, Any]) -> None:
    for k, v in obj.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict) and not key.startswith(("payers", "severity", "rules")):
            _flatten(key, v, out)
        else:
            out[key] = v


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{path}: not valid TOML ({exc}). Fix the file or remove it.",
            code="invalid_config",
            file=str(path),
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}).", code="invalid_config", file=str(path)) from None


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def store_path(self) -> Path:
        p = self.get("store.path")
        return Path(p).expanduser() if p else user_data_dir() / "teleclaim.sqlite3"


def load_settings(config_file: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Settings:
    """Read the settings from the config files and environment (see module docstring)."""
    s = Settings()
    candidates: list[Path] = []
    if config_file:
        candidates.append(Path(config_file))
    else:
        user_file = user_config_dir() / "teleclaim.toml"
        local = (cwd or Path.cwd()) / "teleclaim.toml"
        candidates += [p for p in (user_file, local) if p.is_file()]
    for path in candidates:
        if config_file and not path.is_file():
            raise InputError(f"{path}: config file not found.", code="invalid_config", file=str(path))
        data = read_toml(path)
        _merge(s.raw, data)
        flat: dict[str, Any] = {}
        _flatten("", data, flat)
        s.values.update(flat)
        s.files.append(str(path))
    for key, var in ENV_VARS.items():
        if os.environ.get(var):
            s.values[key] = os.environ[var]
    return s


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for k, v in data.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v
