"""Profiles, LinkedIn import, the mentor profile, the sector cloud, search and
suggestions, from the command line."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN, EXPORT, Cli, Pair, isolated_environment, new_network

# -- profile show / set --------------------------------------------------------------------


def test_profile_set_and_show(pair: Pair) -> None:
    cli, sam = pair.cli, pair.mentee
    cli.ok("profile", "set", "headline", "Economics student, curious about risk", user=sam)
    cli.ok("profile", "set", "city", "Leeds", user=sam)
    cli.ok("profile", "set", "country", "United Kingdom", user=sam)
    cli.ok("profile", "set", "bio", "Second year.\nRowing, chess.", user=sam)
    cli.ok("profile", "set", "website", "https://sam.example.org", user=sam)
    cli.ok("profile", "set", "show-email", "yes", user=sam)
    cli.ok("profile", "set", "email-notifications", "no", user=sam)
    cli.ok("profile", "set", "interests", "finance, Information Technology", user=sam)
    saved = cli.js("profile", "set", "goals", "salary negotiation,networking", user=sam)
    assert saved["interest_sectors"] == ["Finance", "Information Technology"]
    assert saved["goal_areas"] == ["salary negotiation", "networking"]
    assert saved["private"]["show_email"] is True
    assert saved["private"]["email_notifications"] is False
    assert cli.ok("profile", "set", "city", "York", user=sam).out.strip() == "Saved city."
    plain = cli.ok("profile", "show", user=sam).out
    assert plain.splitlines()[0] == "Sam Lee (sam.lee) · student · account verified"
    for line in (
        "Headline: Economics student, curious about risk",
        "Location: York, United Kingdom",
        "Website: https://sam.example.org",
        "Interests: Finance, Information Technology",
        "Bio:",
        "  Second year.",
        "  Rowing, chess.",
        "Private: e-mail sam.lee@example.org (shown to members), e-mail notifications off",
    ):
        assert line in plain.splitlines(), line


def test_profile_show_another_member_hides_their_private_part(pair: Pair) -> None:
    cli = pair.cli
    zoe = cli.js("profile", "show", pair.mentor, user=pair.mentee)
    assert zoe["username"] == pair.mentor
    assert zoe["private"] is None
    assert zoe["email"] is None  # not shown unless she says so
    assert zoe["mentor"]["state"] == "active"
    plain = cli.ok("profile", "show", pair.mentor, user=pair.mentee).out
    assert "Mentor: active · 0 of 2 mentees · 0 completed" in plain
    assert "Private:" not in plain
    assert "no.body" in cli.refused("profile", "show", "no.body", user=pair.mentee)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("headline", "x" * 126, "125"),
        ("favourite-colour", "blue", "not a profile field"),
        ("show-email", "perhaps", "yes"),
        ("website", "not a url", "Website"),
        ("interests", "Alchemy", "Alchemy"),
        ("started", "3000", "Year started"),
        ("email", "office@example.org", "another account"),
        ("first-name", "", "First name"),
    ],
)
def test_profile_set_refuses_bad_values_in_one_line(
    pair: Pair, field: str, value: str, words: str
) -> None:
    before = pair.cli.js("profile", "show", user=pair.mentee)
    assert words in pair.cli.refused("profile", "set", field, value, user=pair.mentee)
    assert pair.cli.js("profile", "show", user=pair.mentee) == before


README_FIELDS = {
    "first-name": "Samuel",
    "middle-name": "J.",
    "last-name": "Lee-Park",
    "headline": "Economics student",
    "city": "Leeds",
    "country": "United Kingdom",
    "bio": "Rowing and chess.",
    "address": "1 Example Road, Leeds",
    "email": "samuel@example.org",
    "website": "https://sam.example.org",
    "linkedin": "https://www.linkedin.com/in/sam-lee-example",
    "other-contacts": "Signal: @samlee",
    "show-email": "yes",
    "email-notifications": "no",
    "institution": "University of Example",
    "programme": "Economics and Finance",
    "started": "2022",
    "graduated": "2026",
    "interests": "Finance,Law",
    "goals": "networking,further study",
}
"""Every field the README lists for ``profile set``, with a value it should take."""


def test_every_field_the_readme_lists_can_be_set(pair: Pair) -> None:
    for field, value in README_FIELDS.items():
        pair.cli.ok("profile", "set", field, value, user=pair.mentee)
    me = pair.cli.js("profile", "show", user=pair.mentee)
    assert (me["first_name"], me["middle_name"], me["last_name"]) == ("Samuel", "J.", "Lee-Park")
    assert (me["year_started"], me["year_graduated"]) == (2022, 2026)
    assert me["interest_sectors"] == ["Finance", "Law"]
    assert me["private"]["address"] == "1 Example Road, Leeds"
    assert me["private"]["email"] == "samuel@example.org"
    assert me["linkedin"] == "https://www.linkedin.com/in/sam-lee-example"
    assert me["other_contacts"] == "Signal: @samlee"


def test_headline_of_exactly_125_characters_fits(pair: Pair) -> None:
    saved = pair.cli.js("profile", "set", "headline", "h" * 125, user=pair.mentee)
    assert saved["headline"] == "h" * 125


def test_profile_set_needs_a_field_and_a_value(pair: Pair) -> None:
    assert "VALUE" in pair.cli.usage("profile", "set", "headline", user=pair.mentee)


def test_profile_add_position_and_education(pair: Pair) -> None:
    cli, sam = pair.cli, pair.mentee
    cli.ok("profile", "add-position", "--title", "Intern", "--organisation", "Northbank",
           "--from", "Jun 2024", "--to", "Aug 2024", user=sam)  # fmt: skip
    member = cli.js("profile", "add-position", "--title", "Tutor", "--organisation", "School",
                    user=sam)  # fmt: skip
    assert [p["title"] for p in member["positions"]] == ["Tutor", "Intern"]
    member = cli.js("profile", "add-education", "--institution", "College", "--programme",
                    "A-levels", "--started", "2019", "--graduated", "2021", user=sam)  # fmt: skip
    assert member["education"][-1] == {
        "institution": "College",
        "programme": "A-levels",
        "started": 2019,
        "graduated": 2021,
    }
    plain = cli.ok("profile", "show", user=sam).out
    assert "  Intern, Northbank (Jun 2024–Aug 2024)" in plain
    assert "  A-levels, College (2019–2021)" in plain


def test_profile_confirm(pair: Pair) -> None:
    confirmed = pair.cli.js("profile", "confirm", user=pair.mentee)
    assert confirmed["private"]["profile_confirmed_at"] is not None
    assert confirmed["private"]["confirmation_due"] is False
    assert "confirmed" in pair.cli.ok("profile", "confirm", user=pair.mentee).out


# -- LinkedIn import --------------------------------------------------------------------------


def _zip(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, prefix + file.name)
    return target


def _check_imported(member: dict[str, object]) -> None:
    assert member["first_name"] == "Zoë"
    assert member["last_name"] == "Ångström"
    headline = str(member["headline"])
    assert len(headline) <= 125 and headline.startswith("Senior Risk Analyst at Northbank |")
    assert headline.endswith("into finance careers, one coffee")  # cut to fit, not refused
    assert '("the CV is a story, not a list")' in str(member["bio"])
    assert "\n\nThese days" in str(member["bio"])
    assert (member["city"], member["country"]) == ("Rotterdam, South Holland", "Netherlands")
    assert member["positions"] == [
        {"title": "Senior Risk Analyst", "organisation": "Northbank", "start": "Mar 2021",
         "end": ""},
        {"title": "Analyst", "organisation": "Kestrel Consulting", "start": "Sep 2017",
         "end": "Feb 2021"},
        {"title": "Research Intern", "organisation": "Statistics Netherlands",
         "start": "Jun 2016", "end": "Aug 2016"},
    ]  # fmt: skip
    assert member["education"] == [
        {"institution": "University of Example", "programme": "BSc Economics",
         "started": 2012, "graduated": 2016},
        {"institution": "Erasmus University Rotterdam", "programme": "MSc Finance",
         "started": 2016, "graduated": 2017},
    ]  # fmt: skip


def test_import_linkedin_from_the_export_folder(pair: Pair) -> None:
    cli = pair.cli
    out = cli.ok("profile", "import-linkedin", str(EXPORT), user=pair.mentor).out
    assert out.strip() == f"Imported from {EXPORT}: 3 positions, 2 education entries."
    _check_imported(cli.js("profile", "show", user=pair.mentor))


def test_import_linkedin_from_the_zip_archive(pair: Pair, tmp_path: Path) -> None:
    archive = _zip(EXPORT, tmp_path / "Basic_LinkedInDataExport_03-01-2026.zip")
    _check_imported(cli_json := pair.cli.js("profile", "import-linkedin", str(archive),
                                            user=pair.mentor))  # fmt: skip
    assert cli_json["state"] == "verified"


def test_import_linkedin_overwrites_and_can_run_again(pair: Pair) -> None:
    cli, zoe = pair.cli, pair.mentor
    cli.ok("profile", "import-linkedin", str(EXPORT), user=zoe)
    cli.ok("profile", "set", "headline", "Changed by hand", user=zoe)
    cli.ok("profile", "add-position", "--title", "Board member", "--organisation", "Charity",
           user=zoe)  # fmt: skip
    _check_imported(cli.js("profile", "import-linkedin", str(EXPORT), user=zoe))


def test_imported_career_is_searchable(pair: Pair) -> None:
    cli = pair.cli
    assert cli.js("mentors", "search", "Kestrel", user=pair.mentee)["total"] == 0
    cli.ok("profile", "import-linkedin", str(EXPORT), user=pair.mentor)
    found = cli.js("mentors", "search", "Kestrel", user=pair.mentee)
    assert [card["username"] for card in found["items"]] == [pair.mentor]


def test_import_linkedin_of_just_the_positions_file(pair: Pair) -> None:
    cli = pair.cli
    cli.ok("profile", "set", "headline", "Kept", user=pair.mentor)
    member = cli.js("profile", "import-linkedin", str(EXPORT / "Positions.csv"), user=pair.mentor)
    assert len(member["positions"]) == 3
    assert member["headline"] == "Kept"


def test_import_linkedin_refuses_what_is_not_an_export(pair: Pair, tmp_path: Path) -> None:
    cli, zoe = pair.cli, pair.mentor
    before = cli.js("profile", "show", user=zoe)
    missing = tmp_path / "nowhere.zip"
    assert "does not exist" in cli.refused("profile", "import-linkedin", str(missing), user=zoe)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "LinkedIn export" in cli.refused("profile", "import-linkedin", str(empty), user=zoe)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert "neither" in cli.refused("profile", "import-linkedin", str(notes), user=zoe)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(_zip(EXPORT, tmp_path / "good.zip").read_bytes()[:-60])
    assert "damaged" in cli.refused("profile", "import-linkedin", str(damaged), user=zoe)
    other = _zip(tmp_path / "empty", tmp_path / "other.zip")
    assert "LinkedIn export" in cli.refused("profile", "import-linkedin", str(other), user=zoe)
    assert cli.js("profile", "show", user=zoe) == before


def test_import_linkedin_that_does_not_fit_changes_nothing(pair: Pair, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    rows = ["Company Name,Title,Description,Location,Started On,Finished On"]
    rows += [f"Company {i},Role {i},,,Jan 2000,Feb 2000" for i in range(200)]
    (folder / "Positions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = pair.cli.js("profile", "show", user=pair.mentor)
    assert "positions" in pair.cli.refused(
        "profile", "import-linkedin", str(folder), user=pair.mentor
    )
    assert pair.cli.js("profile", "show", user=pair.mentor) == before


# -- the mentor profile -----------------------------------------------------------------------


def test_mentor_set_activate_pause(net: Cli) -> None:
    ada = net.member("Ada", "Byron", "alumnus", started=2010, graduated=2014)
    saved = net.js(
        "mentor", "set",
        "--sector", "finance", "--sector", "Information Technology",
        "--help-area", "salary negotiation", "--help-area", "CV and applications",
        "--activity", "messages", "--activity", "CV review",
        "--max-mentees", "3", "--job-title", "CTO", "--employer", "Ledgerly",
        user=ada,
    )  # fmt: skip
    mentor = saved["mentor"]
    assert mentor["state"] == "inactive"
    assert mentor["sectors"] == ["Finance", "Information Technology"]
    assert mentor["help_areas"] == ["salary negotiation", "CV and applications"]
    assert mentor["activities"] == ["messages", "CV review"]
    assert mentor["max_mentees"] == 3
    assert (mentor["job_title"], mentor["employer"]) == ("CTO", "Ledgerly")
    plain = net.ok("mentor", "set", "--max-mentees", "2", user=ada).out
    assert plain.startswith("Mentor profile saved.\nMentor: inactive · 0 of 2 mentees")
    assert net.js("mentor", "activate", user=ada)["mentor"]["state"] == "active"
    assert "active mentor" in net.ok("mentor", "activate", user=ada).out
    assert net.js("mentor", "pause", user=ada)["mentor"]["state"] == "paused"
    assert "paused" in net.ok("mentor", "pause", user=ada).out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--max-mentees", "6"), "5"),
        (("--max-mentees", "0"), "1"),
        (("--sector", "Alchemy"), "Alchemy"),
        (
            (
                "--sector",
                "Law",
                "--sector",
                "Retail",
                "--sector",
                "Finance",
                "--sector",
                "Energy and Environment",
            ),
            "3",
        ),
        (("--help-area", "juggling"), "juggling"),
        (("--activity", "skydiving"), "skydiving"),
    ],
)
def test_mentor_set_refuses_what_the_lists_do_not_have(
    pair: Pair, args: tuple[str, ...], words: str
) -> None:
    before = pair.cli.js("profile", "show", user=pair.mentor)
    assert words in pair.cli.refused("mentor", "set", *args, user=pair.mentor)
    assert pair.cli.js("profile", "show", user=pair.mentor) == before


def test_mentor_set_max_mentees_must_be_a_number(pair: Pair) -> None:
    assert "--max-mentees" in pair.cli.usage("mentor", "set", "--max-mentees", "lots")


def test_only_alumni_mentor(pair: Pair) -> None:
    for args in (("set", "--sector", "Finance"), ("activate",), ("pause",)):
        assert "alumni" in pair.cli.refused("mentor", *args, user=pair.mentee).lower()
    assert "alumni" in pair.cli.refused("mentor", "set", "--sector", "Law", user=ADMIN).lower()


# -- sectors, search, suggestions --------------------------------------------------------------


@pytest.fixture(scope="module")
def mentors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """One network for the search tests, which only read it: Zoë (Finance, room for 2),
    Sam the mentee, and four more mentors that differ in every filter (Ravi is full,
    Ana is paused)."""
    home = tmp_path_factory.mktemp("search")
    with isolated_environment(home):
        cli = new_network(Cli(home / "network"))
        pair = Pair(cli, cli.mentor("Zoë", "Ångström", email="zoe@example.org"), "")
        pair.mentee = cli.member("Sam", "Lee", programme="Economics")
        people = [
            ("Ravi", "Patel", ("Information Technology", "Finance"), "Computer Science", 2004,
             2008, "India", "interview practice", "mock interview", 1),
            ("Mei", "Chen", ("Healthcare",), "Biology", 2015, 2019, "United Kingdom",
             "further study", "video call", 2),
            ("Tom", "Berg", ("Law",), "Law", 2007, 2011, "Netherlands", "networking",
             "job shadowing", 2),
            ("Ana", "Silva", ("Finance",), "Economics", 2014, 2018, "Portugal",
             "salary negotiation", "messages", 2),
        ]  # fmt: skip
        for (
            first,
            last,
            sectors,
            programme,
            started,
            graduated,
            country,
            area,
            activity,
            cap,
        ) in people:
            name = cli.mentor(first, last, sectors=sectors, max_mentees=cap, programme=programme,
                              started=started, graduated=graduated)  # fmt: skip
            cli.ok("mentor", "set", "--help-area", area, "--activity", activity, user=name)
            cli.ok("profile", "set", "country", country, user=name)
        cli.ok("profile", "set", "country", "Netherlands", user=pair.mentor)
        cli.ok("mentor", "pause", user="ana.silva")
        student = cli.member("Kim", "Ode")
        request_id = cli.request(student, "ravi.patel")
        cli.ok("request", "accept", str(request_id), user="ravi.patel")  # Ravi is full now
        yield pair


def _names(result: dict[str, object]) -> list[str]:
    items = result["items"]
    assert isinstance(items, list)
    return sorted(card["username"] for card in items)


def test_sector_cloud(mentors: Pair) -> None:
    cloud = mentors.cli.js("sectors", user=mentors.mentee)
    counts = {item["sector"]: item["count"] for item in cloud if item["count"]}
    assert len(cloud) == 22  # every sector of the list, the empty ones too
    assert counts == {"Finance": 2, "Information Technology": 1, "Healthcare": 1, "Law": 1}
    plain = mentors.cli.ok("sectors", user=mentors.mentee).out.splitlines()
    assert any(line.startswith("Finance") and line.endswith("  2") for line in plain)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["mei.chen", "ravi.patel", "tom.berg", "zoe.angstrom"]),
        (("Northbank",), ["mei.chen", "ravi.patel", "tom.berg", "zoe.angstrom"]),
        (("Angstrom",), ["zoe.angstrom"]),
        (("biology",), ["mei.chen"]),
        (("--sector", "finance"), ["ravi.patel", "zoe.angstrom"]),
        (("--sector", "Law", "--sector", "Healthcare"), ["mei.chen", "tom.berg"]),
        (("--help-area", "interview practice"), ["ravi.patel"]),
        (("--activity", "job shadowing"), ["tom.berg"]),
        (("--programme", "computer science"), ["ravi.patel"]),
        (("--country", "netherlands"), ["tom.berg", "zoe.angstrom"]),
        (("--graduated-from", "2010", "--graduated-to", "2015"), ["tom.berg", "zoe.angstrom"]),
        (("--graduated-from", "2018"), ["mei.chen"]),
        (("--has-room",), ["mei.chen", "tom.berg", "zoe.angstrom"]),
        (("--sector", "Finance", "--has-room"), ["zoe.angstrom"]),
        (("nobody matches this",), []),
    ],
)
def test_mentors_search_filters(mentors: Pair, args: tuple[str, ...], expected: list[str]) -> None:
    result = mentors.cli.js("mentors", "search", *args, user=mentors.mentee)
    assert _names(result) == expected
    assert result["total"] == len(expected)
    assert all(card["state"] == "active" for card in result["items"])


def test_mentors_search_plain_output(mentors: Pair) -> None:
    plain = mentors.cli.ok("mentors", "search", "--sector", "Finance", user=mentors.mentee).out
    lines = plain.splitlines()
    assert lines[0] == "2 mentors · page 1 of 1"
    assert "Ravi Patel (ravi.patel) · FULL (1 of 1)" in lines
    assert "Zoë Ångström (zoe.angstrom) · room: 2 of 2 free" in lines
    assert "  Risk analyst at Northbank · Finance · Netherlands" in lines
    none = mentors.cli.ok("mentors", "search", "zzzz", user=mentors.mentee).out
    assert none.strip() == "No mentors match. Try fewer filters or other words."


def test_mentors_search_pages(mentors: Pair) -> None:
    cli, sam = mentors.cli, mentors.mentee
    seen: list[str] = []
    for page in (1, 2):
        result = cli.js("mentors", "search", "--page-size", "2", "--page", str(page), user=sam)
        assert (result["page"], result["page_size"], result["total"]) == (page, 2, 4)
        assert len(result["items"]) == 2
        seen += [card["username"] for card in result["items"]]
    assert sorted(seen) == ["mei.chen", "ravi.patel", "tom.berg", "zoe.angstrom"]
    beyond = cli.js("mentors", "search", "--page-size", "2", "--page", "3", user=sam)
    assert beyond["items"] == []
    plain = cli.ok("mentors", "search", "--page-size", "2", user=sam).out
    assert plain.splitlines()[0] == "4 mentors · page 1 of 2"
    assert plain.splitlines()[-1] == "More: add --page 2"
    assert "--page" in cli.usage("mentors", "search", "--page", "0", user=sam)
    assert "--page-size" in cli.usage("mentors", "search", "--page-size", "1000", user=sam)
    assert "--graduated-from" in cli.usage("mentors", "search", "--graduated-from", "x", user=sam)


def test_mentors_search_refuses_an_unknown_sector(mentors: Pair) -> None:
    message = mentors.cli.refused("mentors", "search", "--sector", "Alchemy", user=mentors.mentee)
    assert "Alchemy" in message


def test_suggestions_say_why(mentors: Pair) -> None:
    cli = mentors.cli
    sam = cli.member("Sam", "Ray", programme="Philosophy")  # shares nothing with anyone yet
    assert "No suggestions yet" in cli.ok("mentors", "suggest", user=sam).out
    cli.ok("profile", "set", "programme", "Economics", user=sam)
    cli.ok("profile", "set", "interests", "Finance", user=sam)
    cli.ok("profile", "set", "goals", "salary negotiation", user=sam)
    suggestions = cli.js("mentors", "suggest", user=sam)
    assert suggestions[0]["mentor"]["username"] == "zoe.angstrom"
    assert suggestions[0]["reasons"] == ["same programme", "Finance", "salary negotiation"]
    assert "ravi.patel" not in [s["mentor"]["username"] for s in suggestions]  # full
    plain = cli.ok("mentors", "suggest", "--limit", "1", user=sam).out
    assert "  why: same programme · Finance · salary negotiation" in plain.splitlines()
    assert len(cli.js("mentors", "suggest", "--limit", "1", user=sam)) == 1
