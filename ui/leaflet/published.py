"""Publish what every session draws alike as content-hashed files under Streamlit's static folder.

The base map, every shipped or bundle layer and the risk grid's shapes are the same for every
session, so they travel once over HTTP (``/app/static/map/…``) instead of over every session's
websocket on every rerun. A file's name carries a hash of its content: a changed layer gets a
new name, so a browser may keep any copy it holds (``AtlasMap.load`` fetches with
``cache: 'force-cache'``). Files are written at most once per process and content, atomically,
so several sessions or replicas writing the same name cannot leave a torn file.

What belongs to one session (uploads, drafts, a search or focus highlight) is never published:
it stays in that session's websocket (:func:`layer_source` says which).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from functools import lru_cache
from pathlib import Path

from geo.layers import Layer, atlas_map_js, basemap_json, content_name, json_bytes, layer_data, map_css, script_json
from ui.leaflet.assets import STATIC_DIR
from ui.object_cache import ObjectCache

#: Where the published files live, and the URL Streamlit serves them under.
MAP_DIR = STATIC_DIR / "map"
MAP_URL = "/app/static/map"
#: At most this many published files are kept: each time window of each layer is its own file, so
#: a long-running server prunes the least recently written beyond it (a page still showing one
#: says so and asks for a reload; see ``AtlasMap.addLayer``).
MAX_FILES = 4000
#: Layers built from one session's own input: drawn from the websocket, never written to disk.
SESSION_BUILDERS = frozenset({"upload", "search", "focus", "draft"})
_writes = itertools.count(1)  # files this process wrote: every 100th write prunes
_sources: ObjectCache[tuple[str, str]] = ObjectCache(maxsize=256)


def publish(stem: str, data: bytes, suffix: str = ".json") -> str:
    """Write ``data`` as ``MAP_DIR/<stem>-<hash><suffix>`` unless it exists; return its URL.

    Raises
    ------
    OSError
        The static folder cannot be written (read-only install): the caller's page says so.
    """
    name = content_name(stem, data) + suffix
    path = MAP_DIR / name
    if path.is_file():
        os.utime(path)  # recently used: pruned last
    else:
        MAP_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        if next(_writes) % 100 == 0:
            prune()
    return f"{MAP_URL}/{name}"


def prune(max_files: int = MAX_FILES) -> int:
    """Delete the least recently written published files beyond ``max_files``; return how many."""
    try:
        files = sorted((p for p in MAP_DIR.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)
    except OSError:
        return 0
    removed = 0
    for path in files[: max(0, len(files) - max_files)]:
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


#: st_folium's view reports held until the user touches the page (one script run per page load).
VIEW_REPORTS_JS_FILE = Path(__file__).with_name("view_reports.js")


@lru_cache(maxsize=1)
def live_map_js_url() -> str:
    """URL of the live map's script: ``geo/layers/atlas_map.js`` (draws every published file), then
    :data:`VIEW_REPORTS_JS_FILE`; one file, so the map frame loads one script after Leaflet, not two."""
    script = atlas_map_js() + "\n" + VIEW_REPORTS_JS_FILE.read_text(encoding="utf-8")
    return publish("atlas-map", script.encode("utf-8"), suffix=".js")


@lru_cache(maxsize=1)
def map_css_url() -> str:
    """URL of the map stylesheet (:func:`geo.layers.map_css`)."""
    return publish("map", map_css().encode("utf-8"), suffix=".css")


def stylesheet_url(stem: str, css: str) -> str:
    """URL of a published stylesheet (a legend's swatches): fetched once by a browser, not re-sent per page."""
    return publish(stem, css.encode("utf-8"), suffix=".css")


@lru_cache(maxsize=1)
def basemap_url() -> str:
    """URL of the base map's data (:func:`geo.layers.basemap_json`)."""
    return publish("basemap", basemap_json())


def is_session_layer(layer: Layer) -> bool:
    """Whether ``layer`` is one session's own (uploaded, drafted, a highlight): never published."""
    return layer.spec.builder in SESSION_BUILDERS


def layer_source(layer: Layer) -> tuple[str, str]:
    """``("url", <static URL>)`` for a shared layer, ``("inline", <JSON safe in a script>)`` for a session's own.

    Computed once per Layer object (layers are cached upstream, so a rerun that shows the
    same layers costs a dictionary lookup each).
    """
    return _sources.get([layer], lambda: _source(layer))


def _source(layer: Layer) -> tuple[str, str]:
    if is_session_layer(layer):
        return "inline", script_json(layer_data(layer))
    return "url", publish(f"layer-{_slug(layer.id)}", json_bytes(layer_data(layer)))


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:40] or "layer"
