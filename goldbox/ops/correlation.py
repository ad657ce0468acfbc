"""Correlation ids: one per request, carried by every log line and every error the request causes."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "x-request-id"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_correlation_id: ContextVar[str] = ContextVar("correlation_id", default="-")


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def accept_or_new(offered: str | None) -> str:
    """Keep the client's X-Request-ID when it is a sane token; anything else could forge log lines."""
    if offered and _ACCEPTABLE.fullmatch(offered):
        return offered
    return new_correlation_id()
