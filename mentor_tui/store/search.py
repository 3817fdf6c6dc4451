"""Full-text search over mentors and the filtered, paginated mentor query.

The free text a person types is never handed to the full-text engine as syntax:
it is split into words and each word becomes a quoted prefix term, so quotes,
``*``, ``NEAR(``, ``-`` or brackets are searched for as text and can't break the query.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from mentor_tui.domain.enums import MentorState
from mentor_tui.domain.models import SearchQuery
from mentor_tui.domain.text import fold_ascii
from mentor_tui.store.schema import (
    education,
    mentor_activities,
    mentor_help_areas,
    mentor_profiles,
    mentor_sectors,
    positions,
    users,
)

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
"""More words than this narrow nothing further and only cost time."""


def search_key(value: str | None) -> str:
    """How a filterable text column is compared: folded, lower case, single spaces."""
    return " ".join(fold_ascii(value or "").casefold().split())


def _words(raw: str) -> list[str]:
    """The words to search for: a lone Latin letter or digit is left out.

    As a prefix one letter matches nearly every mentor ("l" finds London, law, lead,
    love...), so it narrows nothing a person meant, and ranking all of them cost a
    quarter of a second per keystroke on 100,000 mentors (bench/search.py). "j smith"
    searches for smith; "j" alone lists mentors as if nothing were typed yet.
    """
    words = _WORD.findall(raw.replace("_", " "))
    return [w for w in words if len(w) > 1 or not w.isascii()][:MAX_TERMS]


def fts_terms(raw: str) -> str | None:
    """Turn typed text into a safe FTS5 query of quoted prefix terms, or None if no words.

    Words are folded as the indexed text is (``Łukasz`` -> ``Lukasz``), then split again
    so that folding can't bring any character but word characters into the query.
    """
    words = _WORD.findall(fold_ascii(" ".join(_words(raw))))[:MAX_TERMS]
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def pg_terms(raw: str) -> str | None:
    """The same for PostgreSQL's to_tsquery: folded words as prefix terms joined by AND."""
    words = [search_key(w) for w in _words(raw)]
    words = [w for w in (_WORD.findall(" ".join(words))) if w][:MAX_TERMS]
    if not words:
        return None
    return " & ".join(f"{w}:*" for w in words)


def _is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


PG_WEIGHTS = {
    "name": "A",
    "headline": "B",
    "job": "B",
    "employer": "B",
    "study": "C",
    "career": "C",
    "bio": "D",
}
"""PostgreSQL's four weights, in the spirit of the bm25 column weights used on SQLite."""

_PG_DOCUMENT = " || ".join(
    f"setweight(to_tsvector('simple', :{col}), '{weight}')" for col, weight in PG_WEIGHTS.items()
)


_DOCUMENT_COLUMNS = ("name", "headline", "bio", "job", "employer", "study", "career")
"""The text columns of a mentor's search document, in the full-text table's order (the
bm25 weights of ``_text_hits`` follow it)."""


def create_search_index(conn: Connection) -> None:
    if _is_postgres(conn):
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS mentor_search ("
            "user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, "
            "document tsvector NOT NULL)"
        )
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_mentor_search_document "
            "ON mentor_search USING GIN (document)"
        )
        return
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS mentor_search USING fts5("
        f"{', '.join(_DOCUMENT_COLUMNS)}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def _insert_documents(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Write search documents (dicts with id and the seven text columns)."""
    if not rows:
        return
    if _is_postgres(conn):
        folded = [{k: (v if k == "id" else search_key(v)) for k, v in r.items()} for r in rows]
        conn.execute(
            text(
                f"INSERT INTO mentor_search(user_id, document) VALUES (:id, {_PG_DOCUMENT}) "
                "ON CONFLICT (user_id) DO UPDATE SET document = EXCLUDED.document"
            ),
            folded,
        )
        return
    # FTS5's unicode61 removes only accents that Unicode decomposes: folding first makes
    # "lukasz" find Łukasz, "soren" Søren and "gross" Groß, as usernames fold them.
    # Positional rows straight to the driver: SQLAlchemy's named-parameter handling of
    # each row cost 1.3 s of a 100,000-mentor seed (3.3 s -> 2.0 s for these inserts).
    conn.exec_driver_sql(
        f"INSERT INTO mentor_search(rowid, {', '.join(_DOCUMENT_COLUMNS)})"
        f" VALUES (?{', ?' * len(_DOCUMENT_COLUMNS)})",
        [(r["id"], *(fold_ascii(r[c]) for c in _DOCUMENT_COLUMNS)) for r in rows],
    )


def _delete_document(conn: Connection, user_id: int) -> None:
    key = "user_id" if _is_postgres(conn) else "rowid"
    conn.execute(text(f"DELETE FROM mentor_search WHERE {key} = :id"), {"id": user_id})


def _document(conn: Connection, user_id: int) -> dict[str, str] | None:
    row = conn.execute(
        select(users, mentor_profiles.c.job_title, mentor_profiles.c.employer)
        .join(mentor_profiles, mentor_profiles.c.user_id == users.c.id)
        .where(users.c.id == user_id)
    ).first()
    if row is None:
        return None
    m = row._mapping
    career = conn.execute(
        select(positions.c.title, positions.c.organisation).where(positions.c.user_id == user_id)
    ).all()
    studies = conn.execute(
        select(education.c.institution, education.c.programme).where(education.c.user_id == user_id)
    ).all()
    study = " ".join([m["institution"], m["programme"], *(f"{i} {p}" for i, p in studies)])
    return {
        "name": " ".join(p for p in (m["first_name"], m["middle_name"], m["last_name"]) if p),
        "headline": m["headline"],
        "bio": m["bio"],
        "job": m["job_title"],
        "employer": m["employer"],
        "study": study,
        "career": " ".join(f"{t} {o}" for t, o in career),
    }


def index_mentor(conn: Connection, user_id: int) -> None:
    """Bring one mentor's search row (and copied filter columns) up to date."""
    _delete_document(conn, user_id)
    doc = _document(conn, user_id)
    if doc is None:
        return
    _insert_documents(conn, [{"id": user_id, **doc}])
    member = conn.execute(
        select(users.c.sort_name, users.c.country, users.c.programme, users.c.year_graduated).where(
            users.c.id == user_id
        )
    ).one()
    conn.execute(
        mentor_profiles.update()
        .where(mentor_profiles.c.user_id == user_id)
        .values(
            sort_name=member.sort_name,
            country_key=search_key(member.country),
            programme_key=search_key(member.programme),
            year_graduated=member.year_graduated,
        )
    )


def remove_from_index(conn: Connection, user_id: int) -> None:
    """Forget a member who leaves, words and all.

    FTS5 only marks a deleted row: its words stay in the index segments (and so in the
    file) until they are merged. Merging now makes deletion remove the personal data.
    """
    _delete_document(conn, user_id)
    if not _is_postgres(conn):
        conn.exec_driver_sql("INSERT INTO mentor_search(mentor_search) VALUES ('optimize')")


def reindex_all_mentors(conn: Connection) -> None:
    for (user_id,) in conn.execute(select(mentor_profiles.c.user_id)).all():
        index_mentor(conn, user_id)


def bulk_index(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert many prepared search rows at once (used by the demo seeder)."""
    _insert_documents(conn, rows)


def mentor_filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a mentor search, all on indexed columns."""
    mp = mentor_profiles
    clauses: list[ColumnElement[bool]] = [mp.c.state == MentorState.ACTIVE.value]
    if query.has_room:
        clauses.append(mp.c.has_room.is_(True))
    # "user_id IN (the mentors of that sector)" rather than a correlated EXISTS: SQLite
    # then starts from the sector's index (a tenth of the mentors) instead of testing
    # every active mentor in turn (250 ms for one sector on 100,000 mentors; now 6 ms).
    if query.sectors:
        clauses.append(
            mp.c.user_id.in_(
                select(mentor_sectors.c.user_id).where(mentor_sectors.c.sector.in_(query.sectors))
            )
        )
    if query.help_area:
        clauses.append(
            mp.c.user_id.in_(
                select(mentor_help_areas.c.user_id).where(
                    mentor_help_areas.c.help_area == query.help_area
                )
            )
        )
    if query.activity:
        clauses.append(
            mp.c.user_id.in_(
                select(mentor_activities.c.user_id).where(
                    mentor_activities.c.activity == query.activity
                )
            )
        )
    if query.programme:
        clauses.append(mp.c.programme_key == search_key(query.programme))
    if query.country:
        clauses.append(mp.c.country_key == search_key(query.country))
    if query.graduated_from is not None:
        clauses.append(mp.c.year_graduated >= query.graduated_from)
    if query.graduated_to is not None:
        clauses.append(mp.c.year_graduated <= query.graduated_to)
    return clauses


def _text_hits(postgres: bool) -> Subquery:
    """Mentors whose document matches ``:terms``, with a rank where lower is better."""
    if postgres:
        # A real bound parameter: ":terms" inside literal_column() would reach the
        # server as text and fail with a syntax error.
        document: ColumnElement[Any] = literal_column("mentor_search.document")
        tsquery = func.to_tsquery("simple", bindparam("terms"))
        return (
            select(
                literal_column("mentor_search.user_id").label("user_id"),
                (-func.ts_rank(document, tsquery)).label("rank"),
            )
            .select_from(text("mentor_search"))
            .where(document.op("@@")(tsquery))
            .subquery("hits")
        )
    # The unary plus keeps the join from reaching the full-text table as a rowid lookup:
    # otherwise SQLite may walk every active mentor and run the MATCH once per mentor
    # (80,000 times on a 100,000-mentor network: a minute and a half for one count).
    # With it, the MATCH runs once and each hit finds its mentor by primary key.
    return (
        select(
            literal_column("+mentor_search.rowid").label("user_id"),
            literal_column("bm25(mentor_search, 10.0, 5.0, 1.0, 4.0, 4.0, 2.0, 2.0)").label("rank"),
        )
        .select_from(text("mentor_search"))
        .where(text("mentor_search MATCH :terms"))
        .subquery("hits")
    )


def search_mentor_ids(conn: Connection, query: SearchQuery) -> tuple[list[int], int]:
    """One page of matching mentor ids (best first) and the total number of matches.

    With words to match, every match is ranked to find the page anyway, so the page's
    query counts them too (``count(*) OVER ()``): a second query would find and join every
    match again (5 ms of 20 for "fin" on 100,000 mentors, 18 of 96 for "an"). Without words
    the page is read off the listing index and only the count looks at every mentor.
    """
    mp = mentor_profiles
    clauses = mentor_filters(query)
    offset = (query.page - 1) * query.page_size
    postgres = _is_postgres(conn)
    terms = pg_terms(query.text) if postgres else fts_terms(query.text)
    params = {"terms": terms} if terms else {}
    if terms is None:
        base = select(mp.c.user_id).where(*clauses)
        ordered = base.order_by(mp.c.has_room.desc(), mp.c.sort_name, mp.c.user_id)
    else:
        fts = _text_hits(postgres)
        base = select(mp.c.user_id).join(fts, fts.c.user_id == mp.c.user_id).where(*clauses)
        ordered = base.add_columns(func.count().over().label("total")).order_by(
            mp.c.has_room.desc(), fts.c.rank, mp.c.user_id
        )
    rows = conn.execute(ordered.limit(query.page_size).offset(offset), params).all()
    ids = [row[0] for row in rows]
    if terms is not None and rows:
        total = rows[0].total
    elif offset == 0 and len(ids) < query.page_size:
        total = len(ids)
    else:
        total = conn.execute(select(func.count()).select_from(base.subquery()), params).scalar_one()
    return ids, int(total)
