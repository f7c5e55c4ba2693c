"""Serve Leaflet from this machine so the map draws with no internet.

folium 0.20 points every map at CDNs (Leaflet, jQuery, Bootstrap, Font Awesome…) and
st_folium loads whatever ``default_js``/``default_css`` name, so offline the map is
blank. We copy Leaflet 1.9.3 from the ``xstatic-leaflet`` package into ``static/``
(served by Streamlit at ``/app/static/``) and point the map at it; the other assets
are not needed by anything we draw, so they are dropped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import branca.element
import folium
import xstatic.pkg.leaflet as xleaflet
from branca.element import MacroElement
from jinja2 import Template

from geo.core import ROOT

STATIC_DIR = ROOT / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / f"leaflet-{xleaflet.VERSION}"
LEAFLET_URL = f"/app/static/vendor/leaflet-{xleaflet.VERSION}"
LOCAL_JS = [("leaflet", f"{LEAFLET_URL}/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"{LEAFLET_URL}/leaflet.css")]


def ensure_leaflet_assets(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet's JS, CSS and marker images out of ``xstatic-leaflet`` if missing."""
    source = Path(xleaflet.BASE_DIR)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        src, dst = source / name, target / name
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
    images = target / "images"
    if not images.is_dir():
        shutil.copytree(source / "images", images)
    return target


class _LocalIconPath(MacroElement):
    """Point Leaflet's default marker images at the local copy.

    Leaflet guesses the folder from its CSS and gets it wrong when served from here
    (it asks for ``…/leaflet-1.9.3marker-icon.png``), which leaves a 404 in the console.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = "
        f"{json.dumps(LEAFLET_URL + '/images/')};{{% endmacro %}}"
    )


def localise(m: folium.Map, extra_js: list[tuple[str, str]] = (), extra_css: list[tuple[str, str]] = ()) -> folium.Map:
    """Point ``m`` at the local Leaflet (then ``extra_js``/``extra_css``, local too); drop folium's CDN assets."""
    m.default_js = list(LOCAL_JS) + list(extra_js)
    m.default_css = list(LOCAL_CSS) + list(extra_css)
    m.add_child(_LocalIconPath())
    return m


def external_assets(element: branca.element.Element) -> list[str]:
    """Every JS/CSS URL under ``element`` that is not served by this app.

    A guard for tests: any element added later that brings its own CDN asset shows up
    here before it can blank the map offline.
    """
    found: list[str] = []
    for child in _walk(element):
        for _, url in list(getattr(child, "default_js", [])) + list(getattr(child, "default_css", [])):
            if not url.startswith("/app/static/"):
                found.append(url)
    return found


def _walk(element: branca.element.Element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)
