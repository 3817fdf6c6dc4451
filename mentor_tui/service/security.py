"""Password hashes (argon2id, memory-hard) and session tokens (random, stored only hashed)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
"""argon2-cffi's defaults follow RFC 9106's second recommended profile."""

SESSION_DAYS = 30
"""A session lasts a month: long enough not to nag, short enough to age out of a lost laptop."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
