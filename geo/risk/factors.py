"""Distance fields and the named factors of the spillover-risk model.

Measuring distances is the slow part (thousands of cells against every feature); turning
distances into factor values is a few numpy operations. So :func:`precompute` measures
every distance once, in metres in :data:`geo.core.geometry.REGION_EQUAL_AREA`, and keeps them
in a :class:`DistanceFields`; the factor functions below only do arithmetic on those
arrays, which is what lets a slider re-score the map without touching a geometry.

Every factor returns one value per cell in [0, 1] and rises as the cell gets closer to
what the factor is about, through the decay ``exp(-d / scale)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import REGION_EQUAL_AREA, WGS84

#: Factor names, in the order tables and breakdowns show them.
FACTORS = ("actors", "crossings", "corridors", "pathways", "border")


@dataclass(frozen=True, eq=False)
class DistanceFields:
    """Every distance the model needs, measured once (metres, ``inf`` when there is nothing).

    Attributes
    ----------
    grid
        The cells (see :func:`geo.risk.grid.make_grid`), projected.
    cells_wgs84
        ``cell_id``, ``country`` and the hexagon in EPSG:4326, reprojected once for the map.
    actor_m
        ``(cells, features)`` distance from each cell centre to each actor feature.
    actor_name, actor_status
        Per actor feature: its ``actor`` and normalised ``status`` (lower case, ``_`` for spaces).
    actor_role, actor_claim, actor_label
        Per actor feature: its actor's ``role`` (``""`` when the frame has none: then it is
        not filtered by role), and the claim ``id`` and ``label`` it comes from (``""`` if none).
    crossing_m, corridor_m, pathway_m
        ``(cells,)`` distance from each cell centre to the nearest crossing, corridor, pathway.
    border_m
        ``(cells, segments)`` distance to each of Afghanistan's border segments.
    border_neighbour, border_length_km
        Per segment: the neighbour it is shared with and its computed length.
    actor_to_border_m, crossing_to_border_m
        ``(features, segments)`` and ``(crossings, segments)``, for the per-neighbour summary.
    notes
        Sentences about input that was skipped (features without geometry, …).
    """

    grid: gpd.GeoDataFrame
    cells_wgs84: gpd.GeoDataFrame
    actor_m: np.ndarray
    actor_name: np.ndarray
    actor_status: np.ndarray
    crossing_m: np.ndarray
    corridor_m: np.ndarray
    pathway_m: np.ndarray
    border_m: np.ndarray
    border_neighbour: np.ndarray
    border_length_km: np.ndarray
    actor_to_border_m: np.ndarray
    crossing_to_border_m: np.ndarray
    notes: tuple[str, ...] = field(default=())
    actor_role: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    actor_claim: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    actor_label: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    @property
    def n_cells(self) -> int:
        """How many grid cells the fields cover."""
        return len(self.grid)


def precompute(
    grid: gpd.GeoDataFrame,
    actors: gpd.GeoDataFrame | None,
    crossings: gpd.GeoDataFrame | None,
    pathways: gpd.GeoDataFrame | None,
    corridors: gpd.GeoDataFrame | None = None,
    borders: gpd.GeoDataFrame | None = None,
) -> DistanceFields:
    """Measure every cell-to-feature distance once.

    Parameters
    ----------
    grid
        Cells from :func:`geo.risk.grid.make_grid`.
    actors
        Columns ``status``, ``actor``, ``geometry`` (points, lines or polygons, EPSG:4326),
        optionally ``role``, ``id`` and ``label`` (the claim). ``None`` or empty is allowed:
        the actor factor is then zero everywhere.
    crossings
        Border crossings as points (EPSG:4326); ``None`` or empty allowed.
    pathways
        The essay's pathways as lines (EPSG:4326); ``None`` or empty allowed.
    corridors
        Corridor polygons (EPSG:4326); default the Wakhan Corridor derived by
        :func:`geo.geography.wakhan.wakhan_corridor` from the bundled 1:10m Afghanistan.
    borders
        Afghanistan's borders, one row per neighbour (``neighbour``, ``length_km``,
        ``geometry``) as returned by :func:`geo.geography.borders.neighbours_of`; default computed
        from the bundled 1:10m countries.

    Raises
    ------
    ValueError
        When ``actors`` lacks the ``status`` or ``actor`` column.
    """
    notes: list[str] = []
    corridors = default_corridors() if corridors is None else corridors
    borders = default_borders() if borders is None else borders
    centres = shapely.points(grid["x"].to_numpy(), grid["y"].to_numpy())

    actor_rows, actor_geoms = _features(actors, "actor features", notes, columns=("status", "actor"))
    crossing_geoms = _features(crossings, "crossings", notes)[1]
    border_rows, border_geoms = _features(borders, "border segments", notes,
                                          columns=("neighbour", "length_km"))

    return DistanceFields(
        grid=grid,
        cells_wgs84=grid[["cell_id", "country", "geometry"]].to_crs(WGS84),
        actor_m=_matrix(centres, actor_geoms),
        actor_name=actor_rows["actor"].astype(str).to_numpy(),
        actor_status=_normalise_status(actor_rows["status"]),
        crossing_m=_nearest(centres, crossing_geoms),
        corridor_m=_nearest(centres, _features(corridors, "corridors", notes)[1]),
        pathway_m=_nearest(centres, _features(pathways, "pathways", notes)[1]),
        border_m=_matrix(centres, border_geoms),
        border_neighbour=border_rows["neighbour"].astype(str).to_numpy(),
        border_length_km=border_rows["length_km"].to_numpy(float),
        actor_to_border_m=_matrix(actor_geoms, border_geoms),
        crossing_to_border_m=_matrix(crossing_geoms, border_geoms),
        notes=tuple(notes),
        actor_role=_optional(actor_rows, "role"),
        actor_claim=_optional(actor_rows, "id"),
        actor_label=_optional(actor_rows, "label"),
    )


def _optional(frame: gpd.GeoDataFrame, column: str) -> np.ndarray:
    """A text column as an array, or ``""`` per row when the frame lacks it."""
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[column].fillna("").astype(str).to_numpy(dtype=object)


@lru_cache(maxsize=1)
def default_corridors() -> gpd.GeoDataFrame:
    """The Wakhan Corridor as a one-row frame (EPSG:4326), derived once per process."""
    from geo.geography import country, wakhan_corridor

    corridor = wakhan_corridor(country("Afghanistan"))
    return gpd.GeoDataFrame({"name": ["Wakhan Corridor"]}, geometry=[corridor.polygon], crs=WGS84)


def named_corridors(names: Iterable[str]) -> gpd.GeoDataFrame:
    """The corridors a bundle names (``bundle.toml [map] corridors``) as one frame.

    Parameters
    ----------
    names
        Corridor names of :data:`geo.geography.CORRIDORS` (e.g. ``"wakhan"``); unknown names
        are skipped (the bundle loader reports them).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 polygons, column ``name``; empty when no known corridor is named, which makes
        the corridor factor zero everywhere.
    """
    builders = {"wakhan": default_corridors}
    parts = [builders[name]() for name in dict.fromkeys(names) if name in builders]
    if not parts:
        return gpd.GeoDataFrame({"name": np.array([], dtype=object)}, geometry=[], crs=WGS84)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


@lru_cache(maxsize=1)
def default_borders() -> gpd.GeoDataFrame:
    """Afghanistan's borders with each neighbour from the bundled 1:10m countries.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 lines; columns ``neighbour``, ``length_km``, ``geometry``.
    """
    from geo.geography import countries, neighbours_of

    return neighbours_of(countries("10m"), "Afghanistan")


# --- factors: arithmetic only -------------------------------------------------------


def decay(distance_m: np.ndarray, decay_km: float) -> np.ndarray:
    """``exp(-d / scale)``: 1 on the feature, 1/e at ``decay_km``, 0 when there is no feature."""
    return np.exp(-np.asarray(distance_m, dtype=float) / (decay_km * 1000.0))


def actor_factor(actor_m: np.ndarray, feature_weights: np.ndarray, decay_km: float) -> np.ndarray:
    """Proximity to actor features, each weighted by how well its presence is attested.

    Each feature contributes ``w * decay(d)`` (``w`` from its status) and contributions are
    combined as ``1 - prod(1 - w * decay(d))``: more nearby features raise the value, no
    single feature can push it past 1, and moving any feature closer never lowers it.
    Zero features (or all weights zero) give zero everywhere.
    """
    if actor_m.shape[1] == 0:
        return np.zeros(actor_m.shape[0])
    reach = feature_weights[None, :] * decay(actor_m, decay_km)
    return 1.0 - np.prod(1.0 - reach, axis=1)


def crossing_factor(crossing_m: np.ndarray, decay_km: float) -> np.ndarray:
    """Proximity to the nearest border crossing (points), where people and goods pass."""
    return decay(crossing_m, decay_km)


def corridor_factor(corridor_m: np.ndarray, decay_km: float) -> np.ndarray:
    """Proximity to the corridors the bundle names (e.g. the Wakhan), zero where it names none."""
    return decay(corridor_m, decay_km)


def pathway_factor(pathway_m: np.ndarray, decay_km: float) -> np.ndarray:
    """How near the cell is to one of the essay's pathways (1 for a cell centre on the line)."""
    return decay(pathway_m, decay_km)


def border_factor(border_m: np.ndarray, segment_weights: np.ndarray, decay_km: float) -> np.ndarray:
    """Proximity to Afghanistan's border, each neighbour's segment weighted by :func:`segment_weights`.

    The value is the largest ``weight * decay(d)`` over the segments, so a cell is judged
    by the border that matters most to it.
    """
    if border_m.shape[1] == 0:
        return np.zeros(border_m.shape[0])
    return np.max(segment_weights[None, :] * decay(border_m, decay_km), axis=1)


def segment_weights(
    length_km: np.ndarray, neighbours: np.ndarray, permeability: dict[str, float],
    default_permeability: float, length_exponent: float,
) -> np.ndarray:
    """Per-segment weight ``permeability * (length / longest length) ** length_exponent``.

    A longer border has more places to cross; the exponent (0 ignores length, 1 is
    proportional) dampens that so a short border such as China's still counts.
    """
    if len(length_km) == 0:
        return np.zeros(0)
    longest = float(np.max(length_km)) or 1.0
    perm = np.array([permeability.get(n, default_permeability) for n in neighbours], dtype=float)
    return perm * (np.asarray(length_km, dtype=float) / longest) ** length_exponent


# --- measuring ----------------------------------------------------------------------


def _features(
    frame: gpd.GeoDataFrame | None, what: str, notes: list[str], columns: tuple[str, ...] = (),
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Rows with a usable geometry and those geometries projected to metres."""
    if frame is None or len(frame) == 0:
        empty = gpd.GeoDataFrame({c: np.array([], dtype=object) for c in columns}, geometry=[], crs=WGS84)
        return empty, np.array([], dtype=object)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"The {what} frame lacks the column(s) {missing}; "
                         f"give every feature {list(columns)}.")
    usable = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(usable) < len(frame):
        notes.append(f"{len(frame) - len(usable)} of the {what} have no geometry and were left out.")
    if usable.crs is None:
        usable = usable.set_crs(WGS84)
    return usable, usable.geometry.to_crs(REGION_EQUAL_AREA).to_numpy()


def _matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(len(a), len(b))`` distances in metres; an empty side gives an empty matrix."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    for geom in b:
        shapely.prepare(geom)
    return shapely.distance(a[:, None], b[None, :])


def _nearest(centres: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """Distance from each centre to its nearest geometry, via an STRtree (``inf`` if none)."""
    if len(geoms) == 0:
        return np.full(len(centres), np.inf)
    tree = shapely.STRtree(geoms)
    (src, _), dist = tree.query_nearest(centres, return_distance=True, all_matches=False)
    out = np.full(len(centres), np.inf)
    out[src] = dist
    return out


def _normalise_status(status) -> np.ndarray:
    """``"Essay argument"`` and ``"essay_argument"`` name the same status."""
    return status.astype(str).str.strip().str.lower().str.replace(r"[\s-]+", "_", regex=True).to_numpy()
