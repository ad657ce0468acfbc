"""Structured logs: JSON lines in production, readable lines in development.

Every line, goldbox's and uvicorn's alike, carries the correlation id of the request it
belongs to, so one id finds everything a request did.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog
from structlog.typing import EventDict, Processor

from goldbox.ops.correlation import current_correlation_id


def _add_correlation_id(_logger: Any, _name: str, event: EventDict) -> EventDict:
    correlation_id = current_correlation_id.get()
    if correlation_id != "-":
        event.setdefault("correlation_id", correlation_id)
    return event


# Credentials that could reach a log line through text goldbox does not write itself (uvicorn's
# "WebSocket /ws?ticket=…" line, an exception message): replaced wherever they appear.
_CREDENTIALS = re.compile(
    r"(?P<query>[?&](?:ticket|access_token|refresh_token|token|api_key|key)=)[^&\s\"']+"
    r"|(?P<prefix>gb[xr]_)[A-Za-z0-9_-]{16,}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
)


def _redact_text(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        kept = match.group("query") or match.group("prefix") or ""
        return f"{kept}[redacted]"

    return _CREDENTIALS.sub(replace, text)


def redact_credentials(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """Last line of defence: goldbox never logs a credential on purpose, and this makes sure."""
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = _redact_text(value)
    return event


def configure_logging(level: str = "info", json_lines: bool = False) -> None:
    """Route structlog and the standard library (uvicorn, SQLAlchemy) through one renderer."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_correlation_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if json_lines
        # Plain tracebacks: rich's are slow to render and would stall the loop on the first error.
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,  # as text, so the redaction sees it too
                redact_credentials,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # goldbox writes its own access line with the correlation id; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").handlers[:] = []
    logging.getLogger("uvicorn.access").propagate = False
