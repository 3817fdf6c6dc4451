"""Reading a LinkedIn data export (Profile.csv, Positions.csv, Education.csv).

LinkedIn's "Get a copy of your data" archive holds these CSV files. Only the columns
the personal profile has are read; the rest of the archive is ignored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import HEADLINE_MAX, Education, Position

WANTED = ("Profile.csv", "Positions.csv", "Education.csv")


@dataclass
class LinkedInProfile:
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    bio: str = ""
    city: str = ""
    country: str = ""
    positions: list[Position] | None = None
    education: list[Education] | None = None
    files: list[str] = field(default_factory=list)


def _rows(text: str, name: str) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    except csv.Error as error:
        raise Invalid(f"{name} in the LinkedIn export can't be read as CSV ({error}).") from None


def _year(value: str) -> int | None:
    match = re.search(r"(19|20)\d\d", value)
    return int(match.group(0)) if match else None


def parse_export(files: dict[str, str]) -> LinkedInProfile:
    """Turn the CSV texts of an export (keyed by file name) into profile fields."""
    by_name = {name.rsplit("/", 1)[-1]: text for name, text in files.items()}
    found = [n for n in WANTED if n in by_name]
    if not found:
        raise Invalid(
            "No Profile.csv, Positions.csv or Education.csv found: point to the unzipped "
            "LinkedIn export folder or its .zip archive."
        )
    result = LinkedInProfile(files=found)
    if "Profile.csv" in by_name:
        rows = _rows(by_name["Profile.csv"], "Profile.csv")
        if rows:
            row = rows[0]
            result.first_name = row.get("First Name", "")
            result.last_name = row.get("Last Name", "")
            result.headline = row.get("Headline", "")[:HEADLINE_MAX]
            result.bio = row.get("Summary", "")
            location = row.get("Geo Location", "") or row.get("Location", "")
            if "," in location:
                city, _, country = location.rpartition(",")
                result.city, result.country = city.strip(), country.strip()
            else:
                result.country = location
    if "Positions.csv" in by_name:
        result.positions = [
            Position(
                title=(row.get("Title") or "Untitled role")[:200],
                organisation=row.get("Company Name", "")[:200],
                start=row.get("Started On", "")[:20],
                end=row.get("Finished On", "")[:20],
            )
            for row in _rows(by_name["Positions.csv"], "Positions.csv")
            if row.get("Title") or row.get("Company Name")
        ]
    if "Education.csv" in by_name:
        result.education = [
            Education(
                institution=row.get("School Name", "")[:200],
                programme=row.get("Degree Name", "")[:200],
                started=_year(row.get("Start Date", "")),
                graduated=_year(row.get("End Date", "")),
            )
            for row in _rows(by_name["Education.csv"], "Education.csv")
            if row.get("School Name")
        ]
    return result
