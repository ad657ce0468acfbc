"""Roles and the principal: the caller as the registry's role checks see it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a caller is. Players and agents (bots, AI) have the same rights; admins have all."""

    PLAYER = "player"
    AGENT = "agent"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def may_act_as(self, required: Role) -> bool:
        return self.rank >= required.rank


_RANKS = {Role.PLAYER: 1, Role.AGENT: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: the account it acts for (`subject`, an account id) and the role it
    holds, through a login session or through an API key."""

    subject: str
    role: Role
    username: str = ""
    tier: str = "default"
    session_id: str | None = None
    api_key_id: str | None = None
    expires_at: int | None = None  # epoch seconds; None for an API key without expiry

    @property
    def credentials(self) -> tuple[str, ...]:
        """The names under which the end of this caller's credential is announced: its session, or
        its API key and its account (a role change ends what the key may do)."""
        if self.session_id is not None:
            return (self.session_id,)
        if self.api_key_id is not None:
            return (api_key_credential(self.api_key_id), account_credential(self.subject))
        return ()

    @property
    def actor(self) -> str:
        """Who acted, as the audit log names it."""
        return f"apikey:{self.api_key_id}" if self.api_key_id else f"account:{self.subject}"


def api_key_credential(key_id: str) -> str:
    return f"apikey:{key_id}"


def account_credential(account_id: str) -> str:
    return f"account:{account_id}"
