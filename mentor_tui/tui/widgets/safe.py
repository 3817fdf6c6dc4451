"""Other people's text, made safe to show.

Names, headlines, bios, messages and reasons come from other members. They are shown
as they were typed: never parsed as Textual or Rich markup (so ``[b]`` or
``[@click=app.quit]`` is just text), and with terminal escape sequences and other
control characters removed, so no one can move the cursor or retitle the terminal of
the person reading.
"""

from __future__ import annotations

from textual.content import Content

from mentor_tui.domain.text import strip_control


def plain(text: str | None) -> Content:
    """``text`` as literal content: no markup, no control characters (newlines kept)."""
    return Content(strip_control(text or ""))
