"""Keeping secrets out of what gets written down: logs, crash reports, error lines.

Passwords and session tokens must never reach a log file or a report a person may send
to a developer. Whatever text is about to be written there goes through ``redact``, which
takes out bearer tokens, ``password=...``/``"token": ...`` pairs (and their hashes), SQL
parameters (they hold whatever a statement was given), argon2 hashes and the password in a
database URL. It deliberately works on text, after the fact: it can't know every
variable, so the first defence stays not putting secrets in messages at all.
"""

from __future__ import annotations

import re

_SECRETS = [
    (re.compile(r"\[parameters: .*?\]\n?", re.DOTALL), "[parameters: redacted]\n"),
    (re.compile(r"\$argon2[a-z]*\$[^\s'\"]+"), "$argon2***"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (
        re.compile(
            r"(?i)((?<![\w])[\"']?(?:token|password|old|new)(?:_hash)?[\"']?\s*[:=]\s*)"
            r"(\"[^\"]*\"|'[^']*'|[^\s,)}\]]+)"
        ),
        r"\1***",
    ),
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1***@"),
]


def redact(text: str) -> str:
    """``text`` with tokens, passwords, SQL parameters and URL credentials taken out."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text
