"""Settings: a small dataclass kept as TOML in the config dir.

A settings file that can't be read is reported in one line and replaced by defaults
in memory; it is never overwritten until the user changes a setting, so nothing the
user wrote by hand is lost to a typo.

Plain Python on purpose: the app reads its settings before its first frame, and a
pydantic model here would put pydantic's import (~0.1 s) in front of that frame.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.locations import config_dir
from mentor_tui.private_files import replace_private

SETTINGS_FILE = "settings.toml"
HIGH_CONTRAST_THEME = "mentor-high-contrast"


@dataclass
class Settings:
    theme: str = "textual-dark"
    screen_reader: bool = False
    animations: bool = True
    server: str = ""
    """Empty: the embedded network; else the URL of a ``mentor-tui serve`` to use (the
    --server option and MENTOR_TUI_SERVER override it; an explicit --data-dir ignores it)."""
    last_user: str = ""
    """The account that last signed in to ``server`` (kept by ``mentor-tui login``)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"search.focus" = "ctrl+f"} (Textual's App.set_keymap)."""

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> Settings:
        """Settings from a parsed file; unknown keys are ignored (a newer version's, say).

        Raises SettingsError naming the first value of the wrong kind.
        """
        known: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            if item.name not in data:
                continue
            value = data[item.name]
            if item.name == "keymap":
                if not isinstance(value, dict):
                    raise SettingsError("keymap", "should be a table ([keymap])")
                for key, keys in value.items():
                    if not isinstance(keys, str):
                        raise SettingsError(f"keymap.{key}", "should be text, in quotes")
                known["keymap"] = dict(value)
            elif isinstance(item.default, bool):
                if not isinstance(value, bool):
                    raise SettingsError(item.name, "should be true or false")
                known[item.name] = value
            else:
                if not isinstance(value, str):
                    raise SettingsError(item.name, "should be text, in quotes")
                known[item.name] = value
        return cls(**known)


class SettingsError(Exception):
    """A value of the wrong kind in the settings file."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"'{where}' {problem}")
        self.where = where


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and a one-line warning if the file was there but unusable."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        return Settings(), f"Can't read {path} ({error.strerror}); using default settings."
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
        return Settings.from_toml(data), None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return (
            Settings(),
            f"{path} is not valid TOML ({error}); using default settings until fixed.",
        )
    except SettingsError as error:
        return Settings(), f"{path}: {error}; using default settings."


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# mentor-tui settings (see README: Settings)"]
    data = dataclasses.asdict(settings)
    keymap = data.pop("keymap")
    lines += [f"{key} = {_toml_value(value)}" for key, value in data.items()]
    if keymap:
        lines.append("")
        lines.append("[keymap]")
        lines += [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in keymap.items()]
    # Owner-only, like sessions.json: a server URL may carry a proxy's user:password@.
    replace_private(path, "\n".join(lines) + "\n")


def remember_server_login(server: str, username: str, path: Path | None = None) -> str | None:
    """After signing in to a server: keep its URL and the account in the settings file, so
    later commands and the app use them without --server. A damaged settings file is left
    as it is (the user's to fix); the returned line says so."""
    settings, warning = load_settings(path)
    if warning is not None:
        return f"Not remembering {server}: {warning}"
    if settings.server == server and settings.last_user == username:
        return None
    try:
        save_settings(dataclasses.replace(settings, server=server, last_user=username), path)
    except OSError as error:
        return f"Can't save the settings ({error.strerror}); pass --server {server} next time."
    return None
