"""Which usernames a player may take, and the key that makes them unique.

Names are plain ASCII on purpose: a Cyrillic or a fullwidth 'a' looks like a Latin one, and a
zero-width space looks like nothing, so allowing them would let one player pass for another.
Punctuation may not start a name or come twice in a row, which keeps names like '..' or 'a--b' out.
"""

from __future__ import annotations

import re

MIN_LENGTH = 3
MAX_LENGTH = 32
PUNCTUATION = "_-."

_ALLOWED = re.compile(r"[A-Za-z0-9_.\-]", re.ASCII)
_DOUBLE_PUNCTUATION = re.compile(r"[_.\-]{2}", re.ASCII)


def username_problem(name: str) -> str | None:
    """Why the name cannot be a username, in one sentence for the player, or None if it can."""
    if len(name) > MAX_LENGTH:
        return f"The username is too long: the maximum is {MAX_LENGTH} characters."
    if not name.isascii():
        return (
            "The username contains a non-ASCII character, which is refused because look-alike letters "
            "from other scripts could impersonate other players."
        )
    if len(name) < MIN_LENGTH:
        return f"The username is too short: it needs at least {MIN_LENGTH} characters."
    for char in name:
        if not _ALLOWED.fullmatch(char):
            return f"The username may contain only ASCII letters, digits, '_', '-' and '.', not {char!r}."
    if name[0] in PUNCTUATION:
        return "The username must start with a letter or a digit."
    if _DOUBLE_PUNCTUATION.search(name):
        return "The username must not have two punctuation characters ('_', '-', '.') in a row."
    return None


def username_key(name: str) -> str:
    """The case-insensitive form stored for uniqueness, so 'Alice' and 'aLiCe' are one account."""
    return name.lower()
