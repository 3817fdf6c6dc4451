"""Reading the CSV files of a LinkedIn data export from a .zip archive or a folder.

Shared by the command line and the TUI; parsing the CSV into profile fields is domain
work (:mod:`mentor_tui.domain.linkedin`), this only finds and reads the files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.linkedin import WANTED

MAX_FILE_BYTES = 5_000_000
"""A real Profile/Positions/Education CSV is a few kB; anything bigger is not one."""


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise Invalid(
            f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB; is it the right file?"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_export(path: Path) -> dict[str, str]:
    """The wanted CSV texts of an export, keyed by file name (e.g. ``Profile.csv``)."""
    path = path.expanduser()
    if not path.exists():
        raise Invalid(f"{path} does not exist; give the LinkedIn export's .zip or its folder.")
    files: dict[str, str] = {}
    try:
        if path.is_dir():
            for name in WANTED:
                matches = sorted(path.rglob(name))
                if matches:
                    files[name] = _decode(matches[0].read_bytes(), name)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    base = info.filename.rsplit("/", 1)[-1]
                    if base in WANTED and base not in files:
                        if info.file_size > MAX_FILE_BYTES:
                            raise Invalid(f"{base} in {path} is too large to be a LinkedIn CSV.")
                        files[base] = _decode(archive.read(info), base)
        elif path.name in WANTED:
            files[path.name] = _decode(path.read_bytes(), path.name)
        else:
            raise Invalid(f"{path} is neither a .zip archive nor a folder of a LinkedIn export.")
    except OSError as error:
        raise Invalid(f"Can't read {path} ({error.strerror or error}).") from None
    except zipfile.BadZipFile as error:
        raise Invalid(f"{path} is a damaged .zip archive ({error}).") from None
    if not files:
        raise Invalid(
            f"No Profile.csv, Positions.csv or Education.csv in {path}: is it a LinkedIn export?"
        )
    return files
