"""Content-hashed static files from memory: gzipped once, cached for a year, nothing outside their folder."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest

from ui.http_cache import CACHE_CONTROL, STATIC_DIR, ImmutableFiles, resolve

STATIC_ROOT = STATIC_DIR.parent


@pytest.fixture()
def folder(tmp_path):
    served = tmp_path / "map"
    served.mkdir()
    (served / "layer-abc123.json").write_text('{"type": "FeatureCollection", "features": []}' * 100)
    (served / "tiny-1.css").write_text("p{}")
    (served / ".layer-abc123.json.1.tmp").write_text("half-written")
    (tmp_path / "secret.txt").write_text("not served")
    return {"/app/static/map/": served}


def _call(app, path, method="GET", headers=()):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(k.encode(), v.encode()) for k, v in headers]}
    # In its own thread: Playwright's sync API (the browser tests) may hold a running loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start, body = sent[0], sent[1]
    return start.get("status"), dict(start.get("headers", [])), body.get("body")


async def _streamlit(scope, receive, send):
    """Stands for Streamlit's own routes: anything the middleware does not answer lands here."""
    await send({"type": "http.response.start", "status": 418, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


@pytest.mark.parametrize("path", [
    "/app/static/map/../secret.txt", "/app/static/map/..%2fsecret.txt", "/app/static/map/.layer-abc123.json.1.tmp",
    "/app/static/map/", "/app/static/map/a\\..\\secret.txt", "/app/static/other/secret.txt", "/app/static/map/nope.json",
])
def test_nothing_outside_the_folder_hidden_or_missing_is_answered(folder, path):
    assert resolve(path, folder) is None
    assert _call(ImmutableFiles(_streamlit, folder), path)[0] == 418, "left to Streamlit (its 400/404)"


def test_a_hashed_file_is_gzipped_once_and_cached_for_a_year(folder):
    app = ImmutableFiles(_streamlit, folder)
    status, headers, body = _call(app, "/app/static/map/layer-abc123.json", headers=[("accept-encoding", "gzip, br")])
    assert status == 200 and headers[b"cache-control"] == CACHE_CONTROL
    assert headers[b"content-encoding"] == b"gzip" and headers[b"content-type"].startswith(b"application/json")
    assert gzip.decompress(body) == (folder["/app/static/map/"] / "layer-abc123.json").read_bytes()
    assert int(headers[b"content-length"]) == len(body)
    # a browser that does not take gzip gets the bytes as they are; a revalidation gets 304
    status, plain, body = _call(app, "/app/static/map/layer-abc123.json")
    assert b"content-encoding" not in plain and body.startswith(b'{"type"')
    status, _, body = _call(app, "/app/static/map/layer-abc123.json", headers=[("if-none-match", headers[b"etag"].decode())])
    assert (status, body) == (304, b"")
    assert _call(app, "/app/static/map/layer-abc123.json", method="HEAD")[2] == b""
    assert b"content-encoding" not in _call(app, "/app/static/map/tiny-1.css", headers=[("accept-encoding", "gzip")])[1]


def test_other_requests_and_methods_go_to_streamlit(folder):
    app = ImmutableFiles(_streamlit, folder)
    assert _call(app, "/_stcore/health")[0] == 418
    assert _call(app, "/app/static/map/layer-abc123.json", method="POST")[0] == 418


def test_the_served_folders_are_the_ones_the_map_loads_from():
    from ui.http_cache import IMMUTABLE_PREFIXES, MAP_PREFIX, STATIC_DIR
    from ui.leaflet.assets import LEAFLET_URL
    from ui.leaflet.assets import STATIC_DIR as ASSETS_STATIC_DIR
    from ui.leaflet.published import MAP_DIR, MAP_URL

    assert STATIC_DIR == ASSETS_STATIC_DIR
    assert f"{MAP_URL}/" == MAP_PREFIX and IMMUTABLE_PREFIXES[MAP_PREFIX] == MAP_DIR
    assert LEAFLET_URL.startswith(tuple(IMMUTABLE_PREFIXES))
    folium_build = IMMUTABLE_PREFIXES["/component/streamlit_folium.st_folium/static/"]
    assert any(folium_build.glob("js/main.*.js")), "st_folium's hashed bundle is where the prefix points"


def test_prime_reads_the_fixed_folders_and_only_recent_map_files(tmp_path):
    import os
    import time

    from ui.http_cache import _encoded, prime

    served, vendor = tmp_path / "map", tmp_path / "vendor"
    served.mkdir()
    vendor.mkdir()
    (vendor / "leaflet.js").write_text("x" * 5000)
    (vendor / "leaflet.js.map").write_text("{}" * 5000)  # source maps are for devtools: never primed
    (served / "new-1.json").write_text("[]" * 1000)
    old = served / "old-2.json"
    old.write_text("[]" * 1000)
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    _encoded.cache_clear()
    assert prime(time.time() - 60, {"/app/static/map/": served, "/app/static/vendor/": vendor}) == 2
    assert _encoded.cache_info().currsize == 2, "leaflet.js and the recent map file, gzipped once"


def test_streamlits_own_bundle_is_answered_from_memory_as_it_is():
    from ui.http_cache import RAW_PREFIXES

    bundle = RAW_PREFIXES["/static/"]
    script = next(bundle.glob("js/index.*.js"))
    app = ImmutableFiles(_streamlit, base="")
    status, headers, body = _call(app, f"/static/js/{script.name}", headers=[("accept-encoding", "gzip")])
    assert status == 200 and headers[b"cache-control"] == CACHE_CONTROL
    assert b"content-encoding" not in headers, "left uncompressed, as Streamlit sends it"
    assert body == script.read_bytes() and int(headers[b"content-length"]) == len(body)
    # only right after the base URL: not inside the app's own static folder, nor without the base
    assert _call(app, f"/app/static/js/{script.name}")[0] == 418
    assert _call(app, f"/component/x/static/js/{script.name}")[0] == 418
    behind = ImmutableFiles(_streamlit, base="/atlas")
    assert _call(behind, f"/atlas/static/js/{script.name}")[0] == 200
    assert _call(behind, f"/static/js/{script.name}")[0] == 418
    assert _call(app, "/static/js/../../index.html")[0] == 418


def test_a_base_url_path_is_read_from_streamlits_config():
    from streamlit.testing.v1.util import patch_config_options

    with patch_config_options({"server.baseUrlPath": "atlas/"}):
        assert ImmutableFiles(_streamlit).base == "/atlas"
    with patch_config_options({"server.baseUrlPath": ""}):
        assert ImmutableFiles(_streamlit).base == ""


def test_the_server_entry_imports_no_map_library():
    """serve.py imports this module before the server answers: folium or pandas there delay start-up."""
    import subprocess
    import sys

    code = "import sys, ui.http_cache; print(sorted(m for m in ('folium', 'pandas', 'geopandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=STATIC_ROOT).stdout
    assert out.strip() == "[]"
