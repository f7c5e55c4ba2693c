"""The map's state in the URL, so a copied link reproduces the view and the toggles.

Query parameters: ``layers`` (comma-separated ids of the visible layers, ``none`` for
none), ``basemap`` (``vector`` or an online option), ``view`` (``lat,lon,zoom``) and
``when`` (the time window, ``2023-01-01..2023-12-31``; absent = all dates).
Parsing is forgiving: anything malformed falls back to the default rather than failing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geo.core import TimeWindow, count_phrase, parse_window
from geo.geography import DEFAULT_CENTER, DEFAULT_ZOOM

NO_LAYERS = "none"
WINDOW_PARAM = "when"


@dataclass(frozen=True)
class View:
    """Map centre and zoom."""

    lat: float
    lon: float
    zoom: float

    def encode(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f},{round(self.zoom)}"


DEFAULT_VIEW = View(DEFAULT_CENTER[0], DEFAULT_CENTER[1], DEFAULT_ZOOM)


def parse_layers(params: Mapping[str, str], known: Sequence[str], defaults: Sequence[str]) -> list[str]:
    """Visible layer ids from the URL, in ``known`` order; unknown ids are ignored (:func:`layers_link_note` says so).

    A link naming only layers this map does not have shows the ``defaults``, not an empty map.
    """
    raw = params.get("layers")
    if raw is not None and raw.strip() == NO_LAYERS:
        return []
    wanted = {part.strip() for part in raw.split(",")} if raw is not None else set()
    kept = [k for k in known if k in wanted]
    return kept if kept else [k for k in known if k in set(defaults)]


def layers_link_note(params: Mapping[str, str], known: Sequence[str]) -> str:
    """The sentence saying which layers a link names that the map does not have; ``""`` when there are none."""
    raw = params.get("layers")
    if raw is None or raw.strip() == NO_LAYERS:
        return ""
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [w for w in dict.fromkeys(wanted) if w not in set(known)]
    if not unknown:
        return ""
    names = ", ".join(f"“{w[:40]}”" for w in unknown[:5]) + (" …" if len(unknown) > 5 else "")
    rest = "the default layers are shown" if len(unknown) == len(set(wanted)) else "the others are shown"
    return (f"The link names {count_phrase(len(unknown), 'layer')} this map does not have ({names}); {rest}. "
            "An uploaded layer lasts only as long as the session that uploaded it.")


def encode_layers(visible: Sequence[str]) -> str:
    return ",".join(visible) if visible else NO_LAYERS


def view_link_note(params: Mapping[str, str]) -> str:
    """The sentence saying a link's ``view`` could not be used; ``""`` when it is absent or usable."""
    raw = params.get("view")
    if not raw or _view(raw) is not None:
        return ""
    return (f"The link's view “{raw[:40]}” is not a map view (latitude,longitude,zoom with zoom 2–18); "
            "the essay's opening view is shown.")


def parse_view(params: Mapping[str, str], default: View = DEFAULT_VIEW) -> View:
    """The view from ``lat,lon,zoom``; ``default`` (the essay's opening view) if absent or out of range."""
    raw = params.get("view")
    return (_view(raw) if raw else None) or default


def _view(raw: str) -> View | None:
    try:
        lat_s, lon_s, zoom_s = raw.split(",")
        lat, lon, zoom = float(lat_s), float(lon_s), int(float(zoom_s))
    except ValueError:
        return None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 2 <= zoom <= 18):
        return None
    return View(lat, lon, zoom)


def parse_choice(params: Mapping[str, str], key: str, options: Sequence[str], default: str) -> str:
    """A value from a fixed set of options, else the default."""
    value = params.get(key, default)
    return value if value in options else default


def parse_time_window(params: Mapping[str, str]) -> TimeWindow | None:
    """The time window from ``when=START..END``; ``None`` (all dates) if absent or malformed."""
    return parse_window(params.get(WINDOW_PARAM))
