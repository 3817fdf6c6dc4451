"""The use cases of the network: every rule of domain.md, enforced once, here."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from mentor_tui.domain.enums import AccountState, RelationshipState, RequestState
from mentor_tui.domain.models import Actor, Dashboard
from mentor_tui.service.accounts import AccountsMixin
from mentor_tui.service.admin import AdminMixin
from mentor_tui.service.profiles import ProfilesMixin


class MentoringService(AccountsMixin, ProfilesMixin, AdminMixin):
    """One network's service: takes the acting member, checks, changes, notifies.

    Each public method runs in one transaction of the store. Refusals are
    :mod:`mentor_tui.domain.errors`; their text is for the person at the keyboard.
    """

    def dashboard(self, actor: Actor, suggestions: int = 5) -> Dashboard:
        """What the dashboard shows, gathered in one call (one round trip for a remote TUI)."""
        me = self.me(actor)
        unread = self.unread_count(actor)
        if actor.state is not AccountState.VERIFIED:
            return Dashboard(
                me=me,
                unread_notifications=unread,
                sectors=[],
                relationships=[],
                incoming=[],
                outgoing=[],
                suggestions=[],
            )
        # The sector cloud counts every sector row (55-100 ms on 100,000 mentors), nearly
        # all of it inside the database driver, which lets other threads run: it is
        # counted on a thread of its own (one more connection of the pool) while this one
        # reads the rest. Should the rest fail, leaving the block waits for the count,
        # whose own outcome is then not news.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sector-cloud") as pool:
            sectors = pool.submit(self.sector_cloud, actor)
            relationships = self.list_relationships(actor, RelationshipState.ACTIVE).items
            incoming = self.list_requests(actor, "incoming", RequestState.PENDING).items
            outgoing = self.list_requests(actor, "outgoing", RequestState.PENDING).items
            suggested = self.suggest_mentors(actor, suggestions)
            return Dashboard(
                me=me,
                unread_notifications=unread,
                sectors=sectors.result(),
                relationships=relationships,
                incoming=incoming,
                outgoing=outgoing,
                suggestions=suggested,
            )


__all__ = ["MentoringService"]
