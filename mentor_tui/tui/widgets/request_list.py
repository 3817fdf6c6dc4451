"""Mentoring requests as lines of a list: who, the state in words, how long it waited.

The requests screen lists incoming and outgoing requests with the same two lines, so the
lines are drawn here. "OVERDUE ⚠" and the waited working days come from the request the
service hands out; nothing here decides them.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets.option_list import Option

from mentor_tui.domain.models import MentoringRequest
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.wording import REQUEST_STATE_WORDS, ago, request_wait

INCOMING = "incoming"
OUTGOING = "outgoing"


def request_prompt(request: MentoringRequest, direction: str, now: datetime) -> Content:
    """ "Yuki Adeyemi asks you · pending" / "OVERDUE ⚠ waiting 5 working days · sent …"."""
    if direction == INCOMING:
        who = Content.assemble((plain(request.mentee.name).plain, "bold"), " asks you")
    else:
        who = Content.assemble("You asked ", (plain(request.mentor.name).plain, "bold"))
    first = Content.assemble(who, f" · #{request.id} · {REQUEST_STATE_WORDS[request.state]}")
    second = Content(f"{request_wait(request, now)} · sent {ago(request.created_at, now)}")
    return Content("\n").join([first, second])


def request_option(request: MentoringRequest, direction: str, now: datetime) -> Option:
    return Option(request_prompt(request, direction, now), id=str(request.id))
