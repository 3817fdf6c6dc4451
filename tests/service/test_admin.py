"""The programme office: only admins act as admins; the queue and the figures."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mentor_tui.domain.enums import ReportState, Role
from mentor_tui.domain.errors import NotAllowed
from mentor_tui.domain.models import Actor
from mentor_tui.service import MentoringService
from tests.conftest import Network

ADMIN_ACTIONS: dict[str, Callable[[MentoringService, Actor, str], object]] = {
    "verification_queue": lambda s, a, _u: s.verification_queue(a),
    "verify_member": lambda s, a, u: s.verify_member(a, u),
    "reject_member": lambda s, a, u: s.reject_member(a, u),
    "rename_member": lambda s, a, u: s.rename_member(a, u, "renamed.member"),
    "set_role": lambda s, a, u: s.set_role(a, u, Role.ALUMNUS),
    "suspend_member": lambda s, a, u: s.suspend_member(a, u),
    "list_reports": lambda s, a, _u: s.list_reports(a, ReportState.OPEN),
    "remove_message": lambda s, a, _u: s.remove_message(a, 1),
    "dismiss_report": lambda s, a, _u: s.dismiss_report(a, 1),
    "stats": lambda s, a, _u: s.stats(a),
}


@pytest.mark.parametrize("action", ADMIN_ACTIONS)
def test_only_an_admin_may_run_admin_actions(network: Network, action: str) -> None:
    target = network.member(verified=False)
    for who in (network.member(Role.STAFF), network.mentor()):
        with pytest.raises(NotAllowed, match="Only the programme office"):
            ADMIN_ACTIONS[action](network.service, who, target.username)
    assert network.service.me(target).username == target.username


def test_verification_queue_lists_pending_accounts_oldest_first(network: Network) -> None:
    first = network.member(verified=False)
    network.clock.advance(minutes=5)
    second = network.member(verified=False)
    network.member()
    queue = network.service.verification_queue(network.admin)
    assert [m.username for m in queue.items] == [first.username, second.username]
    assert queue.total == 2


def test_programme_figures(network: Network) -> None:
    mentor = network.mentor(sectors=["Law"])
    mentee, waiting = network.member(), network.member()
    network.member(verified=False)
    request_id = network.request(mentee, mentor)
    network.clock.advance(hours=10)
    network.service.accept_request(mentor, request_id)
    network.request(waiting, mentor)
    stats = network.service.stats(network.admin)
    assert stats.members_by_role_and_state["student"] == {"verified": 2, "pending": 1}
    assert stats.members_by_role_and_state["alumnus"] == {"verified": 1}
    assert stats.active_mentors_by_sector == {"Law": 1}
    assert stats.requests_by_state == {"accepted": 1, "pending": 1}
    assert stats.median_first_response_hours == 10.0
