"""Mentoring relationships: objectives, rhythm, quiet reminders, finishing, keys only."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from mentor_tui.domain.enums import RelationshipState
from mentor_tui.domain.models import Relationship
from mentor_tui.tui.screens.dialogs import FinishDialog, TextDialog
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text


def _active(seeded: Seeded, who: str = "demo.mentor") -> Relationship:
    page = seeded.service.list_relationships(seeded.actor(who), RelationshipState.ACTIVE)
    return page.items[0]


def _fresh(seeded: Seeded, relationship_id: int, who: str = "demo.mentor") -> Relationship:
    return seeded.service.get_relationship(seeded.actor(who), relationship_id)


# -- snapshots ----------------------------------------------------------------------


def test_relationships_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", RelationshipsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_relationships_snapshot_120x40(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", RelationshipsScreen())
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_relationship_detail_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def open_detail(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "enter")

    app = open_screen("demo.mentor", RelationshipsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_detail)


def test_finish_dialog_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def finish(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "f")

    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.mentor", RelationshipsScreen())
        assert snap_compare(app, terminal_size=size, run_before=finish)


def test_objective_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def add(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "o")
        await type_text(pilot, "A CV ready for graduate schemes")

    app = open_screen("demo.mentor", RelationshipsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=add)


# -- behaviour ----------------------------------------------------------------------


async def test_objectives_are_added_and_ticked_off(open_screen: OpenScreen, seeded: Seeded) -> None:
    relationship = _active(seeded)
    app = open_screen("demo.mentor", RelationshipsScreen(relationship.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Practise two mock interviews")
        await press(pilot, "enter")
        assert "○ to do  Practise two mock interviews" in screen_text(app)
        # tick every objective off, from the objectives list
        await press(pilot, "enter")
        for index in range(len(_fresh(seeded, relationship.id).objectives)):
            objectives = app.screen.query_one("#objectives")
            objectives.highlighted = index  # type: ignore[attr-defined]
            if not _fresh(seeded, relationship.id).objectives[index].done:
                await press(pilot, "space")
        text = screen_text(app)
        assert "○ to do" not in text
        assert "✓ done   Practise two mock interviews" in text
        assert "Every objective is met: finish the mentoring (f) or set new" in text
    assert _fresh(seeded, relationship.id).all_objectives_met


async def test_an_objective_can_be_edited(open_screen: OpenScreen, seeded: Seeded) -> None:
    relationship = _active(seeded)
    app = open_screen("demo.mentor", RelationshipsScreen(relationship.id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter", "e", "ctrl+u")
        await type_text(pilot, "Shortlist five roles")
        await press(pilot, "enter")
    assert _fresh(seeded, relationship.id).objectives[0].text == "Shortlist five roles"


async def test_rhythm_is_set_and_quiet_mentoring_says_so(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    relationship = _active(seeded)
    app = open_screen("demo.mentor", RelationshipsScreen(relationship.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h", "ctrl+u")
        await type_text(pilot, "7")
        await press(pilot, "enter")
        assert "about once a week" in app.said[-1]
        text = screen_text(app)
    fresh = _fresh(seeded, relationship.id)
    assert fresh.rhythm_days == 7
    if fresh.quiet:
        assert "quiet for" in text and "time to get in touch" in text


async def test_finishing_frees_the_place_and_closes_the_thread(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    relationship = _active(seeded)
    app = open_screen("demo.mentor", RelationshipsScreen(relationship.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert isinstance(app.screen, FinishDialog)
        await type_text(pilot, "It was a pleasure.")
        await press(pilot, "tab", "enter", "down", "enter")  # feedback: 5 of 5
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RelationshipsScreen)
        await press(pilot, "v")  # finished mentoring
        text = screen_text(app)
        assert "FINISHED just now" in text
        assert "This mentoring has finished: its thread is read-only." in text
    fresh = _fresh(seeded, relationship.id)
    assert fresh.state is RelationshipState.FINISHED
    assert fresh.closing_note == "It was a pleasure."
    assert fresh.feedback == 5


async def test_finished_mentoring_cannot_be_changed(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.mentor", RelationshipsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "v")  # finished ones
        screen = app.screen
        assert isinstance(screen, RelationshipsScreen)
        assert screen.current is not None
        assert screen.current.state is RelationshipState.FINISHED
        await press(pilot, "f", "o")
        assert isinstance(app.screen, RelationshipsScreen)  # no dialog opened
