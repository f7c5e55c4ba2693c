"""Report exports of the visible layers: PNG/SVG/PDF figures, standalone HTML and GeoJSON.

The one import the app and the CLI need::

    from geo.export.formats import ExportError, export_static, export_html, export_geojson, write_export

Static figures are drawn by :func:`geo.export.figure.render.render_figure`; vector formats keep text
as text (SVG ``<text>``, PDF TrueType/Type 42) so an analyst can select and search labels.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from matplotlib import rc_context

from geo.export.checks import STATIC_FORMATS, ExportError, Extent, check_format
from geo.export.figure.page import DEFAULT_EXTENT, SIZES
from geo.export.figure.render import render_figure
from geo.export.geojson import export_geojson
from geo.export.html import export_html
from geo.layers import Layer

DEFAULT_TITLE = "Afghanistan and the spillover question"
EXPORT_FORMATS = (*STATIC_FORMATS, "html", "geojson")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
}
#: Text stays text in vector output; fixed hash salt and no dates in metadata keep files reproducible.
VECTOR_TEXT_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "spillover-atlas"}


def export_static(
    layers: list[Layer],
    extent: Extent | tuple[float, float, float, float] = DEFAULT_EXTENT,
    fmt: str = "png",
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str = "",
    size: str = "16:9",
    caption: str = "",
    date: dt.date | None = None,
    dpi: float | None = None,
    essay: str = "",
    graticule: bool = False,
) -> bytes:
    """The report figure as PNG, SVG or PDF bytes.

    Parameters
    ----------
    fmt
        ``"png"`` (``SIZES[size].dpi``: 3200 px wide for 16:9, 3508 px for A4), ``"svg"`` or
        ``"pdf"`` (page = the preset's physical size; text selectable).
    dpi
        Override the PNG resolution (tests render small); ignored by SVG/PDF except for
        anything rasterised.
    graticule
        Meridians and parallels with degree labels on the frame.

    A PNG carries the extent it shows in its text chunks: ``View extent`` (asked for) and
    ``Map extent`` (the frame drawn), each ``min_lon,min_lat,max_lon,max_lat``.

    Other parameters are those of :func:`geo.export.figure.render.render_figure`.

    Raises
    ------
    ExportError
        Unknown format or size, no visible layers, or an extent with nothing in it.
    """
    fmt = check_format(fmt, STATIC_FORMATS)
    fig = render_figure(layers, extent, title=title, subtitle=subtitle, size=size, caption=caption, date=date,
                        essay=essay, graticule=graticule)
    buffer = io.BytesIO()
    shown = fig.atlas_extent
    metadata = {
        "png": {"Software": "Spillover Atlas", "View extent": _extent_text(shown.view),
                "Map extent": _extent_text(shown.frame), "Projection": shown.projection},
        "svg": {"Date": None, "Creator": "Spillover Atlas"},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "Spillover Atlas"},
    }[fmt]
    with rc_context(VECTOR_TEXT_RC):
        fig.savefig(buffer, format=fmt, dpi=dpi or SIZES[size].dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def _extent_text(extent: Extent) -> str:
    return ",".join(f"{v:.5f}" for v in extent)


def export_bytes(
    layers: list[Layer],
    extent: Extent | tuple[float, float, float, float] = DEFAULT_EXTENT,
    fmt: str = "png",
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str = "",
    size: str = "16:9",
    caption: str = "",
    date: dt.date | None = None,
    essay: str = "",
    graticule: bool = False,
) -> bytes:
    """Any export format as bytes (what a download button or the CLI writes)."""
    fmt = check_format(fmt, EXPORT_FORMATS)
    if fmt == "html":
        return export_html(layers, extent, title, subtitle=subtitle, caption=caption, date=date,
                           essay=essay).encode("utf-8")
    if fmt == "geojson":
        return export_geojson(layers).encode("utf-8")
    return export_static(
        layers, extent, fmt, title=title, subtitle=subtitle, size=size, caption=caption, date=date, essay=essay,
        graticule=graticule,
    )


def write_export(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to exactly ``path`` and nowhere else.

    Refuses a path whose folder does not exist (no directories are created), a path that
    is a directory, and an existing file unless ``overwrite``. The bytes are complete
    before the file is opened, so a failed export never leaves half a file behind.
    """
    target = check_out_path(path, overwrite=overwrite)
    target.write_bytes(data)
    return target


def check_out_path(path: str | Path, *, overwrite: bool = False) -> Path:
    """The path :func:`write_export` would write, refused early (before rendering) if it cannot be."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name such as {target / 'figure.png'}.")
    if not target.parent.is_dir():
        raise ExportError(
            f"The folder {target.parent} does not exist; create it first or choose another --out path."
        )
    if target.exists() and not overwrite:
        raise ExportError(f"{target} already exists; choose another name or pass --overwrite.")
    return target
