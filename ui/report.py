"""Report view: the current map view as a clean, page-sized figure, with its downloads.

Why a separate view rather than a screenshot: the figure is drawn in Python
(:func:`geo.export.formats.export_static`) with a legend, a true scale bar, a north arrow and a
caption naming every source, so the preview on screen is exactly the file a user
downloads. The view hides the app's chrome (header, toolbar, sidebar) so nothing but
the figure and its few settings compete for attention; a button brings the controls back.

Downloads are generated only when clicked (``st.download_button`` takes a callable in
Streamlit >= 1.50), so a rerun renders one low-resolution preview, never five files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import shapely
import streamlit as st

from geo.bundle import UNKNOWN_AUTHOR, UNKNOWN_PUBLISHER, Bundle, EssayMeta
from geo.export import EXPORT_FORMATS, MIME_TYPES, SIZES, ExportError, Extent, export_bytes, export_static, view_extent
from geo.layers import Layer, layers_window
from ui.leaflet.render import MAP_HEIGHT
from ui.session import REPORT_GRATICULE, REPORT_SIZE, REPORT_SUBTITLE, REPORT_TITLE, REPORT_VIEW
from ui.url import View

#: Session-state key of the sidebar toggle in ``app.py`` that opens this view.
DEFAULT_TITLE = "Spillover Atlas"
FILE_STEM = "spillover-atlas"
#: Only when the browser has not reported the live map's bounds (a report link opened cold):
#: the live map's frame in CSS pixels, its height fixed (``MAP_HEIGHT``), its width a typical one.
LIVE_MAP_PX = (900, MAP_HEIGHT)
#: Preview width in pixels: sharp on a high-density screen, small enough to redraw fast.
PREVIEW_WIDTH_PX = 1600
FORMAT_LABELS = {"svg": "SVG", "pdf": "PDF", "html": "HTML (interactive)", "geojson": "GeoJSON"}
FORMAT_HELP = {
    "png": "Raster image at print resolution.",
    "svg": "Vector figure; labels stay selectable text.",
    "pdf": "One page of the chosen size; labels stay selectable text.",
    "html": "A standalone map that opens offline, with tooltips and a legend.",
    "geojson": "The visible layers' features with their sources and status.",
}
PREVIEW_ALT = "Preview of the report figure"
#: Hides Streamlit's header, toolbar and the sidebar (the layer controls) while the view is open,
#: and frames the white figure so it reads as a page.
CHROME_CSS = """<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; }
img[alt^="Preview of the report figure"] { border: 1px solid #d9d9d9; box-shadow: 0 1px 6px rgba(0,0,0,.12); }
</style>"""


@dataclass(frozen=True)
class FigureSettings:
    """What the user chose for the figure: the words above the map, the page and the date."""

    title: str
    subtitle: str
    size: str
    date: dt.date
    essay: str  # the loaded bundle's citation, printed in the caption
    graticule: bool = False


def report_view(layers: list[Layer], view: View, bundle: Bundle,
                bounds: tuple[float, float, float, float] | None = None) -> None:
    """Render the report figure and its downloads for the visible ``layers`` at ``view``.

    Parameters
    ----------
    layers
        Exactly the layers visible on the live map, in drawing order.
    view
        The live map's centre and zoom (from the URL), so the figure shows the same place.
    bundle
        The essay bundle; its metadata gives the default subtitle.
    bounds
        The live map's lon/lat bounds as the browser reported them: the figure shows exactly
        this box (widened on one axis to the page's shape). ``None`` falls back to ``view``.
    """
    st.html(CHROME_CSS)
    hint, exit_column = st.columns([5, 1], vertical_alignment="center")
    hint.caption("Report view: the current map view as a figure for a report. "
                 "Layers and view come from the map; leave this view to change them.")
    exit_column.button("Exit report view", key="report_exit", icon=":material/close:",
                       on_click=_leave_report_view, width="stretch")

    settings_column, figure_column = st.columns([1, 3], gap="medium")
    with settings_column:
        settings = _settings(bundle, default_title(layers))
    extent = report_extent(view, bounds)
    with figure_column:
        try:
            preview = _preview(layers, extent, settings)
        except ExportError as exc:
            st.warning(f"{exc} {_what_to_do(layers)}", icon=":material/warning:")
            return
        st.image(preview, width="stretch", alt=f"{PREVIEW_ALT}: {settings.title}")
    with settings_column:
        st.markdown("**Download**")
        for fmt in EXPORT_FORMATS:
            _download_button(fmt, layers, extent, settings)


def report_extent(view: View, bounds: tuple[float, float, float, float] | None = None) -> Extent:
    """The lon/lat box the live map shows: its reported ``bounds``, else ``view`` in a :data:`LIVE_MAP_PX` frame.

    Bounds that do not contain ``view``'s centre are stale (the URL moved the map since) and ignored.
    """
    if bounds is not None:
        min_lon, min_lat, max_lon, max_lat = bounds
        if min_lon <= view.lon <= max_lon and min_lat <= view.lat <= max_lat:
            return Extent(max(min_lon, -180.0), max(min_lat, -85.0), min(max_lon, 180.0), min(max_lat, 85.0))
    return view_extent((view.lat, view.lon), view.zoom, *LIVE_MAP_PX)


def default_subtitle(meta: EssayMeta) -> str:
    """The essay in short citation form, e.g. ``After Başaran (ANKASAM, 2023): <title>``.

    Built from the bundle's metadata so another essay bundle gets its own subtitle.
    """
    publisher = meta.publisher.split(" (")[0].strip()
    year = str(meta.year) if meta.year > 0 else "n.d."
    where = ", ".join(part for part in (publisher if publisher != UNKNOWN_PUBLISHER else "", year) if part)
    if meta.author.strip() in ("", UNKNOWN_AUTHOR):  # a drafted essay whose byline was not found
        return f"{meta.title} ({where})"
    return f"After {meta.author.split()[-1]} ({where}): {meta.title}"


def file_name(fmt: str, date: dt.date) -> str:
    """Download name, e.g. ``spillover-atlas_2024-05-01.png``: sorts by date in a folder."""
    return f"{FILE_STEM}_{date.isoformat()}.{fmt}"


def export_file(fmt: str, layers: list[Layer], extent: Extent, settings: FigureSettings) -> bytes:
    """The bytes of one download (any of :data:`geo.export.formats.EXPORT_FORMATS`) at full quality.

    Raises
    ------
    ExportError
        No visible layers, nothing inside ``extent``, or an unknown format.
    """
    return export_bytes(layers, extent, fmt, title=settings.title, subtitle=settings.subtitle,
                        size=settings.size, date=settings.date, essay=settings.essay, graticule=settings.graticule)


def layers_fingerprint(layers: list[Layer]) -> str:
    """A digest of the layers' specs, geometry and attributes.

    The preview cache keys on this rather than on layer ids alone because some layers
    (the risk surface, uploads) keep their id while their features change.
    """
    digest = hashlib.sha256()
    for layer in layers:
        frame = layer.frame
        digest.update(repr((layer.spec, layer.window)).encode("utf-8"))
        digest.update(b"".join(w or b"" for w in shapely.to_wkb(frame.geometry.values)))
        attributes = frame.drop(columns=frame.geometry.name).astype(str)
        digest.update(pd.util.hash_pandas_object(attributes, index=False).to_numpy().tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- internals


def default_title(layers: list[Layer]) -> str:
    """The figure's default title; with the time window the layers were filtered to, when there is one."""
    window = layers_window(layers)
    return f"{DEFAULT_TITLE}, {window.label()}" if window else DEFAULT_TITLE


def _settings(bundle: Bundle, title_default: str = DEFAULT_TITLE) -> FigureSettings:
    title = st.text_input("Title", value=title_default, key=REPORT_TITLE, max_chars=120)
    subtitle = st.text_input("Subtitle", value=default_subtitle(bundle.meta), key=REPORT_SUBTITLE,
                             max_chars=200)
    size = st.radio("Page size", list(SIZES), format_func=lambda key: SIZES[key].label, key=REPORT_SIZE,
                    horizontal=True)
    graticule = st.checkbox("Coordinate ticks and graticule", key=REPORT_GRATICULE,
                            help="Meridians and parallels with degree labels on the map's frame.")
    return FigureSettings(title.strip() or title_default, subtitle.strip(), size, dt.date.today(),
                          bundle.meta.attribution, graticule)


def _preview(layers: list[Layer], extent: Extent, settings: FigureSettings) -> bytes:
    if not layers:  # checked here too so an empty map never reaches the cache
        raise ExportError("There are no visible layers to show.")
    return _cached_preview(layers_fingerprint(layers), tuple(extent), settings, layers)


@st.cache_data(show_spinner="Drawing the figure…", max_entries=16)
def _cached_preview(fingerprint: str, extent: tuple[float, float, float, float],
                    settings: FigureSettings, _layers: list[Layer]) -> bytes:
    dpi = PREVIEW_WIDTH_PX / SIZES[settings.size].width_in
    return export_static(_layers, extent, "png", title=settings.title, subtitle=settings.subtitle,
                         size=settings.size, date=settings.date, dpi=dpi, essay=settings.essay,
                         graticule=settings.graticule)


def _download_button(fmt: str, layers: list[Layer], extent: Extent, settings: FigureSettings) -> None:
    if fmt == "png":
        width, height = SIZES[settings.size].png_size
        label = f"PNG ({width} × {height} px)"
    else:
        label = FORMAT_LABELS[fmt]
    st.download_button(
        label,
        data=_deferred(fmt, layers, extent, settings),
        file_name=file_name(fmt, settings.date),
        mime=MIME_TYPES[fmt],
        key=f"report_download_{fmt}",
        help=FORMAT_HELP[fmt],
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )


def _deferred(fmt: str, layers: list[Layer], extent: Extent, settings: FigureSettings) -> Callable[[], bytes]:
    # Streamlit calls this on a worker thread only when the button is clicked.
    return lambda: export_file(fmt, layers, extent, settings)


def _what_to_do(layers: list[Layer]) -> str:
    if not layers:
        return "Exit report view and switch on at least one layer in the sidebar."
    return "Exit report view and zoom out or pan the map to where the visible layers have features."


def _leave_report_view() -> None:
    st.session_state[REPORT_VIEW] = False
