"""The browser client: the files of `goldbox/web/static`, served at `/`.

The client is plain ES modules with no build step, so its files keep their names from one release
to the next: browsers may keep them but must check with the server (`Cache-Control: no-cache`,
answered 304 through the ETag) before using them. Its Content-Security-Policy allows only the
server's own origin: no inline script or style, no other host, no framing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePath
from typing import Any

from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Receive, Scope, Send

STATIC_ROOT = Path(__file__).resolve().parent.parent / "web" / "static"

CLIENT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
"""`connect-src 'self'` also covers the WebSocket to the same host and port (CSP level 3)."""

_TEXT_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}
"""Types set here, not guessed from the system's tables, which differ between machines (`.js` as
`application/javascript` or worse, and nosniff makes a browser refuse a module of the wrong type)."""


class ClientFiles(StaticFiles):
    """StaticFiles with the client's types, caching and policy on every file it sends."""

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if isinstance(response, FileResponse):
            media_type = _TEXT_TYPES.get(PurePath(full_path).suffix)
            if media_type is not None:
                response.headers["content-type"] = f"{media_type}; charset=utf-8"
        response.headers["cache-control"] = "no-cache"
        response.headers["content-security-policy"] = CLIENT_POLICY
        return response


class ClientRoute(BaseRoute):
    """Listed after every other route, it claims only GET and HEAD paths that name a file of the
    client (or a folder with an index.html), so every other path gets what the routes give it:
    405 for `GET /rpc`, a redirect for `/health/`, the JSON 404."""

    path = "/{file:path}"
    """The label of every file in the request metrics: they must not grow with file names."""

    def __init__(self, directory: Path = STATIC_ROOT) -> None:
        self.files = ClientFiles(directory=directory, html=True)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return Match.NONE, {}
        return (Match.FULL if self._serves(self.files.get_path(scope)) else Match.NONE), {}

    def _serves(self, path: str) -> bool:
        """One stat (two for a folder) of the local disk, for requests no route took."""
        _full, found = self.files.lookup_path(path)
        if found is None:
            return False
        if stat.S_ISREG(found.st_mode):
            return True
        return stat.S_ISDIR(found.st_mode) and self._serves(os.path.join(path, "index.html"))

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.files(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)
