"""Password hashes (argon2id, memory-hard) and session tokens (random, stored only hashed)."""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

FAST_HASH_ENV = "MENTOR_TUI_FAST_HASH"
"""Set to 1 by test suites and throw-away demo sandboxes: argon2 at its lowest cost.

A real network never sets it; verifying reads the cost from each stored hash, so a
hash made either way verifies either way.
"""


@cache
def _hasher(fast: bool) -> PasswordHasher:
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()  # argon2-cffi's defaults: RFC 9106's second recommended profile


def _current() -> PasswordHasher:
    return _hasher(os.environ.get(FAST_HASH_ENV) == "1")


SESSION_DAYS = 30
"""A session lasts a month: long enough not to nag, short enough to age out of a lost laptop."""


def hash_password(password: str) -> str:
    return _current().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
