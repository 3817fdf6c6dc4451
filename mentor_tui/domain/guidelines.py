"""The network's guidelines, shown in full at sign-up and accepted explicitly.

Three parts, as the networks in ../shared/seeds ask of every member: what a mentor
agrees to, what a mentee agrees to, and the general agreement. Whoever does not accept
them cannot join (domain.md).
"""

from __future__ import annotations

GUIDELINES: tuple[tuple[str, str], ...] = (
    (
        "Mentor guidelines",
        "As a mentor I give advice only to guide my mentee's career. The mentoring is an "
        "educational resource for talking through career questions; my advice is not "
        "legal, financial or other professional advice, and my mentee keeps their own "
        "judgement. I answer requests within a few working days, keep what my mentee "
        "tells me confidential, and tell the alumni office if something goes wrong.",
    ),
    (
        "Mentee guidelines",
        "As a mentee I receive advice only to guide my own career and I stay responsible "
        "for my decisions. I judge for myself the experience and references of my mentor. "
        "I write a clear introduction when I ask for mentoring, agree objectives and a "
        "rhythm with my mentor, keep to what we agree, and finish the mentoring politely "
        "when it has served.",
    ),
    (
        "General agreement",
        "The network is not for commercial purposes: no one asks for or offers payment, "
        "jobs for money or sales. The university only verifies that members are its "
        "students, staff or alumni and has no further part in a mentoring. I treat every "
        "member with respect; messages can be reported to the alumni office, which may "
        "remove them and suspend accounts. Either side may end a mentoring at any time.",
    ),
)


def guidelines_text() -> str:
    """The guidelines as plain text with a heading per part."""
    return "\n\n".join(f"{title}\n{body}" for title, body in GUIDELINES)
