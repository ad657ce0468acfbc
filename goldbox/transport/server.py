"""`goldbox serve`: migrate the database, then run uvicorn with goldbox's settings."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import uvicorn

from goldbox.ops.config import CONFIG_FILE_ENV, Settings
from goldbox.ops.metrics import MULTIPROC_ENV
from goldbox.store import migrate

APP_FACTORY = "goldbox.transport.app:create_app"


def serve(settings: Settings, config_file: Path | None, app_factory: str = APP_FACTORY) -> None:
    """Run until SIGTERM/SIGINT. Workers are separate processes that build their own app."""
    migrate.upgrade(settings.database_url)
    if config_file is not None:
        os.environ[CONFIG_FILE_ENV] = str(config_file.resolve())
    metrics_dir = None
    if settings.workers > 1 and not os.environ.get(MULTIPROC_ENV):
        metrics_dir = tempfile.mkdtemp(prefix="goldbox-metrics-")
        os.environ[MULTIPROC_ENV] = metrics_dir
    try:
        uvicorn.run(
            app_factory,
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=int(settings.shutdown_timeout_s),
            ws_max_size=settings.ws_max_message_bytes,
            ws_ping_interval=settings.ws_ping_interval_s,
            ws_ping_timeout=settings.ws_ping_timeout_s,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
