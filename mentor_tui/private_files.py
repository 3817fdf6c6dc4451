"""Files only their owner may read: sessions, settings, exports, crash reports, host keys."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` with mode 0600, whatever the umask, and
    also when a file was already there with a looser mode (``O_CREAT`` keeps it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def replace_private(path: Path, data: str | bytes) -> None:
    """:func:`write_private` to a file beside ``path``, then put it in place whole: a crash
    halfway leaves the old file, never half of the new one."""
    tmp = path.with_suffix(".tmp")
    write_private(tmp, data)
    tmp.replace(path)
