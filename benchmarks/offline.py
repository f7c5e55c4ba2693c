"""Keep the benchmark's browser off the internet without switching its HTTP cache off.

Playwright's request routing (``context.route``) turns the browser's HTTP cache off for the
whole context (its network manager disables the cache whenever interception is on), so a "warm"
load measured in a routed context fetches every file again, through a Python handler. The
benchmark's earlier rounds did that: measured on the same machine the same hour, the atlas's
warm map took ~2.0 s in a routed context and ~1.25 s in a plain one.

So the benchmark keeps its contexts unrouted and instead:

* launches Chromium with :data:`OFFLINE_ARGS`: every host name except ``localhost`` resolves to
  nothing, so a request off the machine fails at once, as it would offline;
* counts such requests by listening, not intercepting (:func:`watch_external`);
* gives the plain app a local mirror of its CDN files (:func:`served_cdn`), with the CDN's
  caching (``max-age`` of a year), so on a warm load the plain app, too, takes its scripts from
  the browser's cache as a real user's browser would from the CDN's. Leaflet is the real file
  (``xstatic-leaflet``, the bytes the atlas serves); folium's other scripts and stylesheets
  (jQuery, Bootstrap, Font Awesome, awesome-markers), which the plain map does not need to draw,
  are empty, which favours the plain app slightly. ``benchmarks/plain_app.py`` points folium's
  script and stylesheet links at the mirror when ``PLAIN_CDN`` names it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from tests.e2e.browser import is_local

#: Chromium flags: no host name but localhost resolves, so nothing leaves the machine.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
#: The plain app's Leaflet on the CDN, and its file in ``xstatic-leaflet``.
CDN_LEAFLET = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet.css",
}
CDN_CACHE_CONTROL = "public, max-age=31536000, immutable"  # what cdn.jsdelivr.net sends for a versioned file


def point_folium_at(base: str) -> None:
    """Make folium's maps load their scripts and stylesheets from the mirror at ``base``.

    folium keeps them in class-level lists (``folium.Map.default_js`` / ``default_css``) that
    outlive a Streamlit script run, so each link is rewritten once.
    """
    import folium

    for links in (folium.Map.default_js, folium.Map.default_css):
        links[:] = [(name, url if url.startswith(base) else mirrored(base, url)) for name, url in links]


def watch_external(context, seen: list[str]) -> None:
    """Record in ``seen`` every request of ``context`` to a host that is not this machine."""
    context.on("request", lambda request: None if is_local(request.url) else seen.append(request.url))


def mirror_path(url: str) -> str:
    """The path of CDN ``url`` on the mirror: ``/<host><path>``."""
    parsed = urlparse(url)
    return f"/{parsed.hostname}{parsed.path}"


def mirrored(base: str, url: str) -> str:
    """CDN ``url`` as served by the mirror at ``base`` (``http://127.0.0.1:<port>``)."""
    return base + mirror_path(url)


class _Mirror(ThreadingHTTPServer):
    daemon_threads = True
    files: dict[str, bytes]
    stubbed: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Mirror

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        body = self.server.files.get(path)
        if body is None:
            body = b""
            self.server.stubbed.append(path)
        kind = "text/css" if path.endswith(".css") else "application/javascript"
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CDN_CACHE_CONTROL)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


@contextmanager
def served_cdn(stubbed: list[str] | None = None) -> Iterator[str]:
    """Serve the plain app's CDN files on a free loopback port; yield its base URL.

    Paths the mirror answers with an empty file (every script and stylesheet but Leaflet's) are
    appended to ``stubbed``.
    """
    import xstatic.pkg.leaflet as xleaflet

    server = _Mirror(("127.0.0.1", 0), _Handler)
    server.files = {mirror_path(url): (Path(xleaflet.BASE_DIR) / name).read_bytes() for url, name in CDN_LEAFLET.items()}
    server.stubbed = stubbed if stubbed is not None else []
    thread = threading.Thread(target=server.serve_forever, name="cdn-mirror", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
