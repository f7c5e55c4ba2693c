"""Events at the scale analysts use: a columnar store read with Arrow, filtered and binned in numpy/H3.

ACLED's regional history runs to millions of rows. Holding them as a GeoDataFrame (one shapely
point and a Python string per cell) costs gigabytes and seconds per filter, so large event
files are kept as columns instead: ``pyarrow.csv`` parses the CSV in parallel into typed
arrays, the filters are boolean masks over integer day numbers and category codes, and the
aggregate is a count per H3 cell (the hexagon index kepler.gl and ACLED users know).

**Validation is not duplicated.** The fast path takes only what it can read without a word to
say: a UTF-8, comma-separated ACLED export in which every row has a number in ``latitude`` and
``longitude`` (and ``fatalities``, a whole number ≥ 0), a date in ``event_date`` written one of
:data:`geo.uploads.events.DATE_FORMATS`, no repeated ``event_id_cnty`` and no formula-like text.
Anything else — a bad row, a Latin-1 file, semicolons — goes through
:func:`geo.uploads.read_upload`, whose messages and refusals are the app's one wording, and its
result is wrapped as a store. Position checks (swapped axes, points outside the region) are the
same :func:`~geo.uploads.coordinates.diagnose_lonlat` on both paths.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import h3
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from shapely.geometry import Polygon

from geo.core import WGS84, count_phrase
from geo.layers import Layer
from geo.uploads.coordinates import CoordinateError, diagnose_lonlat
from geo.uploads.events import ACLED_REQUIRED, DATE_FORMATS, is_acled
from geo.uploads.layers import MAX_EVENT_POINTS, events_layer, hexagon_counts_layer
from geo.uploads.model import UploadLimits, UploadResult, check_count
from geo.uploads.read import display_name, read_upload
from geo.uploads.safe_text import FORMULA_PREFIXES, display_text

#: H3 resolution of the event hexagons: resolution 5 cells are about 250 km² (edges ~9 km),
#: close to the 25 km equal-area hexagons of :func:`geo.uploads.hexbin_density`.
H3_RESOLUTION = 5
#: Columns kept besides the ones filtered on (for markers, tooltips and the preview). ``notes``,
#: ``source`` and ``tags`` are the bulk of an export's bytes and are not shown on the map.
KEPT_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "fatalities",
)
_EPOCH = np.datetime64("1970-01-01", "D")
_HEAD_BYTES = 1 << 16
_BLOCK_BYTES = 1 << 24  # 16 MB parse blocks: parallel, and memory stays a small multiple of the file


@dataclass
class EventStore:
    """Events as columns: positions, day numbers, category codes, and the kept text columns.

    Attributes
    ----------
    table
        The kept columns (``KEPT_COLUMNS`` present in the file, lower-case names) as Arrow
        arrays, one row per event, in file order.
    lon, lat
        Positions in degrees (EPSG:4326), float64.
    day
        ``event_date`` as days since 1970-01-01, int32.
    fatalities
        int64, a blank cell counted as 0 (on the :func:`read_upload` path, with its message).
    fatalities_blank
        Where ``fatalities`` stands for a blank cell (bool, one per event), or ``None`` when
        none was blank: :meth:`events_frame` gives those back as ``<NA>``.
    type_codes, types
        ``event_type`` as int32 codes into ``types``.
    actor_codes, actors
        ``actor1``/``actor2`` (those present) as int32 codes into one shared ``actors`` list.
    messages
        Sentences for the user (the same as :func:`geo.uploads.read_upload` gives).
    name
        Display name from the file name.
    resolution
        H3 resolution of :meth:`h3_counts`.
    """

    table: pa.Table
    lon: np.ndarray
    lat: np.ndarray
    day: np.ndarray
    fatalities: np.ndarray
    type_codes: np.ndarray
    types: list[str]
    actor_codes: dict[str, np.ndarray]
    actors: list[str]
    messages: list[str] = field(default_factory=list)
    name: str = "events"
    resolution: int = H3_RESOLUTION
    fatalities_blank: np.ndarray | None = None
    _cells: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.lon)

    # ------------------------------------------------------------------ filters

    def facets(self) -> dict:
        """What the filter widgets need, as :func:`geo.uploads.event_facets` gives it.

        Returns
        -------
        dict
            ``start``/``end`` (dates), ``event_types`` and ``actors`` (most frequent first).
        """
        if not len(self):
            return {"start": None, "end": None, "event_types": [], "actors": []}
        type_counts = np.bincount(self.type_codes, minlength=len(self.types))
        actor_counts = np.zeros(len(self.actors), dtype=np.int64)
        for codes in self.actor_codes.values():
            actor_counts += np.bincount(codes, minlength=len(self.actors))
        return {
            "start": _as_date(self.day.min()),
            "end": _as_date(self.day.max()),
            "event_types": _by_count(self.types, type_counts),
            "actors": [a for a in _by_count(self.actors, actor_counts) if a.strip()],
        }

    def mask(
        self,
        start: date | str | None = None,
        end: date | str | None = None,
        event_types: Iterable[str] | None = None,
        actors: Iterable[str] | None = None,
    ) -> np.ndarray:
        """Boolean mask of the events between ``start`` and ``end`` (inclusive days) of those types and actors.

        Same rules as :func:`geo.uploads.filter_events`: ``None`` means no filter; an empty
        ``event_types`` or ``actors`` selects nothing; an actor matches ``actor1`` or ``actor2``.
        """
        keep = np.ones(len(self), dtype=bool)
        if start is not None:
            keep &= self.day >= _day_number(start)
        if end is not None:
            keep &= self.day <= _day_number(end)
        if event_types is not None:
            keep &= _in_codes(self.type_codes, self.types, event_types)
        if actors is not None:
            wanted = list(actors)
            by_actor = np.zeros(len(self), dtype=bool)
            for codes in self.actor_codes.values():
                by_actor |= _in_codes(codes, self.actors, wanted)
            keep &= by_actor
        return keep

    # ------------------------------------------------------------------ aggregates

    def cells(self, mask: np.ndarray | None = None) -> np.ndarray:
        """H3 cell ids (uint64) of the chosen events, computed once per event and kept.

        Indexing is the costly step (one call per event), so it runs only for events a
        filter has asked for; a later filter reuses them.
        """
        if self._cells is None:
            self._cells = np.zeros(len(self), dtype=np.uint64)
        chosen = np.flatnonzero(mask) if mask is not None else np.arange(len(self))
        todo = chosen[self._cells[chosen] == 0]
        if len(todo):
            to_cell = h3.api.basic_int.latlng_to_cell
            res = self.resolution
            self._cells[todo] = [to_cell(y, x, res) for y, x in zip(self.lat[todo].tolist(), self.lon[todo].tolist())]
        return self._cells[chosen]

    def h3_counts(self, mask: np.ndarray | None = None) -> pd.DataFrame:
        """Events and fatalities per H3 cell, largest counts first.

        Returns
        -------
        pandas.DataFrame
            ``cell`` (H3 id as hex text), ``count``, ``fatalities`` (int64).
        """
        cells = self.cells(mask)
        fatalities = self.fatalities if mask is None else self.fatalities[mask]
        if not len(cells):
            return pd.DataFrame({"cell": pd.Series(dtype=str), "count": pd.Series(dtype="int64"),
                                 "fatalities": pd.Series(dtype="int64")})
        unique, inverse = np.unique(cells, return_inverse=True)
        counts = np.bincount(inverse, minlength=len(unique)).astype("int64")
        deaths = np.bincount(inverse, weights=fatalities, minlength=len(unique)).astype("int64")
        order = np.argsort(-counts, kind="stable")
        return pd.DataFrame({"cell": [h3.int_to_str(int(c)) for c in unique[order]],
                             "count": counts[order], "fatalities": deaths[order]})

    def events_frame(self, mask: np.ndarray | None = None) -> gpd.GeoDataFrame:
        """The chosen events as points, with the kept columns (for markers and the preview).

        Returns
        -------
        geopandas.GeoDataFrame
            EPSG:4326; ``event_date`` as datetime64, ``latitude``/``longitude`` float,
            ``fatalities`` nullable Int64 (``<NA>`` where the file's cell was blank), the other
            kept columns as text.
        """
        rows = np.flatnonzero(mask) if mask is not None else np.arange(len(self))
        chosen = self.table.take(pa.array(rows))
        frame = pa.table({c: pc.cast(chosen[c], pa.string()) for c in chosen.column_names}).to_pandas()
        frame["event_date"] = (_EPOCH + self.day[rows].astype("timedelta64[D]")).astype("datetime64[ns]")
        frame["latitude"], frame["longitude"] = self.lat[rows], self.lon[rows]
        blank = self.fatalities_blank[rows] if self.fatalities_blank is not None else np.zeros(len(rows), bool)
        frame["fatalities"] = pd.arrays.IntegerArray(self.fatalities[rows], blank)
        geometry = gpd.points_from_xy(self.lon[rows], self.lat[rows])
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)

    def upload_result(self, preview_rows: int = 20) -> UploadResult:
        """An :class:`UploadResult` for the page: the first rows as the frame, the store's messages."""
        head = np.zeros(len(self), dtype=bool)
        head[:preview_rows] = True
        frame = self.events_frame(head)
        columns = [c for c in frame.columns if c != frame.geometry.name]
        return UploadResult(frame=frame, kind="events", messages=list(self.messages), columns=columns,
                            name=self.name)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_frame(cls, events: gpd.GeoDataFrame, messages: list[str] | None = None,
                   name: str = "events") -> EventStore:
        """A store from events as :func:`geo.uploads.read_upload` returns them (the careful path)."""
        kept = [c for c in KEPT_COLUMNS if c in events.columns and c not in _TYPED]
        table = pa.table({c: pa.array(events[c].astype("string").fillna("").to_numpy(dtype=object), pa.string())
                          for c in kept})
        day = (events["event_date"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int32)
        blank = events["fatalities"].isna().to_numpy() if "fatalities" in events.columns else None
        fatalities = (events["fatalities"].fillna(0).to_numpy("int64") if "fatalities" in events.columns
                      else np.zeros(len(events), dtype=np.int64))
        event_types = events["event_type"].astype("string").fillna("").to_numpy(dtype=object)
        types, codes = _shared_codes({"event_type": event_types})
        type_codes = codes["event_type"]
        actor_cols = {c: events[c].astype("string").fillna("").to_numpy(dtype=object)
                      for c in ("actor1", "actor2") if c in events.columns}
        actors, actor_codes = _shared_codes(actor_cols)
        left_out = [str(c) for c in events.columns if c not in KEPT_COLUMNS and c != events.geometry.name]
        messages = [*(messages or []), *_left_out_message(left_out)]
        return cls(table=table, lon=events["longitude"].to_numpy(float), lat=events["latitude"].to_numpy(float),
                   day=day, fatalities=fatalities, type_codes=type_codes, types=types,
                   actor_codes=actor_codes, actors=actors, messages=messages, name=name,
                   fatalities_blank=blank if blank is not None and blank.any() else None)


_TYPED = ("event_date", "latitude", "longitude", "fatalities")


def _left_out_message(columns: Sequence[str]) -> list[str]:
    """The sentence saying which of the file's columns the store does not keep (none if all are)."""
    if not columns:
        return []
    shown = ", ".join(display_text(c, 40) for c in columns[:8]) + (", …" if len(columns) > 8 else "")
    return [f"The map and its CSV download keep the columns the map uses; {shown} "
            f"({count_phrase(len(columns), 'column')}) stay only in your file."]


def read_event_store(filename: str, data: bytes, *, limits: UploadLimits | None = None) -> EventStore | None:
    """Read an ACLED-style CSV upload into an :class:`EventStore`; ``None`` for any other file.

    Parameters
    ----------
    filename
        The name the browser sent (``.csv`` and ``.tsv`` files are considered).
    data
        The file's bytes.
    limits
        As for :func:`geo.uploads.read_upload` (size and row caps).

    Returns
    -------
    EventStore or None
        ``None`` when the file is not a CSV whose header looks like an ACLED export: read it
        with :func:`geo.uploads.read_upload` instead.

    Raises
    ------
    UploadError
        With :func:`geo.uploads.read_upload`'s message, for a file it would refuse.
    """
    limits = limits or UploadLimits()
    suffix = str(filename).lower().rpartition(".")[2]
    if suffix != "csv" or not data or len(data) > limits.max_bytes:
        return _careful(filename, data, limits) if suffix in ("csv", "tsv") else None  # a .tsv: the CSV reader
    header = _header(data)
    if header is None:
        return _careful(filename, data, limits)
    if not is_acled(header):
        return None
    try:
        store = _fast(data, header, limits)
    except (pa.ArrowInvalid, _NotClean, UnicodeDecodeError, CoordinateError):
        return _careful(filename, data, limits)  # its messages and refusals are the app's wording
    store.name = display_name(filename)
    return store


class _NotClean(Exception):
    """The fast path has something to say about the file: the careful path says it."""


def _careful(filename: str, data: bytes, limits: UploadLimits) -> EventStore | None:
    result = read_upload(filename, data, limits=limits)
    if result.kind != "events":
        return None
    return EventStore.from_frame(result.frame, result.messages, result.name)


def _header(data: bytes) -> list[str] | None:
    """Column names of a UTF-8, comma-separated header (BOM allowed); None if it is not one."""
    first = data[:_HEAD_BYTES].split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return None
    if "," not in text or '"' in text:
        return None
    return text.split(",")


def _fast(data: bytes, header: list[str], limits: UploadLimits) -> EventStore:
    names = {h: h.strip().lower() for h in header}
    if len(set(names.values())) != len(header):
        raise _NotClean
    wanted = [h for h in header if names[h] in KEPT_COLUMNS or names[h] in ACLED_REQUIRED]
    types = {h: _column_type(names[h]) for h in wanted}
    table = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(block_size=_BLOCK_BYTES),
        parse_options=pacsv.ParseOptions(delimiter=","),
        convert_options=pacsv.ConvertOptions(column_types=types, include_columns=wanted, null_values=[""],
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    table = table.rename_columns([names[c] for c in table.column_names]).unify_dictionaries().combine_chunks()
    if table.num_rows == 0:
        raise _NotClean
    check_count(table.num_rows, limits)
    lat, lon = _numbers(table["latitude"]), _numbers(table["longitude"])
    fatalities = _numbers(table["fatalities"]) if "fatalities" in table.column_names else np.zeros(table.num_rows)
    if np.isnan(lat).any() or np.isnan(lon).any() or np.isnan(fatalities).any():
        raise _NotClean  # blanks: the careful path drops or counts them, and says so
    if (fatalities < 0).any() or (fatalities != np.floor(fatalities)).any():
        raise _NotClean
    day = _days(table["event_date"])
    text_columns = [c for c in table.column_names if c not in _TYPED]
    for column in text_columns:
        if _has_formula(table[column]):
            raise _NotClean
    if "event_id_cnty" in table.column_names and pc.count_distinct(table["event_id_cnty"]).as_py() != table.num_rows:
        raise _NotClean
    diagnosis = diagnose_lonlat(lon, lat, crs_declared=True, what="events")
    if diagnosis.drop is not None:  # rows to leave out: the general reader does that
        raise _NotClean
    if diagnosis.swap:
        lon, lat = lat, lon
    types, type_codes = _shared_codes({"event_type": _single(table["event_type"])})
    actor_arrays = {c: _single(table[c]) for c in ("actor1", "actor2") if c in table.column_names}
    actors, actor_codes = _shared_codes(actor_arrays)
    return EventStore(
        table=table.select(text_columns),
        lon=lon, lat=lat, day=day, fatalities=fatalities.astype(np.int64),
        type_codes=type_codes["event_type"], types=types,
        actor_codes=actor_codes, actors=actors,
        messages=[*diagnosis.messages, *_left_out_message([h.strip() for h in header if h not in wanted])],
    )


def _column_type(name: str) -> pa.DataType:
    """Numbers as float64 (blanks become NaN and are caught); text as dictionaries, except per-row ids.

    Most ACLED text columns repeat a few thousand values (dates, types, actors, places), so
    dictionary columns are small and the date parsing and formula checks run per distinct value.
    """
    if name in ("latitude", "longitude", "fatalities"):
        return pa.float64()
    if name == "event_id_cnty":
        return pa.string()
    return pa.dictionary(pa.int32(), pa.string())


def _numbers(column: pa.ChunkedArray) -> np.ndarray:
    return column.to_numpy().astype(np.float64, copy=False)


def _single(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """One array from a column (one chunk after ``combine_chunks``; empty tables have none)."""
    if isinstance(column, pa.Array):
        return column
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _values_and_indices(column: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray | None]:
    """A dictionary column's distinct values and its row indices; a plain column and ``None``."""
    array = _single(column)
    if pa.types.is_dictionary(array.type):
        return array.dictionary, array.indices.to_numpy(zero_copy_only=False)
    return array, None


def _days(column: pa.ChunkedArray) -> np.ndarray:
    """Days since 1970 for each date, trying :data:`DATE_FORMATS` in order; not clean if any fails.

    Each later format is tried only on the cells the earlier ones could not read.
    """
    values, indices = _values_and_indices(column)
    text = pc.utf8_trim_whitespace(values)
    days = np.full(len(text), np.iinfo(np.int32).min, dtype=np.int32)
    todo = np.arange(len(text))
    for fmt in DATE_FORMATS:
        if not len(todo):
            break
        subset = text if len(todo) == len(text) else text.take(pa.array(todo))
        parsed = pc.strptime(subset, format=fmt, unit="s", error_is_null=True)
        ok = parsed.is_valid().to_numpy(zero_copy_only=False)
        values = pc.cast(parsed.filter(parsed.is_valid()), pa.date32()).cast(pa.int32())
        days[todo[ok]] = values.to_numpy()
        todo = todo[~ok]
    if len(todo):
        raise _NotClean
    return days if indices is None else days[indices]


def _has_formula(column: pa.ChunkedArray) -> bool:
    """Whether any cell starts like a spreadsheet formula (a superset of what the careful path reports)."""
    pattern = "^(" + "|".join(re.escape(p) for p in FORMULA_PREFIXES) + ")"
    values, _ = _values_and_indices(column)
    return bool(pc.any(pc.match_substring_regex(values, pattern)).as_py())


def _shared_codes(columns: dict[str, np.ndarray | pa.Array]) -> tuple[list[str], dict[str, np.ndarray]]:
    """One vocabulary for several text columns, and each column's int32 codes into it.

    Columns may be Arrow dictionary arrays (the fast path; each with its own dictionary) or
    arrays of text (the careful path); the vocabulary is the union of their distinct values.
    """
    if not columns:
        return [], {}
    encoded = {}
    for name, values in columns.items():
        array = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
        encoded[name] = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    vocabulary = pc.unique(pa.concat_arrays([a.dictionary.cast(pa.string()) for a in encoded.values()]))
    codes = {}
    for name, array in encoded.items():
        lookup = pc.index_in(array.dictionary.cast(pa.string()), value_set=vocabulary).to_numpy(zero_copy_only=False)
        codes[name] = lookup.astype(np.int32)[array.indices.to_numpy(zero_copy_only=False)]
    return vocabulary.to_pylist(), codes


def _in_codes(codes: np.ndarray, vocabulary: list[str], wanted: Iterable[str]) -> np.ndarray:
    lookup = np.zeros(len(vocabulary) + 1, dtype=bool)
    index = {v: i for i, v in enumerate(vocabulary)}
    for value in wanted:
        if value in index:
            lookup[index[value]] = True
    return lookup[codes]


def _by_count(values: list[str], counts: np.ndarray) -> list[str]:
    order = np.argsort(-counts, kind="stable")
    return [values[i] for i in order if counts[i] > 0]


def _day_number(value: date | str) -> int:
    return int((np.datetime64(pd.Timestamp(value).date(), "D") - _EPOCH).astype(np.int64))


def _as_date(day: int) -> date:
    return (_EPOCH + np.timedelta64(int(day), "D")).astype(object)


# ---------------------------------------------------------------------- hexagons


def h3_cells_frame(counts: pd.DataFrame) -> gpd.GeoDataFrame:
    """H3 hexagons from :meth:`EventStore.h3_counts` as polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        ``cell``, ``count``, ``fatalities`` and polygon geometry in EPSG:4326.
    """
    polygons = [Polygon([(lng, lat) for lat, lng in h3.cell_to_boundary(c)]) for c in counts["cell"]]
    return gpd.GeoDataFrame(counts.reset_index(drop=True), geometry=gpd.GeoSeries(polygons, crs=WGS84), crs=WGS84)


def event_cells_geojson(counts: pd.DataFrame, precision: int = 5) -> str:
    """A GeoJSON FeatureCollection of the hexagons (``id`` = H3 cell; ``count``, ``fatalities``)."""
    features = []
    for cell, count, deaths in zip(counts["cell"], counts["count"], counts["fatalities"]):
        ring = [[round(lng, precision), round(lat, precision)] for lat, lng in h3.cell_to_boundary(cell)]
        ring.append(ring[0])
        features.append({"type": "Feature", "id": cell, "properties": {"count": int(count), "fatalities": int(deaths)},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def events_store_layer(
    store: EventStore,
    mask: np.ndarray,
    colour: str,
    tooltip_columns: Sequence[str],
    layer_id: str,
    *,
    title: str,
    source: str,
    max_points: int = MAX_EVENT_POINTS,
) -> Layer:
    """The chosen events as one marker each, or as H3 hexagon counts when there are more than ``max_points``.

    The marker case is :func:`geo.uploads.events_layer` on :meth:`EventStore.events_frame`; the
    hexagons are shaded by count in the same classes and colours as that function's hexbins.

    Returns
    -------
    geo.layers.Layer
        EPSG:4326 frame with ``title``, ``details``, ``count``, ``fatalities``, ``color`` (hexagons).
    """
    chosen = int(mask.sum())
    if chosen <= max_points:
        return events_layer(store.events_frame(mask), colour, tooltip_columns, layer_id, title=title, source=source,
                            max_points=max_points)
    cells = h3_cells_frame(store.h3_counts(mask))
    return hexagon_counts_layer(
        cells, colour, layer_id, title=display_text(title, 80) or "events", source=source,
        description=(f"Your uploaded events: {chosen:,} after filtering, counted in H3 hexagons "
                     f"(resolution {store.resolution}, about {h3.average_hexagon_area(store.resolution, 'km^2'):,.0f} "
                     "km² each), darker = more events."))
