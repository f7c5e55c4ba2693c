"""Read a user's uploaded layer safely and explain everything that was wrong with it.

Every upload is hostile until proven otherwise (a zip that writes outside its folder,
an XML entity bomb, a 2 GB "GeoJSON") and every analyst is tired (lat/lon swapped,
Web Mercator saved without a CRS, a self-intersecting district). :func:`read_upload`
refuses the first kind with :class:`UploadError` and one sentence, and repairs the
second kind where a repair is unambiguous, listing each change in ``messages``.

Files are written only under a fresh ``tempfile.TemporaryDirectory`` with fixed names
(``upload.geojson`` …), never the user's file name, and the folder is removed even when
reading fails. Text values are data and are kept exactly (Persian/Pashto names, even
``<img onerror=…>``): escaping is the renderer's job and CSV exports use
:func:`geo.uploads.safe_text.safe_csv_bytes`.

The work is split by what it holds: :mod:`geo.uploads.readers` (one reader per format,
CSV in :mod:`geo.uploads.csv_reader`, whose encoding, separator, hint-line and ragged-row
sniffing in :mod:`geo.uploads.csv_sniff` the ACLED reader shares), :mod:`geo.uploads.vector_io` (pyogrio and text decoding),
:mod:`geo.uploads.repair` (unusable geometries, CRS, repair), :mod:`geo.uploads.notes`
(what the columns tell the user), :mod:`geo.uploads.display` (values as a person reads them:
dates, HTML descriptions, the preview) and :mod:`geo.uploads.model` (the shared shapes). Import the public names
from here.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path

from geo.uploads.coordinates import CoordinateError
from geo.uploads.display import html_columns
from geo.uploads.events import EventsError
from geo.uploads.model import MB, UploadError, UploadLimits, UploadResult
from geo.uploads.notes import has_values, note_duplicate_ids, note_formula_cells
from geo.uploads.readers import READERS
from geo.uploads.repair import clean_features
from geo.uploads.safe_text import display_text
from geo.uploads.safe_zip import UnsafeZipError

#: Extension → format name shown to the user.
ACCEPTED_FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".geojsonl": "GeoJSON",  # newline-delimited GeoJSON (GeoJSONSeq), also read from the two above
    ".geojsons": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "zipped Shapefile",
    ".kml": "KML",
    ".kmz": "KMZ",
    ".csv": "CSV with latitude/longitude columns",
    ".tsv": "CSV with latitude/longitude columns",  # tab-separated: the CSV reader finds the separator
}
# One shared default, as a default argument would be; UploadLimits is frozen, so sharing is safe.
_DEFAULT_LIMITS = UploadLimits()


def display_name(filename: str) -> str:
    """A safe layer label from an uploaded file name: last path part, no extension."""
    base = re.split(r"[\\/]", str(filename))[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    return display_text(stem, 80) or "upload"


def unreadable_message(filename: str, exc: BaseException) -> str:
    """One sentence for a file a parser failed on in a way no check foresaw (a library's own error).

    Names the file, the parser's complaint (its first line, at most 120 characters, control
    characters removed) and what to do. The caller logs the traceback; the user never sees it.

    Parameters
    ----------
    filename
        The name the browser sent.
    exc
        The parser's exception.
    """
    label = display_text(re.split(r"[\\/]", str(filename))[-1], 80) or "upload"
    detail = display_text(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, 120)
    return (f"{label}: the file could not be read ({detail}); check that it opens in the program that made it, "
            "then save it again as CSV UTF-8, GeoJSON or KML and upload that.")


def read_upload(filename: str, data: bytes, *, limits: UploadLimits = _DEFAULT_LIMITS) -> UploadResult:
    """Read an uploaded GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ or CSV.

    Parameters
    ----------
    filename
        The name the browser sent; used only to pick the format and label the layer.
    data
        The file's bytes.
    limits
        Size, unzipped size, zip entry and feature caps.

    Returns
    -------
    UploadResult

    Raises
    ------
    UploadError
        With a message naming the file and the cause: empty, too large, unknown format,
        malformed JSON (line and column), empty collection, no geometry, CSV without
        coordinate columns, no usable rows, zip slip, zip bomb, missing shapefile parts, …
    """
    label = display_text(re.split(r"[\\/]", str(filename))[-1], 80) or "upload"
    try:
        return _read(filename, data, limits)
    except UploadError as exc:
        raise UploadError(f"{label}: {exc}") from exc.__cause__
    except (UnsafeZipError, CoordinateError, EventsError) as exc:
        raise UploadError(f"{label}: {exc}") from exc


def _read(filename: str, data: bytes, limits: UploadLimits) -> UploadResult:
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if not data:
        raise UploadError("The file is empty (0 bytes); check the export finished and upload it again.")
    if len(data) > limits.max_bytes:
        raise UploadError(
            f"The file is {_size(len(data))}; the limit is {_size(limits.max_bytes)}. "
            "Filter or simplify the layer before uploading."
        )
    if extension not in READERS:
        kinds = ", ".join(dict.fromkeys(ACCEPTED_FORMATS.values()))
        shown = display_text(extension, 20) or "no extension"
        raise UploadError(
            f"The format '{shown}' is not supported; upload {kinds} "
            f"({', '.join(ACCEPTED_FORMATS)})."
        )
    messages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="spillover-upload-") as tmp, warnings.catch_warnings():
        # GDAL and pyogrio chatter (duplicate FIDs, mixed-type columns); we report problems ourselves.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        read = READERS[extension](data, Path(tmp), limits, messages)
    frame = read.frame if read.kind == "events" else clean_features(read, limits, messages)
    note_duplicate_ids(frame, read.feature_ids, messages)
    note_formula_cells(frame, messages)
    columns = [str(c) for c in frame.columns if c != frame.geometry.name and has_values(frame[c])]
    return UploadResult(frame=frame, kind=read.kind, messages=messages, columns=columns,
                        name=display_name(filename), html_columns=html_columns(frame, read.html_columns))


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:,.1f} MB"
    return f"{n / 1024:,.1f} KB" if n >= 1024 else f"{n:,} bytes"
