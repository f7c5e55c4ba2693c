"""Reading what analysts upload (GeoJSON, GPKG, zipped SHP, KML/KMZ, CSV, ACLED events) safely, with repair and notes."""


from geo.uploads.events import (
    EventsError,
    event_facets,
    filter_events,
    hexbin_density,
    is_acled,
    read_events,
    synthetic_acled_csv,
)
from geo.uploads.layers import (
    DEFAULT_MAX_UPLOAD_MB,
    LARGE_LAYER_FEATURES,
    MAX_EVENT_POINTS,
    MAX_UPLOAD_ENV,
    PALETTE,
    UPLOAD_GROUP,
    UploadSettingError,
    default_colour,
    events_layer,
    geometry_kind,
    layer_from_upload,
    max_upload_mb,
    safe_column_names,
    upload_layer_id,
    upload_limits,
    upload_source,
)
from geo.uploads.model import UploadError, UploadLimits, UploadResult, count_phrase
from geo.uploads.read import ACCEPTED_FORMATS, display_name, read_upload
from geo.uploads.safe_text import decode_text, display_text, neutralise_cell, safe_csv_bytes
from geo.uploads.safe_zip import UnsafeZipError, ZipLimits, safe_extract

__all__ = [
    "ACCEPTED_FORMATS",
    "DEFAULT_MAX_UPLOAD_MB",
    "EventsError",
    "LARGE_LAYER_FEATURES",
    "MAX_EVENT_POINTS",
    "MAX_UPLOAD_ENV",
    "PALETTE",
    "UPLOAD_GROUP",
    "UnsafeZipError",
    "UploadError",
    "UploadLimits",
    "UploadResult",
    "UploadSettingError",
    "ZipLimits",
    "count_phrase",
    "decode_text",
    "default_colour",
    "display_name",
    "display_text",
    "event_facets",
    "events_layer",
    "filter_events",
    "geometry_kind",
    "hexbin_density",
    "is_acled",
    "layer_from_upload",
    "max_upload_mb",
    "neutralise_cell",
    "read_events",
    "read_upload",
    "safe_column_names",
    "safe_csv_bytes",
    "safe_extract",
    "synthetic_acled_csv",
    "upload_layer_id",
    "upload_limits",
    "upload_source",
]
