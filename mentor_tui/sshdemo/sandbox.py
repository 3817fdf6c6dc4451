"""The demo network: seeded once per server start, copied for every visitor.

Seeding a few hundred mentors takes about half a second; copying the finished SQLite
file takes a millisecond. So the server seeds one template when it starts and every
visitor gets a private copy of that file in a directory of their own, deleted when
they leave. Nothing a visitor does reaches the template or anyone else's copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.store.database import DB_FILENAME

DEMO_MENTORS = 400
"""Mentors in each visitor's network: enough for search and the sector cloud to feel
real, small enough (2.5 MB) that a copy per visitor costs nothing."""
DEMO_USER = "demo.student"
"""Who a visitor is when the app opens: a verified student, so search and requests work."""
BANNER = "DEMO: invented people, mentors answer in seconds; nothing you do here is kept"


@dataclass(frozen=True)
class DemoTemplate:
    """A seeded network on disk that visitor sandboxes are copied from."""

    path: Path
    """The directory holding the template's database file."""
    visitors: Path
    """Where the visitors' sandboxes are made (one subdirectory each)."""

    @classmethod
    def create(cls, root: Path, mentors: int = DEMO_MENTORS, seed: int = 1) -> DemoTemplate:
        """Seed the template under ``root`` (an empty directory the caller owns)."""
        from mentor_tui.demo.seed import seed_network
        from mentor_tui.service.security import FAST_HASH_ENV
        from mentor_tui.store.database import Store

        os.environ[FAST_HASH_ENV] = "1"  # throw-away sandboxes: no need for a costly hash
        path = root / "template"
        visitors = root / "visitors"
        visitors.mkdir(parents=True, exist_ok=True, mode=0o700)
        store = Store.open_data_dir(path)
        try:
            seed_network(store, mentors=mentors, seed=seed)
        finally:
            store.close()
        return cls(path=path, visitors=visitors)

    def new_sandbox(self) -> Path:
        """A fresh private copy of the network for one visitor."""
        sandbox = Path(tempfile.mkdtemp(prefix="visitor-", dir=self.visitors))
        shutil.copyfile(self.path / DB_FILENAME, sandbox / DB_FILENAME)
        return sandbox


def remove_sandbox(sandbox: Path) -> None:
    """Delete a visitor's sandbox, whatever state the app left it in."""
    shutil.rmtree(sandbox, ignore_errors=True)
