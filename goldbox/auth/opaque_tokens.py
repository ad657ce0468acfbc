"""Random credentials the server stores only as hashes: refresh tokens and API keys.

They carry 256 random bits, so a plain SHA-256 is the right hash: nobody can guess one to test
against it, and a lookup by hash stays one indexed query. (Passwords, which people choose, get
argon2id instead.) The prefix tells a person, and a secret scanner, what a leaked string is.
"""

from __future__ import annotations

import hashlib
import secrets

API_KEY_PREFIX = "gbx_"
REFRESH_TOKEN_PREFIX = "gbr_"  # noqa: S105 (a prefix, not a secret)
_RANDOM_BYTES = 32
API_KEY_DISPLAY_CHARS = 12  # "gbx_" and the first 8 random characters: enough to tell keys apart


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(_RANDOM_BYTES)


def new_refresh_token() -> str:
    return REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(_RANDOM_BYTES)


def digest(credential: str) -> str:
    """The stored form of a credential."""
    return hashlib.sha256(credential.encode()).hexdigest()


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith(API_KEY_PREFIX)
