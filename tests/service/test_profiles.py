"""The personal profile: fields and their checks, privacy, LinkedIn import, yearly confirmation."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import NotificationKind
from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import Education, Position
from tests.conftest import Network


def test_headline_of_125_characters_fits(network: Network) -> None:
    member = network.member()
    assert network.service.update_profile(member, {"headline": "h" * 125}).headline == "h" * 125


def test_headline_of_126_characters_is_refused_saying_by_how_much(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="Shorten it by 1"):
        network.service.update_profile(member, {"headline": "h" * 126})
    assert network.service.me(member).headline == ""


def test_profile_fields_are_saved(network: Network) -> None:
    member = network.member()
    me = network.service.update_profile(
        member,
        {
            "city": "Lyon",
            "country": "France",
            "bio": "Two lines\nof bio.",
            "website": "https://example.org/me",
            "linkedin": "https://www.linkedin.com/in/me",
            "other_contacts": "@me on Mastodon",
            "address": "1 Rue de Test",
        },
    )
    assert (me.city, me.country, me.bio) == ("Lyon", "France", "Two lines\nof bio.")
    assert me.website == "https://example.org/me"
    assert me.private is not None and me.private.address == "1 Rue de Test"


def test_terminal_escapes_are_removed_from_profile_text(network: Network) -> None:
    member = network.member()
    me = network.service.update_profile(member, {"headline": "Hi\x1b[31m red\x1b]0;title\x07"})
    assert me.headline == "Hi red"


@pytest.mark.parametrize("year", ["1850", "20199", "soon", 2200])
def test_years_outside_a_plausible_range_are_refused(network: Network, year: object) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="must be a year"):
        network.service.update_profile(member, {"year_graduated": year})


def test_graduation_before_start_is_refused_on_the_profile(network: Network) -> None:
    member = network.member()  # started 2015
    with pytest.raises(Invalid, match="can't be before"):
        network.service.update_profile(member, {"graduated": 2010})


@pytest.mark.parametrize("url", ["example.org", "javascript:alert(1)", "ftp://example.org"])
def test_website_must_be_a_web_address(network: Network, url: str) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="https://"):
        network.service.update_profile(member, {"website": url})


def test_linkedin_url_must_be_a_web_address(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="LinkedIn URL"):
        network.service.update_profile(member, {"linkedin": "linkedin.com/in/me"})


def test_profile_email_must_be_an_email_address(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="not an e-mail address"):
        network.service.update_profile(member, {"email": "me at example"})


def test_profile_email_of_another_account_is_refused(network: Network) -> None:
    first, second = network.member(), network.member()
    other_email = network.service.me(second).private.email  # type: ignore[union-attr]
    with pytest.raises(Invalid, match="another account"):
        network.service.update_profile(first, {"email": other_email.upper()})


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("off", False), (True, True)])
def test_switches_take_yes_or_no(network: Network, raw: object, expected: bool) -> None:
    member = network.member()
    me = network.service.update_profile(member, {"show_email": raw})
    assert me.private is not None and me.private.show_email is expected


def test_switch_refuses_anything_but_yes_or_no(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="yes or no"):
        network.service.update_profile(member, {"email_notifications": "maybe"})


def test_unknown_profile_field_is_refused(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="not a profile field"):
        network.service.update_profile(member, {"shoe_size": "42"})


def test_required_name_cannot_be_blanked(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="First name is required"):
        network.service.update_profile(member, {"first_name": "   "})


def test_interest_sectors_and_goals_match_the_lists_case_insensitively(network: Network) -> None:
    member = network.member()
    me = network.service.update_profile(
        member, {"interests": "finance, non profit", "goals": ["SALARY NEGOTIATION"]}
    )
    assert me.interest_sectors == ["Finance", "Non-profit"]
    assert me.goal_areas == ["salary negotiation"]
    with pytest.raises(Invalid, match="not a known sector"):
        network.service.update_profile(member, {"interests": "Astrology"})


# -- privacy --------------------------------------------------------------------------


def test_email_is_hidden_from_other_members_by_default(network: Network) -> None:
    member, other = network.member(), network.member()
    seen = network.service.get_member(other, member.username)
    assert seen.email is None and seen.private is None


def test_email_is_shown_to_members_when_the_switch_is_on(network: Network) -> None:
    member, other = network.member(), network.member()
    network.service.update_profile(member, {"show_email": "yes"})
    assert network.service.get_member(other, member.username).email is not None


def test_address_is_never_shown_to_other_members(network: Network) -> None:
    member, other = network.member(), network.member()
    network.service.update_profile(member, {"address": "1 Secret Lane", "show_email": True})
    seen = network.service.get_member(other, member.username)
    assert "1 Secret Lane" not in seen.model_dump_json()


def test_member_sees_own_email_and_address(network: Network) -> None:
    member = network.member()
    network.service.update_profile(member, {"address": "1 Secret Lane"})
    me = network.service.get_member(member, member.username)
    assert me.email is not None
    assert me.private is not None and me.private.address == "1 Secret Lane"


# -- history --------------------------------------------------------------------------


def test_professional_history_and_education_are_replaced(network: Network) -> None:
    member = network.member()
    network.service.set_positions(member, [Position(title="Intern", organisation="A")])
    me = network.service.set_positions(
        member, [Position(title="Analyst", organisation="Bank", start="2020", end="")]
    )
    assert [(p.title, p.organisation) for p in me.positions] == [("Analyst", "Bank")]
    me = network.service.set_education(
        member, [Education(institution="Uni", programme="Maths", started=2015, graduated=2019)]
    )
    assert [(e.institution, e.graduated) for e in me.education] == [("Uni", 2019)]


def test_education_year_is_checked(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="must be a year"):
        network.service.set_education(member, [Education(institution="Uni", graduated=3000)])


# -- LinkedIn import ------------------------------------------------------------------

PROFILE_CSV = (
    "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
    "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    'Ana,Lima,,,,"Data scientist, Acme","I turn data into decisions.",Technology,,'
    '"Porto, Portugal",,,\n'
)
POSITIONS_CSV = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Acme,Data Scientist,,Porto,Jan 2021,\n"
    "Beta Labs,Analyst,,Lisbon,Sep 2018,Dec 2020\n"
)
EDUCATION_CSV = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "University of Porto,2014,2018,,BSc Statistics,\n"
)


def test_linkedin_import_fills_the_profile(network: Network) -> None:
    member = network.member()
    me = network.service.import_linkedin(
        member,
        {
            "Profile.csv": PROFILE_CSV,
            "Positions.csv": POSITIONS_CSV,
            "Education.csv": EDUCATION_CSV,
        },
    )
    assert (me.first_name, me.last_name) == ("Ana", "Lima")
    assert me.headline == "Data scientist, Acme"
    assert me.bio == "I turn data into decisions."
    assert (me.city, me.country) == ("Porto", "Portugal")
    assert [(p.title, p.organisation, p.start) for p in me.positions] == [
        ("Data Scientist", "Acme", "Jan 2021"),
        ("Analyst", "Beta Labs", "Sep 2018"),
    ]
    assert [(e.institution, e.programme, e.graduated) for e in me.education] == [
        ("University of Porto", "BSc Statistics", 2018)
    ]


def test_linkedin_import_overwrites_what_is_there(network: Network) -> None:
    member = network.member()
    network.service.update_profile(member, {"headline": "Old headline", "city": "Oslo"})
    network.service.set_positions(member, [Position(title="Old job", organisation="Old")])
    me = network.service.import_linkedin(
        member, {"Profile.csv": PROFILE_CSV, "Positions.csv": POSITIONS_CSV}
    )
    assert me.headline == "Data scientist, Acme" and me.city == "Porto"
    assert "Old job" not in [p.title for p in me.positions]


def test_linkedin_import_can_be_run_again(network: Network) -> None:
    member = network.member()
    files = {"Profile.csv": PROFILE_CSV, "Positions.csv": POSITIONS_CSV}
    network.service.import_linkedin(member, files)
    network.service.update_profile(member, {"headline": "Edited by hand"})
    me = network.service.import_linkedin(member, files)
    assert me.headline == "Data scientist, Acme"
    assert len(me.positions) == 2  # replaced, not appended


def test_linkedin_import_reads_files_inside_the_export_folder(network: Network) -> None:
    member = network.member()
    me = network.service.import_linkedin(member, {"Basic_Export/Education.csv": EDUCATION_CSV})
    assert [e.institution for e in me.education] == ["University of Porto"]


def test_linkedin_import_without_export_files_is_refused(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match=r"No Profile\.csv"):
        network.service.import_linkedin(member, {"Connections.csv": "First Name\nBob\n"})


def test_linkedin_import_cuts_a_long_headline_to_what_fits(network: Network) -> None:
    member = network.member()
    long_profile = "First Name,Last Name,Headline\nAna,Lima," + "x" * 200 + "\n"
    me = network.service.import_linkedin(member, {"Profile.csv": long_profile})
    assert me.headline == "x" * 125


def test_failed_linkedin_import_changes_nothing(network: Network) -> None:
    member = network.member()
    network.service.update_profile(member, {"headline": "Kept as it was"})
    too_many = "Company Name,Title,Started On\n" + "Acme,Clerk,2001\n" * 31
    with pytest.raises(Invalid, match="At most 30 positions"):
        network.service.import_linkedin(
            member, {"Profile.csv": PROFILE_CSV, "Positions.csv": too_many}
        )
    assert network.service.me(member).headline == "Kept as it was"


def test_linkedin_import_makes_a_mentor_findable_by_career(network: Network) -> None:
    from mentor_tui.domain.models import SearchQuery

    mentor, mentee = network.mentor(), network.member()
    network.service.import_linkedin(mentor, {"Positions.csv": POSITIONS_CSV})
    found = network.service.search_mentors(mentee, SearchQuery(text="Beta Labs"))
    assert [c.username for c in found.items] == [mentor.username]


# -- keeping it current ---------------------------------------------------------------


def test_fresh_profile_needs_no_confirmation(network: Network) -> None:
    member = network.member()
    network.clock.advance(days=364)
    me = network.service.me(member)
    assert me.private is not None and not me.private.confirmation_due


def test_profile_unconfirmed_for_twelve_months_is_flagged(network: Network) -> None:
    member = network.member()
    network.clock.advance(days=365)
    me = network.service.me(member)
    assert me.private is not None and me.private.confirmation_due


def test_confirming_the_profile_clears_the_flag(network: Network) -> None:
    member = network.member()
    network.clock.advance(days=400)
    me = network.service.confirm_profile(member)
    assert me.private is not None and not me.private.confirmation_due


def test_confirmation_due_is_notified_once(network: Network) -> None:
    member = network.member()
    network.clock.advance(days=365)
    network.service.process_due()
    network.service.process_due()
    network.clock.advance(days=30)
    network.service.process_due()
    kinds = network.kinds(member)
    assert kinds.count(NotificationKind.PROFILE_CONFIRMATION_DUE) == 1


def test_confirmation_is_asked_again_a_year_after_confirming(network: Network) -> None:
    member = network.member()
    network.clock.advance(days=365)
    network.service.process_due()
    network.service.confirm_profile(member)
    network.clock.advance(days=364)
    network.service.process_due()
    assert network.kinds(member).count(NotificationKind.PROFILE_CONFIRMATION_DUE) == 1
    network.clock.advance(days=1)
    network.service.process_due()
    assert network.kinds(member).count(NotificationKind.PROFILE_CONFIRMATION_DUE) == 2
