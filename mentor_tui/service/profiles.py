"""Profiles: personal and mentor, the yearly confirmation, LinkedIn import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, select, update

from mentor_tui.domain.enums import AccountState, MentorState, Role
from mentor_tui.domain.errors import Invalid, NotAllowed
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS, canonical_many
from mentor_tui.domain.models import (
    BIO_MAX,
    DEFAULT_MAX_MENTEES,
    HEADLINE_MAX,
    MAX_MENTEES_RANGE,
    NAME_MAX,
    SHORT_TEXT_MAX,
    Actor,
    Education,
    Member,
    Position,
)
from mentor_tui.domain.text import check_email, check_url, clean_line, clean_text
from mentor_tui.service.accounts import check_year, sort_name
from mentor_tui.service.base import ServiceBase, join_list
from mentor_tui.store import schema as t
from mentor_tui.store.search import index_mentor

MAX_SECTORS = 3
MAX_POSITIONS = 30
MAX_EDUCATION = 10


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "on", "1"}:
        return True
    if text in {"no", "n", "false", "off", "0"}:
        return False
    raise Invalid(f"{field} takes yes or no, not '{value}'.")


def _year(value: Any, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field} must be a year like 2019, not '{value}'.") from None
    return check_year(year, field)


def _line(field: str, max_length: int, required: bool = False) -> Callable[[Any], Any]:
    return lambda v: clean_line(str(v), field, max_length=max_length, required=required)


def _list_of(choices: tuple[str, ...], what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        items = (
            value if isinstance(value, list) else [p for p in str(value).split(",") if p.strip()]
        )
        return join_list(canonical_many([str(i).strip() for i in items], choices, what))

    return parse


PROFILE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "first_name": _line("First name", NAME_MAX, required=True),
    "middle_name": _line("Middle name", NAME_MAX),
    "last_name": _line("Last name", NAME_MAX, required=True),
    "headline": _line("Headline", HEADLINE_MAX),
    "city": _line("City", SHORT_TEXT_MAX),
    "country": _line("Country", SHORT_TEXT_MAX),
    "bio": lambda v: clean_text(str(v), "Bio", max_length=BIO_MAX),
    "address": lambda v: clean_text(str(v), "Address", max_length=500),
    "email": lambda v: check_email(str(v)),
    "website": lambda v: check_url(str(v), "Website"),
    "linkedin": lambda v: check_url(str(v), "LinkedIn URL"),
    "other_contacts": _line("Other contacts", 300),
    "show_email": lambda v: _bool(v, "Show my e-mail"),
    "email_notifications": lambda v: _bool(v, "E-mail notifications"),
    "institution": _line("Institution", SHORT_TEXT_MAX),
    "programme": _line("Programme", SHORT_TEXT_MAX),
    "year_started": lambda v: _year(v, "Year started"),
    "year_graduated": lambda v: _year(v, "Year graduated"),
    "interest_sectors": _list_of(SECTORS, "sector"),
    "goal_areas": _list_of(HELP_AREAS, "area of help"),
}
"""Every field a member may change on their own profile, with its check."""

FIELD_ALIASES = {
    "started": "year_started",
    "graduated": "year_graduated",
    "interests": "interest_sectors",
    "goals": "goal_areas",
}


def profile_field(name: str) -> str:
    key = name.strip().lower().replace("-", "_")
    key = FIELD_ALIASES.get(key, key)
    if key not in PROFILE_FIELDS:
        known = ", ".join(sorted(k.replace("_", "-") for k in PROFILE_FIELDS))
        raise Invalid(f"'{name}' is not a profile field; choose one of: {known}.")
    return key


class ProfilesMixin(ServiceBase):
    def me(self, actor: Actor) -> Member:
        with self.store.read() as conn:
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    def get_member(self, actor: Actor, who: str | int) -> Member:
        """A member's profile. Pending accounts see only their own."""
        with self.store.read() as conn:
            row = self.user_by_name_or_id(conn, who)
            if row.id != actor.id and not actor.is_admin:
                self.require_verified(actor)
            return self.member(
                conn, row, viewer=actor, private=row.id == actor.id or actor.is_admin
            )

    def update_profile(self, actor: Actor, changes: dict[str, Any]) -> Member:
        """Change fields of the own personal profile; every value is checked first."""
        values = self._checked_changes(changes)
        with self.store.write() as conn:
            self._apply_changes(conn, actor, values)
            self._reindex_if_mentor(conn, actor.id)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    @staticmethod
    def _checked_changes(changes: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, raw in changes.items():
            key = profile_field(name)
            values[key] = PROFILE_FIELDS[key](raw)
        return values

    def _apply_changes(self, conn: Connection, actor: Actor, values: dict[str, Any]) -> None:
        """Write checked profile fields, after the checks that need the stored profile."""
        row = self.user_row(conn, actor.id)
        if "email" in values:
            values["email_key"] = values["email"].casefold()
            clash = conn.execute(
                select(t.users.c.id).where(
                    t.users.c.email_key == values["email_key"], t.users.c.id != actor.id
                )
            ).first()
            if clash:
                raise Invalid(
                    f"{values['email']} belongs to another account; use your own address."
                )
        started = values.get("year_started", row.year_started)
        graduated = values.get("year_graduated", row.year_graduated)
        if started and graduated and graduated < started:
            raise Invalid("The graduation year can't be before the year studies started.")
        if "first_name" in values or "last_name" in values:
            values["sort_name"] = sort_name(
                values.get("first_name", row.first_name), values.get("last_name", row.last_name)
            )
        if values:
            conn.execute(update(t.users).where(t.users.c.id == actor.id).values(**values))
        if values.get("email_notifications") is False:
            self.cancel_queued_mail(conn, actor.id)

    def set_positions(self, actor: Actor, items: list[Position]) -> Member:
        """Replace the professional history (newest first)."""
        cleaned = self._checked_positions(items)
        with self.store.write() as conn:
            self._replace_positions(conn, actor.id, cleaned)
            self._reindex_if_mentor(conn, actor.id)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    @staticmethod
    def _checked_positions(items: list[Position]) -> list[dict[str, Any]]:
        if len(items) > MAX_POSITIONS:
            raise Invalid(f"At most {MAX_POSITIONS} positions fit in a profile.")
        return [
            {
                "title": clean_line(p.title, "Job title", max_length=SHORT_TEXT_MAX, required=True),
                "organisation": clean_line(
                    p.organisation, "Organisation", max_length=SHORT_TEXT_MAX
                ),
                "start": clean_line(p.start, "From", max_length=20),
                "end": clean_line(p.end, "To", max_length=20),
            }
            for p in items
        ]

    def set_education(self, actor: Actor, items: list[Education]) -> Member:
        cleaned = self._checked_education(items)
        with self.store.write() as conn:
            self._replace_education(conn, actor.id, cleaned)
            self._reindex_if_mentor(conn, actor.id)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    @staticmethod
    def _checked_education(items: list[Education]) -> list[dict[str, Any]]:
        if len(items) > MAX_EDUCATION:
            raise Invalid(f"At most {MAX_EDUCATION} education entries fit in a profile.")
        return [
            {
                "institution": clean_line(
                    e.institution, "Institution", max_length=SHORT_TEXT_MAX, required=True
                ),
                "programme": clean_line(e.programme, "Programme", max_length=SHORT_TEXT_MAX),
                "started": check_year(e.started, "Year started"),
                "graduated": check_year(e.graduated, "Year graduated"),
            }
            for e in items
        ]

    def import_linkedin(self, actor: Actor, files: dict[str, str]) -> Member:
        """Overwrite the personal profile from a LinkedIn data export (not a live sync).

        Everything is checked before anything is written, and written in one transaction:
        an export that doesn't fit changes nothing.
        """
        from mentor_tui.domain.linkedin import parse_export

        data = parse_export(files)
        values = self._checked_changes(
            {
                key: getattr(data, key)
                for key in ("first_name", "last_name", "headline", "bio", "city", "country")
                if getattr(data, key)
            }
        )
        positions = self._checked_positions(data.positions) if data.positions is not None else None
        education = self._checked_education(data.education) if data.education is not None else None
        with self.store.write() as conn:
            self._apply_changes(conn, actor, values)
            if positions is not None:
                self._replace_positions(conn, actor.id, positions)
            if education is not None:
                self._replace_education(conn, actor.id, education)
            self._reindex_if_mentor(conn, actor.id)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    def confirm_profile(self, actor: Actor) -> Member:
        """The yearly "my profile is up to date"."""
        with self.store.write() as conn:
            conn.execute(
                update(t.users)
                .where(t.users.c.id == actor.id)
                .values(profile_confirmed_at=self.now(), confirmation_notified_at=None)
            )
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    # -- mentor profile -----------------------------------------------------------

    @staticmethod
    def require_alumnus(actor: Actor) -> None:
        if actor.role is not Role.ALUMNUS:
            who = "Students" if actor.role is Role.STUDENT else "Staff"
            raise NotAllowed(
                f"{who} can't be mentors: only alumni mentor in this network. If you have "
                "graduated, ask the alumni office to change your role to alumnus."
            )

    def update_mentor(
        self,
        actor: Actor,
        *,
        sectors: list[str] | None = None,
        job_title: str | None = None,
        employer: str | None = None,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        max_mentees: int | None = None,
    ) -> Member:
        """Set fields of the mentor profile (created, inactive, on first use)."""
        self.require_alumnus(actor)
        sector_list = canonical_many(sectors, SECTORS, "sector") if sectors is not None else None
        if sector_list is not None and len(sector_list) > MAX_SECTORS:
            raise Invalid(f"Choose one to {MAX_SECTORS} work sectors, not {len(sector_list)}.")
        help_list = (
            canonical_many(help_areas, HELP_AREAS, "area of help")
            if help_areas is not None
            else None
        )
        activity_list = (
            canonical_many(activities, ACTIVITIES, "activity") if activities is not None else None
        )
        if max_mentees is not None and not (
            MAX_MENTEES_RANGE[0] <= max_mentees <= MAX_MENTEES_RANGE[1]
        ):
            raise Invalid(
                f"Maximum mentees at a time is {MAX_MENTEES_RANGE[0]} to {MAX_MENTEES_RANGE[1]} "
                f"(suggested: {DEFAULT_MAX_MENTEES}), not {max_mentees}."
            )
        fields: dict[str, Any] = {}
        if job_title is not None:
            fields["job_title"] = clean_line(job_title, "Job title", max_length=SHORT_TEXT_MAX)
        if employer is not None:
            fields["employer"] = clean_line(employer, "Employer", max_length=SHORT_TEXT_MAX)
        if max_mentees is not None:
            fields["max_mentees"] = max_mentees
        with self.store.write() as conn:
            current = self.mentor_profile(conn, actor.id)
            if current is None:
                conn.execute(
                    t.mentor_profiles.insert().values(
                        user_id=actor.id,
                        state=MentorState.INACTIVE.value,
                        max_mentees=DEFAULT_MAX_MENTEES,
                        active_mentees=0,
                        has_room=True,
                        completed=0,
                    )
                )
            if fields:
                conn.execute(
                    update(t.mentor_profiles)
                    .where(t.mentor_profiles.c.user_id == actor.id)
                    .values(**fields)
                )
            for table, column, items in (
                (t.mentor_sectors, "sector", sector_list),
                (t.mentor_help_areas, "help_area", help_list),
                (t.mentor_activities, "activity", activity_list),
            ):
                if items is None:
                    continue
                conn.execute(delete(table).where(table.c.user_id == actor.id))
                if items:
                    conn.execute(
                        table.insert(),
                        [{"user_id": actor.id, column: v, "seq": i} for i, v in enumerate(items)],
                    )
            self.recount_mentor(conn, actor.id)
            index_mentor(conn, actor.id)
            profile = self.mentor_profile(conn, actor.id)
            assert profile is not None
            if profile.state is MentorState.ACTIVE and not profile.sectors:
                raise Invalid("An active mentor needs one to three work sectors.")
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    def activate_mentor(self, actor: Actor) -> Member:
        """Start (or resume) mentoring: visible in search and open to requests."""
        self.require_alumnus(actor)
        if actor.state is not AccountState.VERIFIED:
            self.require_verified(actor)
        with self.store.write() as conn:
            profile = self.mentor_profile(conn, actor.id)
            if profile is None or not profile.sectors:
                raise Invalid(
                    "Choose one to three work sectors first (mentor set --sector NAME), then "
                    "activate."
                )
            if profile.state is MentorState.ACTIVE:
                return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)
            self._set_mentor_state(conn, actor.id, MentorState.ACTIVE)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    def pause_mentor(self, actor: Actor) -> Member:
        """Hide from search and stop new requests; current mentoring goes on."""
        self.require_alumnus(actor)
        with self.store.write() as conn:
            profile = self.mentor_profile(conn, actor.id)
            if profile is None or profile.state is MentorState.INACTIVE:
                raise Invalid("Your mentor profile is not active, so there is nothing to pause.")
            if profile.state is not MentorState.PAUSED:
                self._set_mentor_state(conn, actor.id, MentorState.PAUSED)
            return self.member(conn, self.user_row(conn, actor.id), viewer=actor, private=True)

    def _set_mentor_state(self, conn: Connection, user_id: int, state: MentorState) -> None:
        conn.execute(
            update(t.mentor_profiles)
            .where(t.mentor_profiles.c.user_id == user_id)
            .values(state=state.value)
        )

    # -- helpers ------------------------------------------------------------------

    def _reindex_if_mentor(self, conn: Connection, user_id: int) -> None:
        if conn.execute(
            select(t.mentor_profiles.c.user_id).where(t.mentor_profiles.c.user_id == user_id)
        ).first():
            index_mentor(conn, user_id)

    @staticmethod
    def _replace_positions(conn: Connection, user_id: int, rows: list[dict[str, Any]]) -> None:
        conn.execute(delete(t.positions).where(t.positions.c.user_id == user_id))
        if rows:
            conn.execute(
                t.positions.insert(),
                [{"user_id": user_id, "seq": i, **r} for i, r in enumerate(rows)],
            )

    @staticmethod
    def _replace_education(conn: Connection, user_id: int, rows: list[dict[str, Any]]) -> None:
        conn.execute(delete(t.education).where(t.education.c.user_id == user_id))
        if rows:
            conn.execute(
                t.education.insert(),
                [{"user_id": user_id, "seq": i, **r} for i, r in enumerate(rows)],
            )
