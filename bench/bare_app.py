"""The baseline app: a bare Textual app with a Header, an Input, a DataTable and a Footer.

Started exactly as the product is (a fresh interpreter under a pseudo-terminal), it
tells what Textual itself costs on this machine today, so the product's start-up and
memory are judged as ratios against it. ``--visit`` runs it headless under Pilot
instead and prints its peak resident memory (the memory benchmark's baseline).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

TITLE = "bare-textual-baseline"
"""Shown in the header: the start-up benchmark watches the terminal for it."""


class BareApp(App[None]):
    TITLE = TITLE
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("name", "headline", "room")


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux that
    keeps the peak of the process that forked us, so a child of a large benchmark
    process would report the parent's memory."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def _visit() -> None:
    app = BareApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "b", "c")
        await pilot.pause()
    print(peak_rss_kib())


if __name__ == "__main__":
    if "--visit" in sys.argv:
        import asyncio

        asyncio.run(_visit())
    else:
        BareApp().run()
