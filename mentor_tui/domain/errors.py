"""Typed refusals of the service, each carrying a sentence for the person at the keyboard.

Every face of the product (command line, TUI, HTTP server) shows ``str(error)``
as it is, so the message must say what went wrong *and* what to do next.
"""

from __future__ import annotations


class MentorError(Exception):
    """Base class of every error the service raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Invalid(MentorError):
    """The input breaks a rule of form: too long, missing, out of range."""

    code = "invalid"


class NotAllowed(MentorError):
    """The acting member may not do this (role, state, ownership)."""

    code = "not_allowed"


class NotSignedIn(NotAllowed):
    """No valid session: never signed in, signed out, or the session expired."""

    code = "not_signed_in"


class NotFound(MentorError):
    """The thing asked for does not exist, or is not visible to the actor."""

    code = "not_found"


class Conflict(MentorError):
    """The action clashes with the current state (already accepted, mentor full, ...)."""

    code = "conflict"


class StorageError(MentorError):
    """The database can't be used: not writable, not a database, from a newer version."""

    code = "storage"


class WrongPassword(NotAllowed):
    """A signed-in member's password check failed (changing it, deleting the account).

    Its own class so the server can count it as a failed sign-in: a stolen token must not
    allow unlimited guesses at the password. Travels as ``not_allowed``.
    """

    code = "not_allowed"


class TooManyAttempts(NotAllowed):
    """Sign-in refused for a while after repeated wrong passwords (the server's limiter)."""

    code = "too_many_attempts"


class Unavailable(MentorError):
    """The server can't be reached, or what answered is not a mentor-tui server."""

    code = "unavailable"


ERROR_TYPES: dict[str, type[MentorError]] = {
    cls.code: cls
    for cls in (
        MentorError,
        Invalid,
        NotAllowed,
        NotSignedIn,
        NotFound,
        Conflict,
        StorageError,
        TooManyAttempts,
        Unavailable,
    )
}
"""Lets a remote client turn an error code back into the same exception type."""
