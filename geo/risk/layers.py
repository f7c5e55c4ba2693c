"""Map layers of the spillover-risk model: the essay's pathways, the scored cells, a per-neighbour choropleth.

The risk model (:mod:`geo.risk.model`) produces numbers; this module turns them into
:class:`geo.layers.specs.Layer` objects so the live map, the Risk page and the static exports
draw them the same way. Colours are computed into each feature's ``color`` column: with no
``fill_color`` in the layer style, :func:`geo.layers.symbology.feature_style` fills a polygon with
its stroke colour, so a per-feature fill needs no change to the renderers.

The ramp is ColorBrewer *YlOrBr* (sequential, colour-blind safe, and unlike red it does not
read as an alarm). It runs from 0 to the highest cell score of the scoring being shown,
because the model is for comparing places under one set of weights, not for reading
absolute levels: the page and the legend state the top of the range.
"""

from __future__ import annotations

import hashlib
import math
import weakref
from dataclasses import replace
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString

from geo.bundle import Bundle
from geo.core import REGION_EQUAL_AREA, WGS84, count_phrase, linear_part, polygonal_part
from geo.geography import CORRIDORS, countries, crossings, load_places
from geo.layers import (
    Layer,
    LayerSpec,
    LegendEntry,
    Ramp,
    RampClass,
    choropleth_fill,
    choropleth_shapes,
    feature_style,
    leaflet_options,
    nice_step,
)
from geo.risk.factors import FACTORS, DistanceFields, named_corridors, precompute
from geo.risk.model import ScoreResult, default_grid, scored_cells
from geo.risk.summary import SUMMARY_BANDS_KM, neighbour_summary

RISK_GROUP = "Spillover risk"
PATHWAYS_ID = "pathways"
NEIGHBOUR_RISK_ID = "neighbour_risk"
RISK_CELLS_ID = "risk_cells"
NOT_A_FORECAST = "illustrates the essay's argument; not a forecast"
MODEL_SOURCE = ("Spillover-risk model (geo/risk/; defaults in data/risk/model.toml) — "
                f"{NOT_A_FORECAST}.")

#: ColorBrewer YlOrBr, 9 classes; darker always means higher. The blue of the two darkest
#: stops is 02 rather than 04 and 06 (an invisible change) so that every channel falls along
#: the ramp and rounding to 8-bit colours can never make a higher score a shade lighter.
RISK_RAMP = ("#ffffe5", "#fff7bc", "#fee391", "#fec44f", "#fe9929",
             "#ec7014", "#cc4c02", "#993402", "#662502")
#: Neighbours whose cells were all left out of the grid have no score: drawn neutral grey.
NO_SCORE_COLOUR = "#bdbdbd"
#: Pathways are the essay's scenarios, not one actor's presence: a fixed dark indigo
#: (Tol's palette) that stands out on the YlOrBr ramp and on every actor colour.
PATHWAY_COLOUR = "#332288"
#: Arrowhead arm length and half-angle: about 12 px at the app's opening zoom (5), short
#: enough that the first dash of the essay-argument pattern draws the whole arm there.
ARROW_ARM_KM = 45.0
ARROW_HALF_ANGLE_DEG = 30.0
#: Map coordinates are rounded to ~10 m: finer digits only make the page heavier.
MAP_DECIMALS = 4
LEGEND_STEPS = 5
#: The per-neighbour choropleth is classed into at most this many equal-interval classes of a
#: round step from 0, so the legend reads "0.00 – 0.10, 0.10 – 0.20, …" and no class is a sliver.
NEIGHBOUR_MAX_CLASSES = 5
RISK_UNIT = "index 0–1, no unit"


# --------------------------------------------------------------------------- inputs


def essay_pathways(bundle: Bundle) -> gpd.GeoDataFrame:
    """The bundle's route claims with status ``essay_argument``: the essay's spillover scenarios.

    Returns
    -------
    geopandas.GeoDataFrame
        Rows of ``bundle.features`` (EPSG:4326, columns :data:`geo.bundle.FEATURE_COLUMNS`).
    """
    features = bundle.features
    chosen = (features["kind"] == "route") & (features["status"] == "essay_argument")
    usable = chosen & features.geometry.notna() & ~features.geometry.is_empty
    return gpd.GeoDataFrame(features[usable], geometry="geometry", crs=features.crs)


#: Why a claim does not feed the actor factor whatever the analyst ticks.
ROUTE_REASON = "a route: counted by the pathways factor instead"
WHOLE_COUNTRY_REASON = "covers a whole country, so it is equally near every cell"
UNREVIEWED_REASON = "an unreviewed draft: it counts once a person ticks it reviewed on the Author page"


def _never_counted(features: pd.DataFrame) -> pd.Series:
    """Per claim, why the actor factor can never count it ("" when it can)."""
    whole = features["geometry_source"].astype(str).str.startswith("basemap country")
    reasons = pd.Series("", index=features.index, dtype=object)
    reasons[whole] = WHOLE_COUNTRY_REASON
    reasons[features["kind"] == "route"] = ROUTE_REASON
    if "confidence" in features.columns:  # nothing drafted weighs as fact (an unreviewed draft)
        reasons[features["confidence"] == "unreviewed"] = UNREVIEWED_REASON
    return reasons


def risk_actor_features(bundle: Bundle) -> gpd.GeoDataFrame:
    """The actor features the model measures distances to, with their actor's ``role``.

    Left out: unreviewed drafted claims (nothing drafted weighs as fact), routes (the essay's
    pathways, which count through the pathways factor; counting them again would weigh the
    argument twice) and area claims drawn as a whole country (the
    Taliban's authority, an allegation about "Afghanistan"): they are as near to a cell 8 km
    from the border as the border itself, so they would turn the actor factor into a second
    border factor. Which roles count is chosen when scoring (:func:`geo.risk.model.score`).

    Returns
    -------
    geopandas.GeoDataFrame
        Rows of ``bundle.features`` (EPSG:4326, columns :data:`geo.bundle.FEATURE_COLUMNS`) plus ``role``.
    """
    features = bundle.features
    kept = features[_never_counted(features) == ""].copy()
    kept["role"] = [bundle.actors[a].role if a in bundle.actors else "" for a in kept["actor"]]
    return gpd.GeoDataFrame(kept, geometry="geometry", crs=features.crs)


def actor_factor_inputs(bundle: Bundle, result: ScoreResult) -> pd.DataFrame:
    """Every claim of the bundle and whether it feeds the actor factor of this scoring, and why not.

    Columns: ``id``, ``label``, ``actor``, ``role``, ``status``, ``status_weight``, ``counted``
    (bool) and ``why`` (empty when counted; otherwise the route, whole-country, role, actor
    or zero-weight reason).
    """
    features = bundle.features
    never = _never_counted(features)
    counted_ids = set(result.fields.actor_claim[result.actor_mask]) if len(result.fields.actor_claim) else set()
    rows = []
    for row, reason in zip(features.itertuples(index=False), never, strict=True):
        actor = bundle.actors.get(row.actor)
        role = actor.role if actor is not None else ""
        weight = float(result.params.status_weights.get(row.status, 0.0))
        why = reason
        if not why and row.id not in counted_ids:
            why = (f"role {role.replace('_', ' ')} not ticked" if role and role not in result.roles
                   else "actor not selected")
        if not why and weight == 0:
            why = f"status {row.status.replace('_', ' ')} weighs 0"
        rows.append({"id": row.id, "label": row.label, "actor": row.actor_name, "role": role.replace("_", " "),
                     "status": row.status_label, "status_weight": weight, "counted": not why, "why": why})
    return pd.DataFrame(rows, columns=["id", "label", "actor", "role", "status", "status_weight", "counted", "why"])


def factor_inputs(bundle: Bundle, result: ScoreResult) -> dict[str, str]:
    """One sentence per factor naming what feeds it in this scoring (claims by label).

    Returns
    -------
    dict
        Factor name -> plain text (unescaped), in :data:`geo.risk.factors.FACTORS` order.
    """
    inputs = actor_factor_inputs(bundle, result)
    counted = inputs[inputs["counted"]]
    roles = ", ".join(r.replace("_", " ") for r in result.roles) or "none"
    actor_text = (f"{len(counted)} claims of the ticked roles ({roles}): " + "; ".join(
        f"{r.label} ({r.actor}, {r.status})" for r in counted.itertuples(index=False))
        if len(counted) else f"no claim (ticked roles: {roles})")
    routes = essay_pathways(bundle)
    fields = result.fields
    finite = int(np.isfinite(fields.crossing_m).any())
    drafts = int((inputs["why"] == UNREVIEWED_REASON).sum())
    if drafts:
        actor_text += f"; {_drafts_sentence(drafts)}"
    texts = {
        "actors": actor_text + ".",
        "crossings": ("the border crossings of the bundled gazetteer (data/gazetteer/)." if finite
                      else "no border crossings."),
        "corridors": (" and ".join(f"the {CORRIDORS[c]}" for c in bundle.focus.corridors)
                      + ", derived from the bundled 1:10m outline of Afghanistan." if bundle.focus.corridors
                      else "no corridor: this essay bundle names none (bundle.toml [map] corridors)."),
        "pathways": ("the essay's route claims: " + "; ".join(routes["label"]) + ".") if len(routes)
        else "no route claim with status essay_argument.",
        "border": "Afghanistan's border with " + ", ".join(map(str, fields.border_neighbour)) + "."
        if len(fields.border_neighbour) else "no border segments.",
    }
    return {name: texts[name] for name in FACTORS}


_fingerprints: dict[int, tuple[weakref.ref, str]] = {}


def bundle_fingerprint(bundle: Bundle) -> str:
    """A short digest of what the model reads from a bundle, for cache keys in memory and on disk.

    Two loads of an unchanged bundle give the same digest, wherever its folder is; editing any
    claim field (actor, status, label, …), its geometry, an actor's role or the corridors changes
    it, so a cache keyed on it never serves stale distances or labels. Computed once per Bundle
    object (a bundle is immutable): a page asks several times a rerun.
    """
    hit = _fingerprints.get(id(bundle))
    if hit is not None and hit[0]() is bundle:
        return hit[1]
    digest = _fingerprint(bundle)
    for key in [k for k, (ref, _) in _fingerprints.items() if ref() is None]:
        _fingerprints.pop(key, None)
    _fingerprints[id(bundle)] = (weakref.ref(bundle), digest)
    return digest


def _fingerprint(bundle: Bundle) -> str:
    """SHA-256 of everything in ``bundle`` the risk model reads, its folder left out.

    Every column of ``bundle.features`` (geometry as WKB), each actor's id and role, and the
    corridors ``bundle.toml [map]`` names: two folders with the same content share a digest.
    """
    features = bundle.features
    digest = hashlib.sha256()
    digest.update(features.drop(columns="geometry").to_json(orient="split", date_format="iso").encode())
    wkb = shapely.to_wkb(features.geometry.to_numpy()) if len(features) else []
    digest.update(b"".join(w if w is not None else b"-" for w in wkb))
    for actor in bundle.actors.values():
        digest.update(f"{actor.id}\x1f{actor.role}\x1e".encode())
    digest.update(("corridors:" + ",".join(bundle.focus.corridors)).encode())
    return digest.hexdigest()[:16]


def risk_fields(bundle: Bundle) -> DistanceFields:
    """Every cell-to-feature distance for this bundle on the default grid (the slow step, ~2 s).

    Raises
    ------
    geo.geography.admin0.DataFileError
        When the bundled gazetteer or geography is missing or damaged.
    """
    fields = precompute(default_grid(), risk_actor_features(bundle), crossings(), essay_pathways(bundle),
                        corridors=named_corridors(bundle.focus.corridors))
    drafts = int((_never_counted(bundle.features) == UNREVIEWED_REASON).sum())
    if drafts:  # said first, so a zero actor factor is not read as a bundle that lost its claims
        fields = replace(fields, notes=(_drafts_sentence(drafts) + ".", *fields.notes))
    return fields


def _drafts_sentence(n: int) -> str:
    return (f"{count_phrase(n, 'unreviewed drafted claim')} of this bundle {'does' if n == 1 else 'do'} not count "
            f"in the actor factor until a person ticks {'it' if n == 1 else 'them'} reviewed on the Author page")


# --------------------------------------------------------------------------- colours


def risk_colour(value: float, top: float) -> str:
    """Hex colour of ``value`` on :data:`RISK_RAMP` scaled to ``[0, top]`` (NaN → grey).

    ``top <= 0`` (every cell zero) maps everything to the lightest colour.
    """
    if value is None or not math.isfinite(value):
        return NO_SCORE_COLOUR
    t = min(max(value / top, 0.0), 1.0) if top > 0 else 0.0
    pos = t * (len(RISK_RAMP) - 1)
    i = min(int(pos), len(RISK_RAMP) - 2)
    lo, hi = _rgb(RISK_RAMP[i]), _rgb(RISK_RAMP[i + 1])
    frac = pos - i
    return "#" + "".join(f"{round(a + (b - a) * frac):02x}" for a, b in zip(lo, hi, strict=True))


def risk_rgb(values: np.ndarray, top: float) -> np.ndarray:
    """:func:`risk_colour` of every value at once, as an ``(n, 3)`` uint8 array of RGB (numpy).

    The same colours, digit for digit: numpy rounds half to even, as Python's ``round`` does.
    """
    values = np.asarray(values, dtype=float)
    ramp = np.array([_rgb(c) for c in RISK_RAMP], dtype=float)
    finite = np.isfinite(values)
    t = np.clip(np.where(finite, values, 0.0) / top, 0.0, 1.0) if top > 0 else np.zeros(len(values))
    pos = t * (len(RISK_RAMP) - 1)
    i = np.minimum(pos.astype(int), len(RISK_RAMP) - 2)
    rgb = ramp[i] + (ramp[i + 1] - ramp[i]) * (pos - i)[:, None]
    rgb = np.round(rgb).astype(np.uint8).reshape(-1, 3)
    rgb[~finite] = _rgb(NO_SCORE_COLOUR)
    return rgb


def risk_colours(values: np.ndarray, top: float) -> list[str]:
    """:func:`risk_colour` of every value at once, as ``#rrggbb`` strings."""
    hexes = risk_rgb(values, top).tobytes().hex()
    return ["#" + hexes[k:k + 6] for k in range(0, len(hexes), 6)]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def ramp_top(result: ScoreResult) -> float:
    """The top of the colour ramp: the highest cell score of this scoring (0 if none)."""
    return float(np.max(result.scores)) if len(result.scores) else 0.0


def risk_legend_entries(result: ScoreResult) -> list[LegendEntry]:
    """Legend rows sampling the ramp from 0 to :func:`ramp_top`, for the Risk page and main map."""
    top = ramp_top(result)
    if top <= 0:
        style = feature_style({"color": risk_colour(0.0, 0.0), "fill_opacity": 0.8, "weight": 1})
        return [LegendEntry("Risk score 0 in every cell", "polygon", style)]
    rows = []
    for k in range(LEGEND_STEPS):
        value = top * k / (LEGEND_STEPS - 1)
        label = f"Risk score {value:.2f}" + (" (highest cell)" if k == LEGEND_STEPS - 1 else "")
        style = feature_style({"color": risk_colour(value, top), "fill_opacity": 0.8, "weight": 1})
        rows.append(LegendEntry(label, "polygon", style))
    return rows


# --------------------------------------------------------------------------- pathways


def pathway_layer(bundle: Bundle) -> Layer | None:
    """The essay's scenarios (its route claims) as directed routes, or ``None`` if the bundle has none.

    Each route claim gives one ``part == "route"`` line and one ``part == "arrowhead"``
    chevron at its end pointing the way the route runs (open lines rather than filled
    triangles, because the essay-argument status draws shapes unfilled; see :func:`arrowhead`).
    Both rows keep the claim's ``id``, so clicking either opens the claim's essay passages,
    and its ``paragraph_labels`` and ``quote_text``.
    """
    routes = essay_pathways(bundle)
    if routes.empty:
        return None
    names = _place_names()
    rows = []
    for claim in routes.itertuples(index=False):
        line = _last_line(claim.geometry)
        if line is None:
            continue
        common = {
            "id": claim.id, "title": claim.label, "actor_name": claim.actor_name, "status": "essay_argument",
            "route_text": " → ".join(names.get(p, p) for p in claim.place_ids) if claim.place_ids else "",
            "paragraph_ids": claim.paragraph_ids, "paragraph_labels": claim.paragraph_labels,
            "quote_text": claim.quote_text, "when": claim.when,
        }
        rows.append({**common, "part": "route", "geometry": claim.geometry})
        rows.append({**common, "part": "arrowhead", "geometry": arrowhead(line)})
    spec = LayerSpec(
        id=PATHWAYS_ID,
        title="The essay's pathways",
        group=RISK_GROUP,
        builder="risk",
        geometry="line",
        description=("The essay's scenarios, drawn as directed routes: "
                     + "; ".join(str(label) for label in routes["label"])
                     + ". They are the essay's argument, not observed movements."),
        source=f"{bundle.meta.attribution}; route claims with status essay_argument",
        default_on=False,
        status="essay_argument",
        tooltip=("title", "route_text", "paragraph_labels", "quote_text"),
        style={"color": PATHWAY_COLOUR, "weight": 3.0},
        schematic=True,
    )
    return Layer(spec=spec, frame=gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84))


def arrowhead(line: LineString, arm_km: float = ARROW_ARM_KM,
              half_angle_deg: float = ARROW_HALF_ANGLE_DEG) -> MultiLineString:
    """An open chevron whose tip is the end of ``line`` (EPSG:4326), pointing along its last stretch.

    The chevron is two arms that each *start* at the tip, so a dashed status line always
    draws the tip solid. The heading is taken in the region's equal-area projection from the
    point one arm length back along the line to its end, so the chevron has the same size and
    a true direction wherever it is drawn.
    """
    projected = gpd.GeoSeries([line], crs=WGS84).to_crs(REGION_EQUAL_AREA).iloc[0]
    arm = arm_km * 1000.0
    tip = np.array(projected.coords[-1])
    back = np.array(projected.interpolate(max(projected.length - arm, 0.0)).coords[0])
    heading = tip - back
    norm = float(np.hypot(*heading))
    if norm == 0.0:  # a degenerate line has no direction: point east rather than fail
        heading, norm = np.array([1.0, 0.0]), 1.0
    reverse = -heading / norm
    angle = math.radians(half_angle_deg)
    arms = []
    for sign in (1.0, -1.0):
        c, s = math.cos(sign * angle), math.sin(sign * angle)
        end = tip + arm * np.array([c * reverse[0] - s * reverse[1], s * reverse[0] + c * reverse[1]])
        arms.append(LineString([tuple(tip), tuple(end)]))
    return gpd.GeoSeries([MultiLineString(arms)], crs=REGION_EQUAL_AREA).to_crs(WGS84).iloc[0]


def _last_line(geom) -> LineString | None:
    """The line whose end is the route's destination (the last part of a multi-line)."""
    merged = linear_part(geom)
    if merged is None:
        return None
    return merged if isinstance(merged, LineString) else list(merged.geoms)[-1]


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    places = load_places()
    return dict(zip(places["id"], places["name"], strict=True))


# --------------------------------------------------------------------------- scored cells


#: The read-out under each cell's title on the map (tooltip), filled per scoring.
CELL_READOUT = "Risk {score} · strongest factor: {factor} {factor_value} · click for the breakdown"
#: How the cells are stroked: a 1 px stroke in the cell's own colour hides the anti-aliasing
#: seams between hexagons.
CELL_STYLE = {"color": RISK_RAMP[4], "weight": 1.0, "fill_opacity": 0.7}


def _cells_spec(top: float | None) -> LayerSpec:
    scale = "colours run from 0 to the highest cell" + (f" ({top:.2f})" if top is not None else "")
    return LayerSpec(
        id=RISK_CELLS_ID,
        title="Spillover-risk score (cells)",
        group=RISK_GROUP,
        builder="risk",
        geometry="polygon",
        description=("Hexagons over the neighbours' territory near Afghanistan, each scored from five "
                     f"weighted factors; {scale}. {NOT_A_FORECAST}."),
        source=MODEL_SOURCE,
        default_on=False,
        tooltip=("title", "score_text"),
        style=dict(CELL_STYLE),
    )


def _strongest(result: ScoreResult) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: the index (into :data:`FACTORS`) and value of its strongest factor."""
    factors = result.factors[list(FACTORS)].to_numpy()
    if not len(factors):
        return np.zeros(0, dtype=int), np.zeros(0)
    return np.argmax(factors, axis=1), factors.max(axis=1)


def risk_cells_layer(result: ScoreResult) -> Layer:
    """The scored hexagons, coloured by score; ``id`` is ``cell-<cell_id>`` for click-through.

    Columns: ``id``, ``cell_id``, ``country``, ``score``, one per factor, ``color``,
    ``title`` and ``score_text`` (tooltip), ``geometry`` (EPSG:4326).
    """
    cells = scored_cells(result)
    top = ramp_top(result)
    strongest, strongest_value = _strongest(result)
    cells["id"] = [f"cell-{c}" for c in cells["cell_id"]]
    cells["color"] = risk_colours(cells["score"].to_numpy(), top)
    cells["title"] = _cell_titles(cells)
    cells["score_text"] = [
        CELL_READOUT.format(score=f"{s:.2f}", factor=FACTORS[f], factor_value=f"{v:.2f}")
        for s, f, v in zip(cells["score"], strongest, strongest_value, strict=True)
    ]
    cells = cells.set_geometry(_rounded(cells.geometry.to_numpy()), crs=WGS84)
    columns = ["id", "cell_id", "country", "score", *FACTORS, "color", "title", "score_text", "geometry"]
    return Layer(spec=_cells_spec(top), frame=gpd.GeoDataFrame(cells[columns], geometry="geometry", crs=WGS84))


def _cell_titles(cells: pd.DataFrame) -> list[str]:
    return [f"Cell {c} · {n}" for c, n in zip(cells["cell_id"], cells["country"], strict=True)]


def risk_grid_layer(fields: DistanceFields) -> Layer:
    """The grid's hexagons with ids and titles, unscored: what every scoring of ``fields`` draws alike.

    Columns: ``id`` (``cell-<cell_id>``), ``title``, ``geometry`` (EPSG:4326), in ``cell_id``
    order, the order :func:`risk_cell_fill` colours them in. For click look-up and
    :func:`risk_cell_shapes`.
    """
    cells = fields.cells_wgs84.copy()
    cells["id"] = [f"cell-{c}" for c in cells["cell_id"]]
    cells["title"] = _cell_titles(cells)
    cells = cells.set_geometry(_rounded(cells.geometry.to_numpy()), crs=WGS84)
    frame = gpd.GeoDataFrame(cells[["id", "title", "geometry"]], geometry="geometry", crs=WGS84)
    return Layer(spec=_cells_spec(None), frame=frame)


def risk_cell_shapes(fields: DistanceFields) -> dict:
    """:func:`geo.layers.choropleth_shapes` of :func:`risk_grid_layer`: published once per bundle."""
    return choropleth_shapes(risk_grid_layer(fields))


def risk_cell_fill(result: ScoreResult) -> dict:
    """One scoring's colours and read-outs for :func:`risk_cell_shapes` (a few bytes per cell).

    Colours are :func:`risk_colour` on :func:`ramp_top`, as in :func:`risk_cells_layer`; the
    read-out is :data:`CELL_READOUT` with the score and the strongest factor to 2 decimals.
    """
    top = ramp_top(result)
    strongest, strongest_value = _strongest(result)
    style = leaflet_options(feature_style(CELL_STYLE, None))
    return choropleth_fill(
        risk_rgb(result.scores, top),
        {k: style[k] for k in ("weight", "opacity", "fillOpacity")},
        CELL_READOUT,
        {"score": result.scores, "factor_value": strongest_value},
        decimals={"score": 2, "factor_value": 2},
        coded={"factor": (strongest, FACTORS)},
    )


def _rounded(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, MAP_DECIMALS))


# --------------------------------------------------------------------------- neighbours


def neighbour_risk_layer(result: ScoreResult, summary: pd.DataFrame | None = None) -> Layer:
    """Each neighbour's territory within the model's reach, coloured by its cells' mean score.

    The polygon is the neighbour (bundled ``"web"`` countries) clipped to the distance from
    Afghanistan the grid covers, because the mean is over those cells only: filling all of
    China would claim a score for Beijing the model never computed.

    Parameters
    ----------
    result
        A scoring from :func:`geo.risk.model.score`.
    summary
        :func:`geo.risk.summary.neighbour_summary` of ``result`` if already computed.
    """
    table = neighbour_summary(result) if summary is None else summary
    reach_km = _reach_km(result.fields)
    areas = _neighbour_areas(tuple(table["neighbour"]), reach_km)
    top = ramp_top(result)
    ramp = neighbour_ramp(table["mean_risk"].to_numpy(dtype=float))
    rows = []
    for row in table.itertuples(index=False):
        geom = areas.get(row.neighbour)
        if geom is None:
            continue
        rows.append({
            "id": f"neighbour-{row.neighbour}", "title": row.neighbour, "neighbour": row.neighbour,
            "mean_risk": row.mean_risk, "max_risk": row.max_risk, "cells": row.cells,
            "border_km": row.border_km, "crossings": row.crossings,
            **{f"actors_within_{b}km": getattr(row, f"actors_within_{b}km") for b in SUMMARY_BANDS_KM},
            "color": _class_colour(ramp, row.mean_risk),
            "risk_text": _risk_text(row, reach_km),
            "border_text": _border_text(row),
            "crossings_text": f"Border crossings on this border (gazetteer): {row.crossings}",
            "actors_text": _actors_text(row),
            "geometry": geom,
        })
    spec = LayerSpec(
        id=NEIGHBOUR_RISK_ID,
        title="Spillover risk by neighbour (mean of cells)",
        group=RISK_GROUP,
        builder="risk",
        geometry="polygon",
        description=(f"Each neighbour within {reach_km:,.0f} km of Afghanistan, coloured by the mean score "
                     f"of its cells ({len(ramp.classes)} classes of {ramp.method}; the highest cell scores "
                     f"{top:.2f}). {NOT_A_FORECAST}."),
        source=MODEL_SOURCE,
        default_on=False,
        tooltip=("title", "risk_text", "border_text", "crossings_text", "actors_text"),
        style={"color": RISK_RAMP[4], "weight": 1.5, "fill_opacity": 0.6},
        ramp=ramp,
    )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84) if rows else gpd.GeoDataFrame(
        {"id": [], "title": [], "color": []}, geometry=[], crs=WGS84)
    return Layer(spec=spec, frame=frame)


def neighbour_ramp(means: np.ndarray, max_classes: int = NEIGHBOUR_MAX_CLASSES) -> Ramp:
    """Classes of the per-neighbour mean risk: equal intervals of a round step from 0.

    At least three classes (so the legend is a scale, not one swatch), at most ``max_classes``;
    colours run light to dark along :data:`RISK_RAMP`, the cells' ramp. Neighbours with no score
    (NaN) are left out of the classes and drawn :data:`NO_SCORE_COLOUR`.

    Parameters
    ----------
    means
        Each neighbour's mean cell score.

    Returns
    -------
    geo.layers.Ramp
        The classes with their ``(lower, upper]`` breaks and how many neighbours fall in each.
    """
    values = means[np.isfinite(means)]
    top = float(values.max()) if len(values) else 0.0
    step = nice_step(top, max_classes) if top > 0 else 0.1
    k = min(max(3, math.ceil(top / step - 1e-9)), max(3, max_classes))
    bins = [round(step * (i + 1), 10) for i in range(k)]
    # Count per (lower, upper] class, as mapclassify.UserDefined does; a value above the last
    # break counts in the last class. (mapclassify itself is not imported: its import pulls
    # in scipy.stats and matplotlib, 2.3 s of the cold start, to count a dozen numbers.)
    index = np.minimum(np.searchsorted(np.asarray(bins), values, side="left"), k - 1)
    counts = np.bincount(index, minlength=k).astype(int).tolist()[:k]
    classes = tuple(
        RampClass(risk_colour(bins[i], bins[-1]) if i else risk_colour(bins[0] * 0.6, bins[-1]),
                  round(step * i, 10), bins[i], counts[i])
        for i in range(k)
    )
    return Ramp("Mean risk score of the neighbour's cells", RISK_UNIT, classes,
                method=f"equal intervals of {step:g}", decimals=max(2, -math.floor(math.log10(step))))


def _class_colour(ramp: Ramp, value: float) -> str:
    """The colour of the class ``value`` falls in (``(lower, upper]``; 0 in the first)."""
    if value is None or not math.isfinite(value):
        return NO_SCORE_COLOUR
    for c in ramp.classes:
        if value <= c.upper + 1e-12:
            return c.color
    return ramp.classes[-1].color


def _risk_text(row, reach_km: float) -> str:
    if not row.cells:
        return "No cells of this neighbour lie in the grid, so it has no score."
    return (f"Mean risk {row.mean_risk:.2f}, max {row.max_risk:.2f} over {row.cells:,} cells "
            f"within {reach_km:,.0f} km of Afghanistan")


def _actors_text(row) -> str:
    bands = " / ".join(str(b) for b in SUMMARY_BANDS_KM)
    counts = " / ".join(str(getattr(row, f"actors_within_{b}km")) for b in SUMMARY_BANDS_KM)
    return f"Actor features within {bands} km of this border: {counts}"


def _border_text(row) -> str:
    text = f"Border with Afghanistan: {row.border_km:,.0f} km computed (Natural Earth 1:10m)"
    if math.isfinite(row.published_min_km):
        low, high = row.published_min_km, row.published_max_km
        text += (f"; published {low:,.0f} km" if round(low) == round(high)
                 else f"; published {low:,.0f}–{high:,.0f} km")
    return text


def _reach_km(fields: DistanceFields) -> float:
    """How far from Afghanistan the grid reaches: its farthest cell centre, rounded up."""
    if fields.n_cells == 0:
        return 0.0
    return float(math.ceil(fields.grid["afghanistan_km"].max()))


@lru_cache(maxsize=4)
def _neighbour_areas(names: tuple[str, ...], reach_km: float) -> dict[str, object]:
    """Each named neighbour's ``"web"`` polygon clipped to ``reach_km`` of Afghanistan (EPSG:4326)."""
    web = countries("web")
    projected = web.to_crs(REGION_EQUAL_AREA)
    home = projected.loc[projected["name"] == "Afghanistan", "geometry"]
    if home.empty or reach_km <= 0:
        return {}
    zone = home.iloc[0].buffer(reach_km * 1000.0)
    out = {}
    for name in names:
        match = projected.loc[projected["name"] == name, "geometry"]
        if match.empty:
            continue
        clipped = polygonal_part(match.iloc[0].intersection(zone))
        if clipped is None:
            continue
        wgs = gpd.GeoSeries([clipped], crs=REGION_EQUAL_AREA).to_crs(WGS84).to_numpy()
        out[name] = _rounded(wgs)[0]
    return out
