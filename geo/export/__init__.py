"""Report exports of the visible layers: PNG/SVG/PDF figures, standalone HTML and GeoJSON, and their checks."""


from geo.core import Extent  # the one extent type, re-exported for export callers
from geo.export.checks import ExportError, parse_extent
from geo.export.figure.page import DEFAULT_EXTENT, SIZES, view_extent
from geo.export.figure.projection import MapProjection, figure_projection
from geo.export.figure.render import FigureExtent, render_figure
from geo.export.figure.scale import north_angle, scale_bar_length
from geo.export.formats import EXPORT_FORMATS, MIME_TYPES, check_out_path, export_bytes, export_static, write_export
from geo.export.geojson import export_geojson
from geo.export.html import export_html, leaflet_css

__all__ = [
    "DEFAULT_EXTENT",
    "EXPORT_FORMATS",
    "ExportError",
    "Extent",
    "FigureExtent",
    "MapProjection",
    "figure_projection",
    "MIME_TYPES",
    "SIZES",
    "check_out_path",
    "export_bytes",
    "parse_extent",
    "export_geojson",
    "export_html",
    "export_static",
    "leaflet_css",
    "north_angle",
    "render_figure",
    "scale_bar_length",
    "view_extent",
    "write_export",
]
