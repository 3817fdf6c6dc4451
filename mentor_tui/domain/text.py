"""Cleaning and checking the text people type, before it is stored.

Text from other people is data. Terminal escape sequences and control characters are
removed at the door (a message can't move anyone's cursor or retitle their terminal);
markup characters are kept as typed and every face renders them literally.
"""

from __future__ import annotations

import re
import unicodedata

from mentor_tui.domain.errors import Invalid

_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]          # CSI: colours, cursor moves
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC: titles, hyperlinks, clipboard
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?     # DCS, SOS, PM, APC strings
  | \x1b[@-Z\\-_]                     # other two-character escapes
  | \x9b[0-?]*[ -/]*[@-~]             # 8-bit CSI
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str, *, multiline: bool = True) -> str:
    """Remove escape sequences and control characters; keep newlines (and tabs) if multiline."""
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.replace("\t", " ").split("\n"))
    return text


def clean_line(value: str, field: str, *, max_length: int, required: bool = False) -> str:
    """One line of text (a name, a headline): cleaned, trimmed and length-checked."""
    text = strip_control(value, multiline=False).strip()
    if required and not text:
        raise Invalid(f"{field} is required.")
    if len(text) > max_length:
        raise Invalid(
            f"{field} is {len(text)} characters; at most {max_length} fit. "
            f"Shorten it by {len(text) - max_length}."
        )
    return text


def clean_text(value: str, field: str, *, max_length: int, min_length: int = 0) -> str:
    """Several lines of text (a bio, a message): cleaned, trimmed and length-checked."""
    text = strip_control(value, multiline=True).strip()
    if min_length and len(text) < min_length:
        if not text:
            raise Invalid(f"{field} is required.")
        raise Invalid(f"{field} is too short: write at least {min_length} characters.")
    if len(text) > max_length:
        raise Invalid(
            f"{field} is {len(text)} characters; at most {max_length} fit. "
            f"Shorten it by {len(text) - max_length}."
        )
    return text


_UNDECOMPOSABLE = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
    }
)
"""Latin letters that Unicode does not decompose into a base letter and an accent."""


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.translate(_UNDECOMPOSABLE)


def fold_ascii(text: str) -> str:
    """'Zoë Ångström' -> 'Zoe Angstrom': accents folded for usernames and sort keys.

    Only the runs of non-ASCII characters are decomposed: ASCII is its own NFKD form and
    a combining accent is a character of its own, so the result is the same as folding
    the whole text, at a fraction of the cost (indexing 100,000 mentors' bios spent
    seconds here).
    """
    if text.isascii():
        return text
    return _NON_ASCII_RUN.sub(_fold_run, text)


USERNAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?$")


def username_base(first_name: str, last_name: str) -> str:
    """The suggested username before a number is added: ``firstname.lastname``."""

    def part(name: str) -> str:
        ascii_name = fold_ascii(name).lower()
        return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")

    pieces = [p for p in (part(first_name), part(last_name)) if p]
    base = ".".join(pieces) or "member"
    return base[:36].strip(".-")


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise Invalid(
            f"'{username}' can't be a username: use 2 to 40 lower-case letters, digits, "
            "dots, dashes or underscores, starting and ending with a letter or digit."
        )
    return name


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(email: str) -> str:
    value = strip_control(email, multiline=False).strip()
    if not EMAIL_RE.match(value) or len(value) > 254:
        raise Invalid(f"'{value}' is not an e-mail address; write it as name@example.org.")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_url(value: str, field: str) -> str:
    url = clean_line(value, field, max_length=300)
    if url and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", url, re.IGNORECASE):
        raise Invalid(f"{field} must be a web address starting with https://.")
    return url
