"""Settings: one registry of keys, and one place that reads ``teleclaim.toml`` and ``TELECLAIM_*``.

Order (later wins): built-in defaults < user config file (``<user config dir>/teleclaim.toml``)
< ``./teleclaim.toml`` in the working directory < environment variables < explicit options.

Every setting is declared once, with ``register(Setting(...))``: its key (``section.name``), the
environment variable that overrides it, its type, its default and one line of documentation. A
feature that adds a setting registers it in its own module; a test checks that every registered
setting is in ``docs/settings.md``. Values are validated when they are read: a wrong type, an
unknown key in a known section or a misspelled section is an ``InputError`` that names where the
value came from (the file and key, or the ``TELECLAIM_*`` variable) and what to write instead.

Sections whose content other parts validate themselves (``[rules]``, ``[profiles]``, ``[payers]``)
are declared with ``register_section(name)``.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teleclaim.errors import InputError

APP_NAME = "teleclaim"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One setting: key ``section.name``, its environment variable, type, default and doc line."""

    key: str
    env: str | None
    type: type  # str, int, float, bool or Path
    default: Any
    doc: str
    minimum: float | None = None

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def type_name(self) -> str:
        return {str: "text", int: "integer", float: "number", bool: "true/false", Path: "path"}.get(
            self.type, self.type.__name__
        )

    def convert(self, value: Any, where: str) -> Any:
        """``value`` as this setting's type, or an ``InputError`` naming ``where`` it came from."""
        try:
            out = _CONVERT[self.type](value)
        except (TypeError, ValueError):
            raise InputError(
                f"{where}: {value!r} is not a valid {self.type_name} for {self.key} ({self.doc}).",
                code="invalid_config",
                setting=self.key,
                where=where,
                value=str(value),
            ) from None
        if self.minimum is not None and out < self.minimum:
            raise InputError(
                f"{where}: {self.key} must be at least {self.minimum:g} (got {value!r}).",
                code="invalid_config",
                setting=self.key,
                where=where,
                value=str(value),
            )
        return out


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower() if isinstance(v, (str, int)) else None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(v)


def _to_int(v: Any) -> int:
    if isinstance(v, (bool, float)):
        raise TypeError(v)
    return int(str(v).strip().replace("_", "")) if isinstance(v, str) else int(v)


def _to_float(v: Any) -> float:
    if isinstance(v, bool):
        raise TypeError(v)
    return float(v)


def _to_str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(v)
    return v


def _to_path(v: Any) -> Path:
    if not isinstance(v, str) or not v:
        raise TypeError(v)
    return Path(v).expanduser()


_CONVERT: dict[type, Callable[[Any], Any]] = {
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    str: _to_str,
    Path: _to_path,
}

#: key -> Setting: the one registry (extend it with ``register``)
REGISTRY: dict[str, Setting] = {}
#: sections whose content is validated elsewhere (free-form here)
FREE_SECTIONS: set[str] = set()
#: setting key -> environment variable (derived from the registry; kept for callers and tests)
ENV_VARS: dict[str, str] = {}


def register(setting: Setting) -> Setting:
    if setting.key in REGISTRY and REGISTRY[setting.key] != setting:
        raise ValueError(f"setting {setting.key} registered twice")
    REGISTRY[setting.key] = setting
    if setting.env:
        ENV_VARS[setting.key] = setting.env
    return setting


def register_section(name: str) -> None:
    FREE_SECTIONS.add(name)


register(Setting("store.path", "TELECLAIM_STORE", Path, None, "SQLite file of the store (default: user data dir)"))
register(Setting("store.url", "TELECLAIM_STORE_URL", str, None, "postgresql://... for a shared server"))
register(
    Setting(
        "history.enabled",
        "TELECLAIM_HISTORY",
        bool,
        False,
        "keep service records of each check and judge cross-claim edits against earlier runs",
    )
)
register(
    Setting(
        "server.max_body_bytes",
        "TELECLAIM_MAX_BODY_BYTES",
        int,
        256 * 1024 * 1024,
        "largest request body the service accepts, in bytes",
        minimum=1,
    )
)
register(
    Setting(
        "server.timeout_seconds",
        "TELECLAIM_TIMEOUT_SECONDS",
        float,
        300.0,
        "seconds a check may run in the service",
        minimum=0.001,
    )
)
register(Setting("server.secret", "TELECLAIM_SECRET", str, None, "key that signs web session cookies"))
register(
    Setting(
        "server.secure_cookies", "TELECLAIM_SECURE_COOKIES", bool, True, "web session cookie is sent over HTTPS only"
    )
)
register(
    Setting(
        "pfs.qp_conversion_factor",
        "TELECLAIM_PFS_QP_CF",
        float,
        None,
        "QP conversion factor recorded with an imported PFS release that carries only the non-QP one",
    )
)
register(
    Setting(
        "pfs.nonqp_conversion_factor",
        "TELECLAIM_PFS_NONQP_CF",
        float,
        None,
        "non-QP conversion factor recorded with an imported PFS release that is the QP version",
    )
)
register(
    Setting(
        "remit.denial_map",
        None,
        Path,
        None,
        "YAML file of your own denial reasons -> preventing rules, read before the shipped map",
    )
)
register(
    Setting(
        "fees.qp",
        "TELECLAIM_FEES_QP",
        bool,
        False,
        "price with the qualifying APM participant (QP) conversion factor instead of the non-QP one",
    )
)
register(
    Setting(
        "fees.hh_quality_data",
        "TELECLAIM_HH_QUALITY_DATA",
        bool,
        True,
        "the agency submits HH quality data (the full HH PPS rates; false: the non-submitter rates)",
    )
)
register(
    Setting(
        "ledger.enabled",
        "TELECLAIM_LEDGER",
        bool,
        False,
        "teleclaim check keeps the claim ledger the utilization report reads (--record/--no-record)",
    )
)
register(
    Setting(
        "spark.chunk_claims",
        "TELECLAIM_SPARK_CHUNK_CLAIMS",
        int,
        5000,
        "--engine spark reads a big X12 file in chunks of about this many claims (one task each)",
    )
)
register(
    Setting("spark.chunk_mb", "TELECLAIM_SPARK_CHUNK_MB", int, 32, "--engine spark: a chunk is at most this many MB")
)
for _section in ("rules", "profiles", "payers", "credentials"):
    register_section(_section)


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


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    m = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return m[0] if m else None


def _validate_file(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The registered settings of one config file, converted; unknown keys/sections named."""
    known_sections = sorted({s.section for s in REGISTRY.values()} | FREE_SECTIONS)
    out: dict[str, Any] = {}
    for section, body in data.items():
        if section in FREE_SECTIONS:
            continue
        if section not in known_sections:
            near = _closest(section, known_sections)
            if near:
                raise InputError(
                    f"{path}: unknown section [{section}]; did you mean [{near}]?",
                    code="invalid_config",
                    file=str(path),
                    section=section,
                    suggestions=[{"code": near}],
                )
            log.warning("%s: section [%s] is not a teleclaim setting; ignored", path, section)
            continue
        if not isinstance(body, dict):
            raise InputError(
                f"{path}: {section} must be a section ([{section}]), not a single value.",
                code="invalid_config",
                file=str(path),
                section=section,
            )
        keys = sorted(k.split(".", 1)[1] for k in REGISTRY if k.startswith(section + "."))
        for name, value in body.items():
            key = f"{section}.{name}"
            if key not in REGISTRY:
                near = _closest(name, keys)
                hint = f"did you mean {near}?" if near else "known keys: " + ", ".join(keys) + "."
                raise InputError(
                    f"{path}: [{section}] {name}: unknown setting; {hint}",
                    code="invalid_config",
                    file=str(path),
                    setting=key,
                    suggestions=[{"code": f"{section}.{near}"}] if near else None,
                )
            out[key] = REGISTRY[key].convert(value, f"{path}: [{section}] {name}")
    return out


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: key -> where its value came from (a file or an environment variable)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.values:
            return self.values[key]
        if default is None and key in REGISTRY:
            return REGISTRY[key].default
        return default

    @property
    def store_path(self) -> Path:
        p = self.get("store.path")
        return Path(p).expanduser() if p else user_data_dir() / "teleclaim.sqlite3"


def load_settings(config_file: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Settings:
    """Read and validate the settings from the config files and environment (see module docstring)."""
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
        values = _validate_file(path, data)
        _merge(s.raw, data)
        s.values.update(values)
        s.sources.update(dict.fromkeys(values, str(path)))
        s.files.append(str(path))
    for key, setting in REGISTRY.items():
        if setting.env and os.environ.get(setting.env):
            s.values[key] = setting.convert(os.environ[setting.env], f"environment variable {setting.env}")
            s.sources[key] = setting.env
    return s


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for k, v in data.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v
