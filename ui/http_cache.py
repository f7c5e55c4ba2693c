"""Content-hashed static files served from memory, compressed once, cached by browsers for a year.

Every new browser fetches the same files to draw the map: the published geography and legend
(``/app/static/map/<stem>-<hash>.<ext>``, :mod:`ui.leaflet.published`), Leaflet itself
(``/app/static/vendor/leaflet-<version>/``) and st_folium's frontend bundle
(``/component/streamlit_folium.st_folium/static/…``, hashed by its build). Streamlit serves them
from disk and gzips each response again on every request, and sends the app's static files with
no ``Cache-Control``, so a browser revalidates them. Their names change whenever their bytes
do, so they can be answered from memory, gzipped once, with
``Cache-Control: public, max-age=31536000, immutable``.

Streamlit's own frontend (``/static/js/…``, ``/static/css/…``, ``/static/media/…``: 107 of a new
page's ~140 requests) is hashed the same way and already sent with that header, but read from
disk and streamed by Starlette's file response on every request: ~1.3 ms of server CPU a file,
most of what a new session costs the server. Those files are answered from memory too
(:data:`RAW_PREFIXES`), read on first request and sent as they are: Streamlit deliberately leaves
them uncompressed (a reverse proxy compresses them in a deployment, ``docs/scaling.md``), and
gzipping its 25 MB at start-up would cost the cold start 0.6 s of CPU.

:class:`ImmutableFiles` is an ASGI middleware (Starlette's interface, which ``st.App`` takes in
``middleware=``); it answers GET and HEAD for those prefixes and hands every other request to
Streamlit unchanged. ``serve.py`` installs it.
"""

from __future__ import annotations

import gzip
import importlib.util
import mimetypes
import zlib
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

#: st_folium's frontend build. Found without importing the package: importing it declares its
#: component, which must happen only once Streamlit's runtime exists (see ``serve.py``).
_FOLIUM_BUILD = Path(importlib.util.find_spec("streamlit_folium").origin).parent / "frontend" / "build"
#: The app's static folder (ui.leaflet.assets.STATIC_DIR; not imported: that module loads folium
#: and pandas, 0.6 s that serve.py would spend before the server answers; a test keeps them equal).
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
#: Where ui.leaflet.published writes and serves the map files (its MAP_URL and MAP_DIR; not imported
#: here, since that module loads geopandas and serve.py imports this one before the server starts;
#: a test keeps the two equal).
MAP_PREFIX = "/app/static/map/"
#: URL prefix -> folder it serves. Only folders whose file names change with their content.
IMMUTABLE_PREFIXES: Mapping[str, Path] = {
    MAP_PREFIX: STATIC_DIR / "map",
    "/app/static/vendor/": STATIC_DIR / "vendor",
    "/component/streamlit_folium.st_folium/static/": _FOLIUM_BUILD / "static",
}
#: Streamlit's hashed frontend bundle (the ``static`` folder of its own ``static`` folder).
RAW_PREFIXES: Mapping[str, Path] = {
    "/static/": Path(importlib.util.find_spec("streamlit").origin).parent / "static" / "static",
}
CACHE_CONTROL = b"public, max-age=31536000, immutable"
#: zlib level: 6 gives within 0.3 % of level 9's size on these files at a third of its CPU (measured).
GZIP_LEVEL = 6
#: Files at least this large are gzipped (smaller ones gain nothing worth a header).
GZIP_MIN_BYTES = 1024
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")


def resolve(path: str, prefixes: Mapping[str, Path] = IMMUTABLE_PREFIXES, base: str = "") -> Path | None:
    """The file a request path names under one of ``prefixes``, or ``None`` (not ours, or unsafe).

    Parameters
    ----------
    path
        The request path (``scope["path"]``), after the base URL if one is set (``/atlas/app/static/map/…``).
    prefixes
        URL prefix -> folder.
    base
        Streamlit's ``server.baseUrlPath`` as ``/atlas`` (``""`` when none): a prefix counts only
        right after it, so ``/static/`` never matches inside ``/app/static/…``.

    Returns
    -------
    Path or None
        ``None`` for any other path, a hidden or temporary file (``.name``), a ``..`` segment, a
        backslash or NUL, or a file outside its folder.
    """
    for prefix, folder in prefixes.items():
        if not path.startswith(base + prefix):
            continue
        rest = path[len(base) + len(prefix):]
        parts = rest.split("/")
        if not rest or "\\" in rest or "\0" in rest or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
            return None
        candidate = folder.joinpath(*parts)
        try:
            resolved, root = candidate.resolve(strict=True), folder.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return resolved if resolved.is_file() and resolved.is_relative_to(root) else None
    return None


def _media_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in ("application/json",
                                                                          "application/javascript") else kind


#: At most this many files are held (the map's ~40, Leaflet's and st_folium's ~20, Streamlit's 357).
MAX_HELD_FILES = 2048


@lru_cache(maxsize=MAX_HELD_FILES)
def _encoded(path: Path, size: int, compress: bool = True) -> tuple[bytes, bool, str]:
    """(body, whether it is gzipped, ETag) of one file, built once; a gzipped body is all that is kept.

    ``compress=False`` keeps the bytes as they are (Streamlit's own bundle, :data:`RAW_PREFIXES`).

    Keyed by path and size, not modification time: the names change with the content, and
    :func:`ui.leaflet.published.publish` touches a file it re-publishes (its pruning is by age).
    """
    raw = path.read_bytes()
    etag = f'"{zlib.crc32(raw):08x}-{len(raw):x}"'
    if compress and len(raw) >= GZIP_MIN_BYTES and _media_type(path).startswith(_COMPRESSIBLE):
        return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0), True, etag
    return raw, False, etag


def prime(newer_than: float = 0.0, prefixes: Mapping[str, Path] = IMMUTABLE_PREFIXES) -> int:
    """Read and gzip, before any browser asks, the files the first page will fetch; return how many.

    Every file of the fixed folders (Leaflet, st_folium's bundle) and the published map files
    written or touched since ``newer_than`` (a ``time.time()``; the warm-up's start). Unreadable
    files are skipped: a request for one falls back to Streamlit.
    """
    count = 0
    map_folder = prefixes.get(MAP_PREFIX)
    for folder in prefixes.values():
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.name.startswith(".") or path.suffix == ".map" or not path.is_file():  # source maps: devtools only
                continue
            try:
                stat = path.stat()
                if folder == map_folder and stat.st_mtime < newer_than:
                    continue
                _encoded(path.resolve(), stat.st_size)
            except OSError:
                continue
            count += 1
    return count


def _accepts_gzip(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k == b"accept-encoding" and b"gzip" in v for k, v in headers)


def _base_url_path() -> str:
    """Streamlit's ``server.baseUrlPath`` as ``/name`` (``""`` when none is set)."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


class ImmutableFiles:
    """ASGI middleware: answer :data:`IMMUTABLE_PREFIXES` (gzipped once) and :data:`RAW_PREFIXES`
    (as they are) from memory, cached by browsers for a year."""

    def __init__(self, app: ASGIApp, prefixes: Mapping[str, Path] = IMMUTABLE_PREFIXES,
                 raw: Mapping[str, Path] = RAW_PREFIXES, base: str | None = None) -> None:
        self.app = app
        self.prefixes = prefixes
        self.raw = raw
        self._base = base  # read from Streamlit's config on the first request when not given

    @property
    def base(self) -> str:
        if self._base is None:
            self._base = _base_url_path()
        return self._base

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        compress = True
        path = resolve(scope.get("path", ""), self.prefixes, self.base)
        if path is None:
            compress = False
            path = resolve(scope.get("path", ""), self.raw, self.base)
        if path is None:
            await self.app(scope, receive, send)
            return
        try:
            stored, zipped, etag = _encoded(path, path.stat().st_size, compress)
        except OSError:  # pruned between resolving and reading: Streamlit answers (404)
            await self.app(scope, receive, send)
            return
        request_headers = scope.get("headers", [])
        headers = [(b"content-type", _media_type(path).encode()), (b"cache-control", CACHE_CONTROL),
                   (b"etag", etag.encode()), (b"vary", b"accept-encoding")]
        if any(k == b"if-none-match" and etag.encode() in v for k, v in request_headers):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = stored
        if zipped and _accepts_gzip(request_headers):
            headers.append((b"content-encoding", b"gzip"))
        elif zipped:  # a client that takes no gzip (rare): the bytes as they are
            body = gzip.decompress(stored)
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
