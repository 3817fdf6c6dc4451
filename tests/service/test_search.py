"""Finding mentors: free text, filters, pages, the sector cloud and suggested mentors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.domain.enums import Role
from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import Actor, Education, Position, SearchQuery
from tests.conftest import FakeClock, Network


def names(network: Network, actor: Actor, **query: object) -> list[str]:
    page = network.service.search_mentors(actor, SearchQuery(**query))
    return [card.username for card in page.items]


@pytest.fixture
def searcher(network: Network) -> Actor:
    return network.member()


# -- free text ------------------------------------------------------------------------


def test_search_finds_mentor_by_name(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Ingrid", last_name="Bergman")
    network.mentor()
    assert names(network, searcher, text="bergman") == [mentor.username]


def test_search_matches_the_start_of_words(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Ingrid", last_name="Bergman")
    assert names(network, searcher, text="Ingr") == [mentor.username]


def test_search_ignores_accents(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Zoë", last_name="Ångström")
    assert names(network, searcher, text="angstrom zoe") == [mentor.username]


def test_search_finds_mentor_by_headline(network: Network, searcher: Actor) -> None:
    mentor = network.mentor()
    network.service.update_profile(mentor, {"headline": "Volcanologist turned banker"})
    assert names(network, searcher, text="volcanologist") == [mentor.username]


def test_search_finds_mentor_by_bio(network: Network, searcher: Actor) -> None:
    mentor = network.mentor()
    network.service.update_profile(mentor, {"bio": "I keep bees on the roof of the office."})
    assert names(network, searcher, text="bees") == [mentor.username]


def test_search_finds_mentor_by_job_and_employer(network: Network, searcher: Actor) -> None:
    mentor = network.mentor()
    network.mentor()
    network.service.update_mentor(mentor, job_title="Actuary", employer="Gigantic Insurance")
    assert names(network, searcher, text="actuary") == [mentor.username]
    assert names(network, searcher, text="gigantic") == [mentor.username]


def test_search_finds_mentor_by_study(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(programme="Marine Biology")
    network.mentor()
    assert names(network, searcher, text="marine") == [mentor.username]
    network.service.set_education(mentor, [Education(institution="Sorbonne", programme="Law")])
    assert names(network, searcher, text="sorbonne") == [mentor.username]


def test_search_explores_career_paths(network: Network, searcher: Actor) -> None:
    mentor = network.mentor()
    network.mentor()
    network.service.set_positions(
        mentor, [Position(title="Sommelier", organisation="Vineyard Hotel")]
    )
    assert names(network, searcher, text="sommelier") == [mentor.username]
    assert names(network, searcher, text="vineyard") == [mentor.username]


def test_search_needs_every_word(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Ingrid", last_name="Bergman")
    network.mentor(first_name="Ingrid", last_name="Other")
    assert names(network, searcher, text="ingrid bergman") == [mentor.username]


def test_renamed_mentor_is_found_by_the_new_name_only(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Ingrid", last_name="Bergman")
    network.service.update_profile(mentor, {"last_name": "Nilsson"})
    assert names(network, searcher, text="bergman") == []
    assert names(network, searcher, text="nilsson") == [mentor.username]


def test_empty_text_lists_every_active_mentor(network: Network, searcher: Actor) -> None:
    mentors = {network.mentor().username for _ in range(3)}
    assert set(names(network, searcher, text="   ")) == mentors


# -- filters --------------------------------------------------------------------------


def test_filter_by_several_sectors(network: Network, searcher: Actor) -> None:
    law = network.mentor(sectors=["Law"])
    retail = network.mentor(sectors=["Retail", "Finance"])
    network.mentor(sectors=["Education"])
    assert set(names(network, searcher, sectors=["law", "RETAIL"])) == {
        law.username,
        retail.username,
    }


def test_sector_filter_is_case_insensitive(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(sectors=["Finance"])
    assert names(network, searcher, sectors=["finance"]) == [mentor.username]


def test_unknown_sector_filter_is_refused(network: Network, searcher: Actor) -> None:
    with pytest.raises(Invalid, match="not a known sector"):
        names(network, searcher, sectors=["Astrology"])


def test_filter_by_help_area(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(help_areas=["salary negotiation"])
    network.mentor(help_areas=["networking"])
    assert names(network, searcher, help_area="Salary Negotiation") == [mentor.username]


def test_filter_by_activity(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(activities=["job shadowing"])
    network.mentor(activities=["messages"])
    assert names(network, searcher, activity="job shadowing") == [mentor.username]


def test_filter_by_programme(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(programme="Civil Engineering")
    network.mentor(programme="Economics")
    assert names(network, searcher, programme="civil engineering") == [mentor.username]


def test_filter_by_graduation_year_range(network: Network, searcher: Actor) -> None:
    early, middle, late = network.mentor(), network.mentor(), network.mentor()
    for mentor, year in ((early, 2001), (middle, 2010), (late, 2020)):
        network.service.update_profile(mentor, {"year_started": 1995, "year_graduated": year})
    assert names(network, searcher, graduated_from=2005, graduated_to=2015) == [middle.username]
    assert set(names(network, searcher, graduated_from=2010)) == {middle.username, late.username}
    assert set(names(network, searcher, graduated_to=2010)) == {early.username, middle.username}


def test_reversed_graduation_range_is_refused(network: Network, searcher: Actor) -> None:
    with pytest.raises(Invalid, match="swap them"):
        names(network, searcher, graduated_from=2020, graduated_to=2010)


def test_filter_by_country(network: Network, searcher: Actor) -> None:
    mentor = network.mentor()
    network.service.update_profile(mentor, {"city": "Zürich", "country": "Switzerland"})
    network.mentor()
    assert names(network, searcher, country="switzerland") == [mentor.username]


def test_filter_by_room_now(network: Network, searcher: Actor) -> None:
    full = network.mentor(max_mentees=1)
    open_mentor = network.mentor(max_mentees=1)
    network.mentoring(network.member(), full)
    assert set(names(network, searcher)) == {full.username, open_mentor.username}
    assert names(network, searcher, has_room=True) == [open_mentor.username]


def test_mentors_with_room_come_first(network: Network, searcher: Actor) -> None:
    full = network.mentor(first_name="Aaron", max_mentees=1)
    open_mentor = network.mentor(first_name="Zed")
    network.mentoring(network.member(), full)
    assert names(network, searcher) == [open_mentor.username, full.username]


def test_filters_and_text_combine(network: Network, searcher: Actor) -> None:
    wanted = network.mentor(first_name="Ingrid", sectors=["Law"])
    network.mentor(first_name="Ingrid", sectors=["Retail"])
    network.mentor(first_name="Olaf", sectors=["Law"])
    assert names(network, searcher, text="ingrid", sectors=["Law"]) == [wanted.username]


# -- pages ----------------------------------------------------------------------------


def test_search_pages_through_the_mentors(network: Network, searcher: Actor) -> None:
    mentors = {network.mentor().username for _ in range(5)}
    first = network.service.search_mentors(searcher, SearchQuery(page=1, page_size=2))
    second = network.service.search_mentors(searcher, SearchQuery(page=2, page_size=2))
    third = network.service.search_mentors(searcher, SearchQuery(page=3, page_size=2))
    assert first.total == second.total == third.total == 5
    assert first.pages == 3 and first.has_more and not third.has_more
    seen = [c.username for p in (first, second, third) for c in p.items]
    assert len(seen) == 5 and set(seen) == mentors
    assert {c.username for c in first.items}.isdisjoint(c.username for c in second.items)


def test_text_search_pages_with_the_right_total(network: Network, searcher: Actor) -> None:
    for _ in range(3):
        network.mentor(last_name="Smith")
    network.mentor(last_name="Jones")
    second = network.service.search_mentors(
        searcher, SearchQuery(text="smith", page=2, page_size=2)
    )
    assert second.total == 3 and len(second.items) == 1


def test_page_past_the_end_is_empty(network: Network, searcher: Actor) -> None:
    network.mentor()
    page = network.service.search_mentors(searcher, SearchQuery(page=5))
    assert page.items == [] and page.total == 1


def test_text_page_past_the_end_is_empty_and_still_counts(
    network: Network, searcher: Actor
) -> None:
    # The page's own query counts the matches; a page with none of them counts apart.
    for _ in range(3):
        network.mentor(last_name="Smith")
    page = network.service.search_mentors(searcher, SearchQuery(text="smith", page=4, page_size=1))
    assert page.items == [] and page.total == 3


@pytest.mark.parametrize(("page", "size"), [(0, 20), (1, 0), (1, 101)])
def test_impossible_pages_are_refused(
    network: Network, searcher: Actor, page: int, size: int
) -> None:
    with pytest.raises(Invalid):
        network.service.search_mentors(searcher, SearchQuery(page=page, page_size=size))


# -- free text is text, never query syntax --------------------------------------------

HOSTILE = [
    '"',
    '""',
    '"unterminated',
    "*",
    "fin*",
    "NEAR(a b)",
    "NEAR(",
    "a NEAR/3 b",
    "-finance",
    "a - b",
    "(finance",
    "finance)",
    "[x]",
    "{name}: x",
    "name:finance",
    "^start",
    "AND",
    "OR NOT",
    "a AND OR b",
    "'; DROP TABLE users; --",
    "%_%",
    "\\",
    "Łódź 東京 مرحبا",
    "💼🚀",
    "x" * 10_000,
    "word " * 2_000,
    "\x00\x1b[31m",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:20]))
def test_search_text_with_query_syntax_never_errors(
    network: Network, searcher: Actor, text: str
) -> None:
    network.mentor(last_name="Finance")
    page = network.service.search_mentors(searcher, SearchQuery(text=text))
    assert page.total == len(page.items)


def test_quotes_and_operators_are_searched_as_words(network: Network, searcher: Actor) -> None:
    mentor = network.mentor(first_name="Ingrid", last_name="Bergman")
    assert names(network, searcher, text='"bergman') == [mentor.username]
    assert names(network, searcher, text='(ingrid) -"bergman*') == [mentor.username]
    assert names(network, searcher, text="ingrid NEAR(bergman") == []  # NEAR is a word here


@pytest.fixture(scope="module")
def searchable_network() -> object:
    """One network for the property test (hypothesis can't take a function fixture)."""
    from mentor_tui.domain.models import Registration
    from mentor_tui.service import MentoringService
    from mentor_tui.store.database import Store
    from tests.conftest import PASSWORD

    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as env:
        env.setenv("MENTOR_TUI_FAST_HASH", "1")  # module scope: before the autouse fixture
        store = Store.open_data_dir(Path(tmp))
        service = MentoringService(store, FakeClock())
        service.init_network(
            Registration(
                first_name="Alex",
                last_name="Office",
                password=PASSWORD,
                email="office@example.org",
                role=Role.STAFF,
                accept_guidelines=True,
            )
        )
        admin = service.authenticate(service.login("alex.office", PASSWORD).token)
        network = Network(service=service, clock=FakeClock(), data_dir=Path(tmp), admin=admin)
        network.mentor(first_name="Ingrid", last_name="Bergman")
        network.mentor(first_name="Zoë", last_name="Ångström")
        yield network, network.member()
        store.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "*",
                    "NEAR(",
                    "-",
                    "(",
                    ")",
                    "[",
                    "]",
                    ":",
                    "^",
                    "AND",
                    "OR",
                    "NOT",
                    "ingrid",
                    "berg",
                    "ö",
                    " ",
                    "+",
                    "{",
                    "}",
                    ",",
                    "'",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_any_typed_text_searches_without_error(
    searchable_network: tuple[Network, Actor], text: str
) -> None:
    network, searcher = searchable_network
    page = network.service.search_mentors(searcher, SearchQuery(text=text))
    assert page.total == len(page.items) <= 2


# -- sector cloud ---------------------------------------------------------------------


def test_sector_cloud_counts_active_mentors_per_sector(network: Network, searcher: Actor) -> None:
    network.mentor(sectors=["Law", "Finance"])
    network.mentor(sectors=["Finance"])
    cloud = {c.sector: c.count for c in network.service.sector_cloud(searcher)}
    assert cloud["Finance"] == 2 and cloud["Law"] == 1 and cloud["Retail"] == 0


def test_sector_cloud_leaves_out_paused_and_inactive_mentors(
    network: Network, searcher: Actor
) -> None:
    network.mentor(sectors=["Finance"])
    paused = network.mentor(sectors=["Finance"])
    network.service.pause_mentor(paused)
    inactive = network.member(Role.ALUMNUS)
    network.service.update_mentor(inactive, sectors=["Finance"])
    cloud = {c.sector: c.count for c in network.service.sector_cloud(searcher)}
    assert cloud["Finance"] == 1


def test_sector_cloud_is_largest_first(network: Network, searcher: Actor) -> None:
    network.mentor(sectors=["Law"])
    network.mentor(sectors=["Retail"])
    network.mentor(sectors=["Retail"])
    cloud = network.service.sector_cloud(searcher)
    assert [c.sector for c in cloud[:2]] == ["Retail", "Law"]


def test_choosing_a_sector_of_the_cloud_finds_its_mentors(
    network: Network, searcher: Actor
) -> None:
    network.mentor(sectors=["Law"])
    network.mentor(sectors=["Law", "Retail"])
    network.mentor(sectors=["Retail"])
    for entry in network.service.sector_cloud(searcher):
        found = network.service.search_mentors(searcher, SearchQuery(sectors=[entry.sector]))
        assert found.total == entry.count


# -- suggested mentors ----------------------------------------------------------------


def test_suggestions_rank_by_what_is_shared_and_say_why(network: Network) -> None:
    mentee = network.member(programme="History")
    network.service.update_profile(
        mentee, {"interests": ["Finance"], "goals": ["salary negotiation"]}
    )
    best = network.mentor(
        programme="History", sectors=["Finance"], help_areas=["salary negotiation"]
    )
    sector_only = network.mentor(programme="Physics", sectors=["Finance"])
    network.mentor(programme="Physics", sectors=["Law"])  # shares nothing
    suggestions = network.service.suggest_mentors(mentee)
    assert [s.mentor.username for s in suggestions] == [best.username, sector_only.username]
    assert suggestions[0].why == "same programme · Finance · salary negotiation"
    assert suggestions[1].why == "Finance"


def test_equal_suggestions_come_in_name_order_with_the_best_first(network: Network) -> None:
    mentee = network.member(programme="History")
    network.service.update_profile(mentee, {"interests": ["Finance", "Law"]})
    zoe = network.mentor(first_name="Zoe", last_name="Adams", sectors=["Finance"])
    amy = network.mentor(first_name="Amy", last_name="Brown", sectors=["Finance"])
    both = network.mentor(first_name="Yan", last_name="Chen", sectors=["Law", "Finance"])
    alike = network.mentor(first_name="Amy", last_name="Brown", sectors=["Finance"])
    suggestions = network.service.suggest_mentors(mentee, limit=3)
    assert [s.mentor.username for s in suggestions] == [
        both.username,
        amy.username,
        alike.username,  # the same name: the earlier member first
    ]
    assert [s.score for s in suggestions] == [6, 3, 3]
    assert suggestions[0].why == "Law · Finance"
    assert zoe.username not in {s.mentor.username for s in suggestions}


def test_suggestions_leave_out_mentors_without_room(network: Network) -> None:
    mentee = network.member()
    network.service.update_profile(mentee, {"interests": ["Finance"]})
    full = network.mentor(sectors=["Finance"], max_mentees=1)
    network.mentoring(network.member(), full)
    assert network.service.suggest_mentors(mentee) == []


def test_suggestions_leave_out_mentors_already_requested(network: Network) -> None:
    mentee = network.member()
    network.service.update_profile(mentee, {"interests": ["Finance"]})
    requested = network.mentor(sectors=["Finance"])
    mentoring = network.mentor(sectors=["Finance"])
    other = network.mentor(sectors=["Finance"])
    network.request(mentee, requested)
    network.mentoring(mentee, mentoring)
    assert [s.mentor.username for s in network.service.suggest_mentors(mentee)] == [other.username]


def test_suggestions_leave_out_paused_mentors_and_oneself(network: Network) -> None:
    me = network.mentor(sectors=["Finance"])
    network.service.update_profile(me, {"interests": ["Finance"]})
    paused = network.mentor(sectors=["Finance"])
    network.service.pause_mentor(paused)
    assert network.service.suggest_mentors(me) == []


def test_no_suggestions_without_anything_to_share(network: Network) -> None:
    mentee = network.member(programme="")
    network.mentor(sectors=["Finance"])
    assert network.service.suggest_mentors(mentee) == []


def test_suggestions_are_limited(network: Network) -> None:
    mentee = network.member()
    network.service.update_profile(mentee, {"interests": ["Finance"]})
    for _ in range(4):
        network.mentor(sectors=["Finance"])
    assert len(network.service.suggest_mentors(mentee, limit=3)) == 3


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("Łukasz", "Wróbel", "lukasz wrobel"),
        ("Søren", "Kierkegaard", "soren"),
        ("Jürgen", "Groß", "gross"),
        ("Zoë", "Ångström", "Zoë Ångström"),
    ],
)
def test_search_folds_letters_as_usernames_do(
    network: Network, searcher: Actor, first: str, last: str, typed: str
) -> None:
    mentor = network.mentor(first_name=first, last_name=last)
    assert names(network, searcher, text=typed) == [mentor.username]
