"""Where mentor-tui keeps things: platformdirs paths, overridable for tests and kiosks.

``MENTOR_TUI_DATA_DIR`` and ``MENTOR_TUI_CONFIG_DIR`` replace the platform paths
(the test suite uses them so a developer's own network and settings never leak in).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_state_path

APP_NAME = "mentor-tui"
DB_FILENAME = "network.sqlite3"
"""The embedded network's SQLite file inside its data dir."""


def data_dir() -> Path:
    """The embedded network's home: its SQLite file and stored sessions."""
    override = os.environ.get("MENTOR_TUI_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Where settings.toml lives."""
    override = os.environ.get("MENTOR_TUI_CONFIG_DIR")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """Crash reports and logs: things a user may send to a developer."""
    override = os.environ.get("MENTOR_TUI_CONFIG_DIR")
    if override:
        return Path(override) / "state"
    return user_state_path(APP_NAME, appauthor=False)
