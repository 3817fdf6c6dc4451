"""The app as a visitor at a stand gets it: the real app, plus the kiosk's few manners.

- The SSH server measures idleness (it sees every key) and signals this process; the
  app only shows the warning, or takes it back when a key comes after all.
- Suspending the process (the terminal's job control) would freeze the visit with no
  shell to bring it back, so it is not offered.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from mentor_tui.sshdemo.session import IDLE_CLEAR_SIGNAL, IDLE_WARNING_SIGNAL
from mentor_tui.tui.app import MentorApp


class KioskApp(MentorApp):
    """MentorApp for one demo visitor."""

    def __init__(self, *args: Any, idle_warning: int = 30, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle_warning = idle_warning

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(IDLE_WARNING_SIGNAL, self.warn_idle)
            loop.add_signal_handler(IDLE_CLEAR_SIGNAL, self.clear_notifications)

    def warn_idle(self) -> None:
        text = (
            f"Nobody has pressed a key for a while: this demo closes in {self.idle_warning} "
            "seconds. Press any key to stay."
        )
        self.notify(text, title="Still there?", severity="warning", timeout=self.idle_warning)
        self.announce(text)

    def action_suspend_process(self) -> None:
        self.announce("The demo can't be suspended; press q to leave.")
