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
SECRET_ENV = "GOLDBOX_SECRET_KEY"  # noqa: S105 (a variable's name)


def serve(settings: Settings, config_file: Path | None, app_factory: str = APP_FACTORY) -> None:
    """Run until SIGTERM/SIGINT. Workers are separate processes that build their own app."""
    migrate.upgrade(settings.database_url)
    if config_file is not None:
        os.environ[CONFIG_FILE_ENV] = str(config_file.resolve())
    if settings.workers > 1 and settings.secret_key is None:
        # Development without a secret: the workers must still agree on one, or a token signed by
        # one worker would fail in the next.
        os.environ[SECRET_ENV] = settings.signing_secret()
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
            ws_per_message_deflate=settings.ws_compression,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            proxy_headers=True,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
