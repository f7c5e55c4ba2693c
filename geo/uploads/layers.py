"""Turn an accepted upload into a map :class:`~geo.layers.specs.Layer` the rest of the app already draws.

An upload's frame is the analyst's own data, so three things happen on the way to a layer:

* column names are made safe to be attribute names (the renderers walk rows with
  ``itertuples``, which silently renames ``"Province name"`` to ``_3``) and columns that
  the renderers *interpret* (``status``, ``color``, ``id`` …) are renamed, so an uploaded
  ``status = documented`` can never dress the analyst's data up as one of the essay's vetted claims;
* the tooltip becomes two plain-text columns, ``title`` (the heading) and ``details``
  (``column: value`` pairs): values alone ("3") mean nothing without their column; an HTML
  column (a KML description) gives its text there, while its own column keeps the HTML as written;
* the layer has no status (it is the user's claim, not ours) and its source says so.

Event files (ACLED) with more than :data:`MAX_EVENT_POINTS` events after filtering become
hexagon counts instead of one marker per event, which a browser cannot draw at 200,000.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from collections.abc import Mapping, Sequence
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core import MAX_UPLOAD_ENV, count_phrase, env_setting
from geo.layers import Layer, LayerSpec, Ramp, RampClass
from geo.uploads.display import date_text, html_text
from geo.uploads.events import hexbin_density
from geo.uploads.model import UploadLimits, UploadResult
from geo.uploads.safe_text import display_text

#: Okabe & Ito's colour-blind-safe qualitative palette (yellow left out: unreadable on the light basemap).
#: Okabe–Ito colours for uploads, without its reddish purple (#CC79A7): next to the actors' rose and
#: wine (Paul Tol muted, data/essays/*/actors.toml) a pink upload read as an actor's.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#000000")
UPLOAD_GROUP = "Your data"
MAX_EVENT_POINTS = 2_000
#: Above this many features an ordinary (non-event) layer gets a "may be slow" warning.
LARGE_LAYER_FEATURES = 20_000
HEXBIN_CELL_KM = 25.0
DEFAULT_MAX_UPLOAD_MB = 200
#: Columns the renderers and panels read meaning from; an upload's own columns of these names are renamed.
RESERVED_COLUMNS = frozenset({"id", "title", "details", "status", "color", "weight", "dash", "sources",
                              "group", "layer", "geometry"})
_MB = 1024 * 1024
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_TOOLTIP_VALUE_CHARS = 120
_HEXBIN_CLASSES = 5


class UploadSettingError(ValueError):
    """The upload size setting in the environment is not a positive whole number of megabytes."""


def max_upload_mb(environ: Mapping[str, str] | None = None) -> int:
    """The upload size limit in MB from ``$SPILLOVER_MAX_UPLOAD_MB`` (default 200).

    Raises
    ------
    UploadSettingError
        When the variable is set but is not a positive whole number.
    """
    raw = env_setting(MAX_UPLOAD_ENV, environ)
    if not raw:
        return DEFAULT_MAX_UPLOAD_MB
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise UploadSettingError(
            f"{MAX_UPLOAD_ENV} is {display_text(raw, 20)!r}, not a positive whole number of megabytes; "
            f"using {DEFAULT_MAX_UPLOAD_MB} MB. Set it to e.g. 500."
        )
    return value


def upload_limits(max_mb: int) -> UploadLimits:
    """Limits for one upload of at most ``max_mb``; the unzipped cap grows with it (never below default)."""
    max_bytes = max_mb * _MB
    return UploadLimits(max_bytes=max_bytes,
                        max_unzipped_bytes=max(UploadLimits.max_unzipped_bytes, max_bytes * 5 // 2))


def default_colour(n_existing: int) -> str:
    """The palette colour for the next upload, so successive layers differ."""
    return PALETTE[n_existing % len(PALETTE)]


def upload_layer_id(filename: str, data: bytes) -> str:
    """A stable id for an upload: the same file gives the same id, so re-adding it replaces its layer."""
    digest = hashlib.sha1(filename.encode("utf-8", "replace") + b"\0" + data, usedforsecurity=False)
    return "upload-" + digest.hexdigest()[:10]


def upload_source(name: str, uploaded_on: date | None = None) -> str:
    """The source line of an uploaded layer: the user's own data, by file name and date."""
    return f"Uploaded by you: {display_text(name, 80)}, {(uploaded_on or date.today()).isoformat()}"


#: ``frame.attrs`` key of an uploaded layer: its columns' names in the file, by their name in the frame.
SOURCE_COLUMNS = "source_columns"


def layer_table(layer: Layer) -> gpd.GeoDataFrame:
    """An uploaded layer as the user's own table: the file's columns under their own names, and the geometry.

    The map's ``title`` and ``details`` (made from the columns chosen for the tooltip) are left
    out, and a column renamed to stay clear of the map's own (``id`` → ``your_id``, see
    :func:`safe_column_names`) gets its name from the file back. A layer the atlas aggregated
    (event counts per H3 cell) is returned as it is drawn.

    Parameters
    ----------
    layer
        A layer from :func:`layer_from_upload` or an events layer.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per feature.
    """
    names = layer.frame.attrs.get(SOURCE_COLUMNS)
    if not names:
        return layer.frame
    geometry = layer.frame.geometry.name
    table = layer.frame[[*names, geometry]].rename(columns=names)
    return gpd.GeoDataFrame(table, geometry=geometry, crs=layer.frame.crs)


def safe_column_names(columns: Sequence[str]) -> dict[str, str]:
    """Map each column name to an attribute-safe, unreserved, unique name.

    ``"Province name"`` → ``Province_name``, ``"2024"`` → ``col_2024``, ``"status"`` →
    ``your_status``, ``"class"`` → ``class_``. Non-Latin letters are kept (``نام`` stays).
    """
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for i, column in enumerate(columns):
        name = re.sub(r"\W+", "_", str(column)).strip("_")
        if not name:
            name = f"column_{i + 1}"
        if name[0].isdigit():
            name = "col_" + name
        if keyword.iskeyword(name):
            name += "_"
        if name.lower() in RESERVED_COLUMNS:
            name = "your_" + name
        if not name.isidentifier():
            name = f"column_{i + 1}"
        base, n = name, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        mapping[str(column)] = name
    return mapping


def geometry_kind(frame: gpd.GeoDataFrame) -> str:
    """``point``, ``line``, ``polygon`` or ``mixed``: what the legend and default style need."""
    kinds = {str(t).replace("Multi", "") for t in frame.geom_type.dropna().unique()}
    named = {"Point": "point", "LineString": "line", "Polygon": "polygon"}
    found = {named.get(k, "mixed") for k in kinds}
    return found.pop() if len(found) == 1 else "mixed"


def layer_from_upload(
    result: UploadResult,
    colour: str,
    tooltip_columns: Sequence[str],
    layer_id: str,
    *,
    title: str | None = None,
    source: str | None = None,
) -> Layer:
    """Build the map layer for an accepted upload.

    Parameters
    ----------
    result
        What :func:`geo.uploads.read.read_upload` returned (``features`` or, unfiltered, ``events``).
    colour
        ``#rrggbb`` stroke and fill colour.
    tooltip_columns
        Original column names; the first one's value is the tooltip heading, the others are
        listed as ``column: value``. Unknown names are ignored.
    layer_id
        The id the map and its toggles use (see :func:`upload_layer_id`).
    title, source
        Defaults: the upload's display name and :func:`upload_source`.

    Raises
    ------
    ValueError
        When ``colour`` is not ``#rrggbb``.
    """
    label = display_text(title or result.name, 80) or "upload"
    return _layer(result.frame, colour, tooltip_columns, layer_id, label, source or upload_source(label),
                  f"Your uploaded {'events' if result.kind == 'events' else 'layer'}, "
                  f"{count_phrase(len(result.frame), 'feature')}, shown as you supplied it; it has not been "
                  "checked against the essay.", html=result.html_columns)


def events_layer(
    events: gpd.GeoDataFrame,
    colour: str,
    tooltip_columns: Sequence[str],
    layer_id: str,
    *,
    title: str,
    source: str,
    max_points: int = MAX_EVENT_POINTS,
    cell_km: float = HEXBIN_CELL_KM,
) -> Layer:
    """Filtered events as one marker each, or as hexagon counts when there are more than ``max_points``.

    Hexagons are shaded in :data:`_HEXBIN_CLASSES` steps from pale to ``colour`` by count
    (quantile classes, so one very busy city does not wash out the rest); each says how
    many events and fatalities it holds.
    """
    label = display_text(title, 80) or "events"
    if len(events) <= max_points:
        return _layer(events, colour, tooltip_columns, layer_id, label, source,
                      f"Your uploaded events: {count_phrase(len(events), 'event')} after filtering, one marker each.")
    return hexagon_counts_layer(
        hexbin_density(events, cell_km), colour, layer_id, title=label, source=source,
        description=(f"Your uploaded events: {len(events):,} after filtering, counted in hexagons "
                     f"{cell_km:g} km across (equal-area), darker = more events."))


def hexagon_counts_layer(cells: gpd.GeoDataFrame, colour: str, layer_id: str, *, title: str, source: str,
                         description: str) -> Layer:
    """Event counts per hexagon as a layer, shaded in :data:`_HEXBIN_CLASSES` steps from pale to ``colour``.

    Parameters
    ----------
    cells : geopandas.GeoDataFrame
        One row per hexagon with ``count``, ``fatalities`` and polygon ``geometry`` in EPSG:4326
        (from :func:`geo.uploads.hexbin_density` or the H3 event store).
    colour : str
        The layer's colour (checked; darkest class).
    layer_id, title, source, description : str
        The layer spec's fields; ``title`` is already safe to display.

    Returns
    -------
    geo.layers.Layer
        Columns ``title``, ``details``, ``count``, ``fatalities``, ``color`` and ``geometry``; the
        spec's ``ramp`` holds the count classes and their shades, so every legend lists each shade drawn.
    """
    counts = cells["count"].to_numpy()
    ramp = count_ramp(counts, _checked(colour))
    frame = gpd.GeoDataFrame({
        "title": [f"{n:,} event{'s' if n != 1 else ''}" for n in cells["count"]],
        "details": [f"fatalities: {f:,}" for f in cells["fatalities"]],
        "count": counts,
        "fatalities": cells["fatalities"].to_numpy(),
        "color": _class_colours(counts, ramp),
    }, geometry=cells.geometry.values, crs=cells.crs)
    spec = LayerSpec(
        id=layer_id, title=title, group=UPLOAD_GROUP, builder="upload", geometry="polygon",
        description=description, source=source, default_on=True, status=None, tooltip=("title", "details"),
        style={"color": colour, "weight": 0.5, "fill_color": None, "fill_opacity": 0.65}, ramp=ramp,
    )
    return Layer(spec=spec, frame=frame)


def _layer(frame: gpd.GeoDataFrame, colour: str, tooltip_columns: Sequence[str], layer_id: str,
           label: str, source: str, description: str, html: Sequence[str] = ()) -> Layer:
    colour = _checked(colour)
    geometry_name = frame.geometry.name
    data_columns = [str(c) for c in frame.columns if c != geometry_name]
    names = safe_column_names(data_columns)
    table = pd.DataFrame({names[c]: _plain(frame[c]) for c in data_columns}, index=frame.index)
    chosen = [c for c in tooltip_columns if c in names]
    out = gpd.GeoDataFrame(
        {
            "title": _heading(frame, chosen, label, html),
            "details": _details(frame, chosen[1:], html),
            **{name: table[name].to_numpy() for name in table.columns},
        },
        geometry=frame.geometry.values, crs=frame.crs,
    ).reset_index(drop=True)
    out.attrs[SOURCE_COLUMNS] = {safe: original for original, safe in names.items()}
    kind = geometry_kind(out)
    spec = LayerSpec(
        id=layer_id, title=label, group=UPLOAD_GROUP, builder="upload", geometry=kind,
        description=description, source=source, default_on=True, status=None,
        tooltip=("title", "details"), style=_style(kind, colour),
    )
    return Layer(spec=spec, frame=out)


def _checked(colour: str) -> str:
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise ValueError(f"The colour {colour!r} is not a #rrggbb colour; pick one with the colour picker.")
    return colour.lower()


def _plain(series: pd.Series) -> pd.Series:
    """Columns as exports and JSON can carry them, as written.

    Dates become ISO text (days alone when the column has no times); whole numbers with blanks
    (nullable ``Int64``, e.g. fatalities) become Python ints and ``None``, since NumPy would make
    them floats and a download would read ``5.0`` for 5.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        return date_text(series)
    if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(series.dtype):
        return series.astype(object).where(series.notna(), None)
    return series


def _heading(frame: gpd.GeoDataFrame, chosen: Sequence[str], label: str, html: Sequence[str]) -> list[str]:
    if not chosen:
        return [label] * len(frame)
    values = _tooltip_texts(frame, chosen[0], html)
    return [v or label for v in values]


def _details(frame: gpd.GeoDataFrame, columns: Sequence[str], html: Sequence[str]) -> list[str]:
    if not columns:
        return [""] * len(frame)
    parts = []
    for column in columns:
        name = display_text(column, 40)
        parts.append([f"{name}: {text}" if text else "" for text in _tooltip_texts(frame, column, html)])
    return ["; ".join(p for p in row if p) for row in zip(*parts)]


def _tooltip_texts(frame: gpd.GeoDataFrame, column: str, html: Sequence[str]) -> list[str]:
    """One plain line per value of ``column``: an HTML column's text (tags stripped), any other's value."""
    if column in html:
        return [html_text(v, _TOOLTIP_VALUE_CHARS) for v in frame[column]]
    return [display_text(v, _TOOLTIP_VALUE_CHARS) for v in _plain(frame[column])]


def _style(kind: str, colour: str) -> dict:
    if kind == "point":
        return {"color": colour, "weight": 1.5, "fill_color": colour, "fill_opacity": 0.75, "radius": 5}
    if kind == "line":
        return {"color": colour, "weight": 3.0}
    return {"color": colour, "weight": 2.0, "fill_color": colour, "fill_opacity": 0.25, "radius": 5}


def count_ramp(counts: np.ndarray, colour: str) -> Ramp | None:
    """Quantile classes of whole-number ``counts`` as ``colour`` mixed with white, pale (few) to full (many).

    Parameters
    ----------
    counts : numpy.ndarray
        Events per hexagon (whole numbers, at least 1).
    colour : str
        ``#rrggbb``: the busiest class's colour.

    Returns
    -------
    geo.layers.Ramp or None
        Up to :data:`_HEXBIN_CLASSES` classes ``(lower, upper]`` with whole-number breaks (the
        quietest cell is always in the first, which starts at 0), each with its shade and how
        many hexagons it holds; ``None`` for no counts.
    """
    if not len(counts):
        return None
    # Whole-number breaks classify whole-number counts exactly as the quantiles do (c <= 2.4 iff c <= 2).
    edges = np.unique(np.floor(np.quantile(counts, np.linspace(0, 1, _HEXBIN_CLASSES + 1)[1:-1]))).astype(int)
    classes = np.searchsorted(edges, counts, side="left")
    top = int(classes.max())
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    bounds = [0, *edges[:top].tolist(), int(counts.max())]
    ramp_classes = []
    for k in range(top + 1):
        share = 0.25 + 0.75 * k / top if top else 1.0
        mixed = np.round(255 - (255 - rgb) * share).astype(int)
        ramp_classes.append(RampClass("#" + "".join(f"{c:02x}" for c in mixed), bounds[k], bounds[k + 1],
                                      int((classes == k).sum())))
    return Ramp("Events per hexagon", "", tuple(ramp_classes), method="quantile classes", decimals=0,
                whole_numbers=True)


def _class_colours(counts: np.ndarray, ramp: Ramp | None) -> list[str]:
    """Each count's class colour (``(lower, upper]``; the first class from 0)."""
    if ramp is None:
        return []
    uppers = np.array([c.upper for c in ramp.classes])
    return [ramp.classes[k].color for k in np.searchsorted(uppers, counts, side="left")]
