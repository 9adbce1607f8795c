"""The reviewer's settings: who they are, which theme, which keys.

Read from `$CORROBORATOR_CONFIG`, else `config.toml` in the platform's user config directory:

    reviewer = "alice"
    theme = "textual-light"
    ascii = false            # plain ASCII glyphs for terminals without good Unicode fonts
    max_article_mb = 5       # `import` refuses articles with more text than this

    [keys]
    accept = "y,enter"       # binding id (see tui/keys.py or the `?` help) -> key(s)
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

CONFIG_ENV = "CORROBORATOR_CONFIG"


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class Config:
    reviewer: str | None = None
    theme: str | None = None
    ascii: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # where it was read from, None for defaults
    max_article_mb: float | None = None  # import size limit; None: the importer's default


def config_path() -> Path:
    """Where the config lives: $CORROBORATOR_CONFIG, else the user config directory."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("corroborator")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config; a missing file means defaults, a broken one raises ConfigError."""
    p = path or config_path()
    if not p.is_file():
        return Config()
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None
    return _parse(data, p)


def _parse(data: dict[str, object], path: Path) -> Config:
    def text(name: str) -> str | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: `{name}` must be a non-empty string")
        return value.strip()

    ascii_value = data.get("ascii", False)
    if not isinstance(ascii_value, bool):
        raise ConfigError(f"{path}: `ascii` must be true or false")
    limit = data.get("max_article_mb")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit < 1e9
    ):
        raise ConfigError(f"{path}: `max_article_mb` must be a positive number, e.g. 5")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keys.items()
    ):
        raise ConfigError(f'{path}: [keys] must map binding ids to key strings, e.g. accept = "y"')
    return Config(
        reviewer=text("reviewer"),
        theme=text("theme"),
        ascii=ascii_value,
        keys={k: v.strip() for k, v in keys.items()},
        path=path,
        max_article_mb=float(limit) if limit is not None else None,
    )


def resolve_reviewer(cli_value: str | None, config: Config) -> str:
    """The reviewer's name: --reviewer, then the config, then the login name."""
    for candidate in (cli_value, config.reviewer):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers): still record something
        return "reviewer"
