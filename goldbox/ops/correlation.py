"""Correlation ids: one per request, carried by every log line and every error the request causes."""

from __future__ import annotations

import itertools
import os
import re
import secrets
from contextvars import ContextVar

HEADER = "x-request-id"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_correlation_id: ContextVar[str] = ContextVar("correlation_id", default="-")


class _IdSource:
    """Ids unique across processes and restarts without a random draw per request.

    A random prefix per process (drawn again in a forked child) and a counter: ids need to be
    unique, not secret, and `uuid4` cost a system call on every request.
    """

    def __init__(self) -> None:
        self.reset()
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self._prefix = secrets.token_hex(8)
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"{self._prefix}{next(self._counter):016x}"


new_correlation_id = _IdSource()


def accept_or_new(offered: str | None) -> str:
    """Keep the client's X-Request-ID when it is a sane token; anything else could forge log lines."""
    if offered and _ACCEPTABLE.fullmatch(offered):
        return offered
    return new_correlation_id()
