"""The Backend protocol and its embedded implementation."""

from mentor_tui.backend.base import Backend
from mentor_tui.backend.local import LocalBackend

__all__ = ["Backend", "LocalBackend"]
