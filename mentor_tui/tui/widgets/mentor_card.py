"""A member's public profile as a scrollable pane, and a mentor's line in a result list.

The search screen's detail pane and the read-only profile of another member show the
same thing, so it is drawn once here: who, headline, job, sectors, help, activities,
room now in words ("2 of 3 places taken", "FULL"), completed mentorings, the career
path (professional history) and education. Everything in it is the member's own text,
so it is assembled from :func:`plain` pieces: never markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mentor_tui.domain.enums import AccountState, MentorState
from mentor_tui.domain.models import Education, Member, MentorCard, Position
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.wording import (
    ACCOUNT_STATE_WORDS,
    card_room,
    profile_room,
    years,
)

Part = str | Content | tuple[str, str]


def _join(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(i for i in items if i)


def _line(*parts: Part) -> Content:
    return Content.assemble(*(plain(p) if isinstance(p, str) else p for p in parts))


def _heading(text: str) -> Content:
    return Content.assemble((text, "bold underline"))


def job_line(job_title: str, employer: str) -> str:
    if job_title and employer:
        return f"{job_title} at {employer}"
    return job_title or employer


def result_prompt(card: MentorCard) -> Content:
    """Two lines for a result list: name and room; job and sectors."""
    first = Content.assemble((plain(card.name).plain, "bold"), " · ", card_room(card))
    details = _join(
        [job_line(card.job_title, card.employer), _join(card.sectors), card.country], " · "
    )
    return Content("\n").join([first, plain(details or card.headline)])


def position_text(position: Position) -> str:
    when = f"{position.start or '?'}–{position.end or 'now'}"
    return _join([when, position.title, position.organisation], " · ")


def education_text(entry: Education) -> str:
    return _join([entry.institution, entry.programme, years(entry.started, entry.graduated)], " · ")


def profile_content(member: Member) -> Content:
    """The whole public profile as one block of text, in the order a mentee reads it."""
    lines: list[Content] = [Content.assemble((plain(member.name).plain, "bold"))]
    if member.headline:
        lines.append(plain(member.headline))
    where = _join([member.city, member.country])
    study = _join([member.programme, str(member.year_graduated or "")], " ")
    facts = _join([where, f"studied {study}" if study else "", f"{member.role.value}"], " · ")
    lines.append(plain(facts))
    if member.state is not AccountState.VERIFIED:
        lines.append(Content(f"Account: {ACCOUNT_STATE_WORDS[member.state]}"))
    mentor = member.mentor
    if mentor is not None and mentor.state is not MentorState.INACTIVE:
        lines.append(Content(""))
        lines.append(_heading("Mentoring"))
        job = job_line(mentor.job_title, mentor.employer)
        if job:
            lines.append(_line("Job: ", job))
        lines.append(Content(f"Room now: {profile_room(mentor)}"))
        lines.append(Content(f"Completed mentorings: {mentor.completed:,}"))
        lines.append(_line("Sectors: ", _join(mentor.sectors) or "none listed"))
        lines.append(_line("Can help with: ", _join(mentor.help_areas) or "none listed"))
        lines.append(_line("Offers: ", _join(mentor.activities) or "none listed"))
    if member.bio:
        lines += [Content(""), _heading("About"), plain(member.bio)]
    lines += [Content(""), _heading("Career path")]
    if member.positions:
        lines += [plain("• " + position_text(p)) for p in member.positions]
    else:
        lines.append(Content("No professional history yet."))
    lines += [Content(""), _heading("Education")]
    if member.education:
        lines += [plain("• " + education_text(e)) for e in member.education]
    else:
        lines.append(plain(_join([member.institution, member.programme], " · ") or "None listed."))
    contacts = [
        ("E-mail", member.email or ""),
        ("Website", member.website),
        ("LinkedIn", member.linkedin),
        ("Other", member.other_contacts),
    ]
    shown = [(label, value) for label, value in contacts if value]
    if shown:
        lines += [Content(""), _heading("Contact")]
        lines += [_line(f"{label}: ", value) for label, value in shown]
    return Content("\n").join(lines)


class MemberProfileView(VerticalScroll, can_focus=True):
    """A scrollable, focusable pane with one member's public profile."""

    def __init__(
        self, placeholder: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._placeholder = placeholder
        self.member: Member | None = None
        self._shown: Member | str = placeholder
        """What the pane shows now (a member, or a placeholder sentence)."""

    def compose(self) -> ComposeResult:
        yield Static(plain(self._placeholder), classes="profile-text")

    def show(self, member: Member | None, placeholder: str | None = None) -> None:
        self.member = member
        shown: Member | str
        if member is None:
            shown = placeholder if placeholder is not None else self._placeholder
        else:
            shown = member
        # The same profile again (the same mentor still first after a keystroke) is not
        # built and laid out again: the whole screen would be repainted for nothing.
        if type(shown) is not type(self._shown) or shown != self._shown:
            self._shown = shown
            text = self.query_one(".profile-text", Static)
            text.update(plain(shown) if isinstance(shown, str) else profile_content(shown))
        self.scroll_home(animate=False)
