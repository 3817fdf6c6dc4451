"""The fixed lists of the network (domain.md, "Lists"), and case-insensitive matching."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mentor_tui.domain.errors import Invalid

SECTORS: tuple[str, ...] = (
    "Accounting",
    "Arts and Culture",
    "Consulting",
    "Education",
    "Energy and Environment",
    "Engineering",
    "Entrepreneurship",
    "Finance",
    "Government and Public Policy",
    "Healthcare",
    "Hospitality and Tourism",
    "Information Technology",
    "International Organisations",
    "Law",
    "Manufacturing",
    "Marketing and Sales",
    "Media and Communications",
    "Non-profit",
    "Research and Academia",
    "Retail",
    "Science and Pharmaceuticals",
    "Transport and Logistics",
)

HELP_AREAS: tuple[str, ...] = (
    "first graduate job",
    "industry insight",
    "CV and applications",
    "interview practice",
    "salary negotiation",
    "business plan",
    "moving country",
    "changing industry",
    "networking",
    "further study",
    "work-life balance",
)

ACTIVITIES: tuple[str, ...] = (
    "messages",
    "video call",
    "CV review",
    "mock interview",
    "job shadowing",
    "workplace visit",
)


def _fold(value: str) -> str:
    return " ".join(value.casefold().replace("_", " ").split())


def canonical(value: str, choices: Sequence[str], what: str) -> str:
    """Return the listed spelling of ``value`` (matched case-insensitively) or raise Invalid.

    ``finance`` gives ``Finance``; ``non profit`` gives ``Non-profit``.
    """
    folded = _fold(value).replace("-", " ")
    for choice in choices:
        if _fold(choice).replace("-", " ") == folded:
            return choice
    listed = ", ".join(choices)
    raise Invalid(f"'{value}' is not a known {what}; choose one of: {listed}.")


def canonical_many(values: Iterable[str], choices: Sequence[str], what: str) -> list[str]:
    """Canonical spellings, duplicates dropped, order kept."""
    result: list[str] = []
    for value in values:
        item = canonical(value, choices, what)
        if item not in result:
            result.append(item)
    return result
