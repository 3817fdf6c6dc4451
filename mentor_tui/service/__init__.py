"""The use cases of the network: every rule of domain.md, enforced once, here."""

from __future__ import annotations

from mentor_tui.service.accounts import AccountsMixin
from mentor_tui.service.admin import AdminMixin
from mentor_tui.service.profiles import ProfilesMixin


class MentoringService(AccountsMixin, ProfilesMixin, AdminMixin):
    """One network's service: takes the acting member, checks, changes, notifies.

    Each public method runs in one transaction of the store. Refusals are
    :mod:`mentor_tui.domain.errors`; their text is for the person at the keyboard.
    """


__all__ = ["MentoringService"]
