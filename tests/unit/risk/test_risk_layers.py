"""Map layers of the risk model: ids and statuses, pathway direction and passages, colour ramp."""

from __future__ import annotations

import dataclasses
import math

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from geo.bundle import load_bundle
from geo.core import REGION_EQUAL_AREA, WGS84, geodesic_distance_km
from geo.geography import countries
from geo.risk import (
    ARROW_ARM_KM,
    NEIGHBOUR_RISK_ID,
    NO_SCORE_COLOUR,
    NOT_A_FORECAST,
    PATHWAYS_ID,
    RISK_CELLS_ID,
    RISK_GROUP,
    RISK_RAMP,
    actor_factor_inputs,
    arrowhead,
    bundle_fingerprint,
    cell_breakdown,
    default_params,
    essay_pathways,
    neighbour_risk_layer,
    pathway_layer,
    risk_cells_layer,
    risk_colour,
    risk_fields,
    risk_legend_entries,
    score,
)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance: what "lighter" and "darker" mean for the ramp."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def projected(geom):
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(REGION_EQUAL_AREA).iloc[0]


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


@pytest.fixture(scope="module")
def fields(bundle):
    return risk_fields(bundle)


@pytest.fixture(scope="module")
def result(fields):
    return score(fields)


# --------------------------------------------------------------------------- pathways


def test_pathway_layer_has_stable_id_group_and_essay_argument_status(bundle):
    layer = pathway_layer(bundle)
    assert layer.id == PATHWAYS_ID
    assert layer.spec.group == RISK_GROUP
    assert layer.spec.status == "essay_argument"
    assert set(layer.frame["status"]) == {"essay_argument"}


def test_pathway_layer_draws_both_essay_scenarios_each_with_one_arrowhead(bundle):
    frame = pathway_layer(bundle).frame
    assert sorted(frame.loc[frame["part"] == "route", "id"]) == [
        "spillover-central-asia-russia", "spillover-wakhan-china"]
    assert frame.groupby("id")["part"].apply(sorted).to_dict() == {
        "spillover-central-asia-russia": ["arrowhead", "route"],
        "spillover-wakhan-china": ["arrowhead", "route"],
    }


def test_every_pathway_feature_links_to_an_essay_paragraph_and_quote(bundle):
    frame = pathway_layer(bundle).frame
    paragraphs = {p.id for p in bundle.paragraphs}
    claims = bundle.features.set_index("id")
    for row in frame.itertuples():
        assert row.id in claims.index
        assert row.paragraph_ids and set(row.paragraph_ids) <= paragraphs
        assert row.paragraph_labels == claims.loc[row.id, "paragraph_labels"]
        assert row.quote_text and row.quote_text == claims.loc[row.id, "quote_text"]


def test_wakhan_route_runs_from_kabul_to_kashgar_and_the_other_to_tashkent(bundle):
    frame = pathway_layer(bundle).frame.set_index(["id", "part"])
    assert frame.loc[("spillover-wakhan-china", "route"), "route_text"].startswith("Kabul → ")
    assert frame.loc[("spillover-wakhan-china", "route"), "route_text"].endswith("Wakhjir Pass → Kashgar")
    assert frame.loc[("spillover-central-asia-russia", "route"), "route_text"] == (
        "Kabul → Mazar-i-Sharif → Hairatan → Termez → Tashkent")


def _tip_and_arm_ends(chevron) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Both arms of a chevron start at its tip; return the tip and the two arm ends."""
    first, second = chevron.geoms
    assert first.coords[0] == pytest.approx(second.coords[0])
    return first.coords[0], [first.coords[-1], second.coords[-1]]


def test_arrowheads_sit_on_the_route_end_and_point_along_its_last_stretch(bundle):
    frame = pathway_layer(bundle).frame.set_index(["id", "part"])
    for claim_id in ("spillover-wakhan-china", "spillover-central-asia-russia"):
        route = projected(frame.loc[(claim_id, "route"), "geometry"])
        tip, arm_ends = _tip_and_arm_ends(projected(frame.loc[(claim_id, "arrowhead"), "geometry"]))
        end = np.array(route.coords[-1])
        assert np.hypot(*(np.array(tip) - end)) < 1.0  # metres
        heading = end - np.array(route.coords[-2])
        for arm_end in arm_ends:
            assert np.dot(np.array(arm_end) - np.array(tip), heading) < 0  # arms trail behind the tip


def test_arrowhead_of_an_eastbound_line_points_east_with_arms_of_the_set_length():
    (tip_lon, tip_lat), arm_ends = _tip_and_arm_ends(arrowhead(LineString([(66.0, 37.0), (68.0, 37.0)])))
    assert (tip_lon, tip_lat) == pytest.approx((68.0, 37.0), abs=1e-9)
    (lon0, lat0), (lon2, lat2) = arm_ends
    assert lon0 < tip_lon and lon2 < tip_lon
    assert lat0 > tip_lat > lat2 or lat2 > tip_lat > lat0  # one arm north, one south
    # Equal-area distances near the projection centre (lat 37, lon 68) match the geodesic to < 0.5 %.
    for lon, lat in arm_ends:
        assert geodesic_distance_km(tip_lon, tip_lat, lon, lat) == pytest.approx(ARROW_ARM_KM, rel=0.005)


def test_arrowhead_of_a_westbound_line_points_west():
    (tip_lon, _), arm_ends = _tip_and_arm_ends(arrowhead(LineString([(68.0, 37.0), (66.0, 37.0)])))
    assert all(lon > tip_lon for lon, _ in arm_ends)


def test_pathway_layer_is_none_for_a_bundle_without_essay_routes(bundle):
    features = bundle.features[bundle.features["kind"] != "route"]
    assert pathway_layer(dataclasses.replace(bundle, features=features)) is None


def test_routes_count_as_pathways_not_as_actor_features(bundle, fields):
    routes = essay_pathways(bundle)
    assert len(routes) == 2
    assert not set(routes["id"]) & set(fields.actor_claim)


# --------------------------------------------------------------------------- the actor factor


def test_whole_country_claims_never_feed_the_actor_factor(bundle, fields):
    whole = bundle.features[bundle.features["geometry_source"].str.startswith("basemap country")]
    assert {"taliban-de-facto-authority", "taliban-first-period"} <= set(whole["id"])
    assert not set(whole["id"]) & set(fields.actor_claim)


def test_by_default_only_armed_group_claims_count(bundle, result):
    counted = set(result.fields.actor_role[result.actor_mask])
    assert counted == {"armed_group"}
    inputs = actor_factor_inputs(bundle, result).set_index("id")
    assert not inputs.loc["nrf-panjshir-andarab", "counted"]
    assert "role armed opposition not ticked" in inputs.loc["nrf-panjshir-andarab", "why"]
    assert inputs.loc["taliban-de-facto-authority", "why"] == "covers a whole country, so it is equally near every cell"
    assert inputs.loc["al-qaeda-camps-2024", "counted"]
    ticked = score(result.fields, selected_roles=["armed_group", "armed_opposition"])
    assert "nrf" in set(ticked.fields.actor_name[ticked.actor_mask])


def test_actor_factor_is_not_a_function_of_distance_to_the_border(result):
    actors, border = result.factors["actors"].to_numpy(), result.factors["border"].to_numpy()
    assert np.corrcoef(actors, border)[0, 1] < 0.9


def test_cells_near_armed_group_claims_score_above_cells_at_equal_border_distance(result):
    fields = result.fields
    border_km = fields.border_m.min(axis=1) / 1000.0
    counted = result.actor_mask & (fields.actor_role == "armed_group")
    nearest_km = np.where(counted[None, :], fields.actor_m, np.inf).min(axis=1) / 1000.0
    compared = 0
    for low in range(0, 150, 25):
        band = (border_km >= low) & (border_km < low + 25)
        # Province claims are areas (a cell inside one is 0 km from it), so no cell near the
        # border lies 250 km from every armed-group claim: compare within 50 km vs beyond 150 km.
        near, far = band & (nearest_km <= 50), band & (nearest_km >= 150)
        if near.sum() < 5 or far.sum() < 5:
            continue
        compared += 1
        assert result.factors["actors"].to_numpy()[near].mean() > result.factors["actors"].to_numpy()[far].mean()
        assert result.scores[near].mean() > result.scores[far].mean(), low
    assert compared >= 2


def test_cell_breakdown_names_the_nearest_contributing_claim(bundle, result):
    cell = int(result.factors["actors"].idxmax())
    breakdown = cell_breakdown(result, cell)
    claim = breakdown["nearest_actor_claim"]
    labels = bundle.features.set_index("id")["label"]
    assert claim in labels.index
    assert labels[claim] in breakdown["factors"][0]["detail"]


# --------------------------------------------------------------------------- colours


def test_ramp_gets_darker_at_every_step_of_risk():
    values = np.linspace(0.0, 1.0, 101)
    lum = [luminance(risk_colour(v, 1.0)) for v in values]
    assert all(a > b for a, b in zip(lum, lum[1:], strict=False))
    assert risk_colour(0.0, 1.0) == RISK_RAMP[0] and risk_colour(1.0, 1.0) == RISK_RAMP[-1]


def test_ramp_clamps_scales_to_top_and_greys_missing_values():
    assert risk_colour(0.3, 0.6) == risk_colour(0.5, 1.0)
    assert risk_colour(2.0, 1.0) == RISK_RAMP[-1]
    assert risk_colour(0.5, 0.0) == RISK_RAMP[0]  # every cell zero: nothing stands out
    assert risk_colour(math.nan, 1.0) == NO_SCORE_COLOUR


def test_legend_runs_from_zero_to_the_highest_cell(result):
    entries = risk_legend_entries(result)
    assert entries[0].label == "Risk score 0.00"
    assert entries[-1].label == f"Risk score {result.scores.max():.2f} (highest cell)"
    assert entries[-1].style["fill_color"] == RISK_RAMP[-1]


# --------------------------------------------------------------------------- cells and neighbours


def test_cells_layer_has_one_feature_per_cell_with_clickable_cell_ids(result):
    layer = risk_cells_layer(result)
    assert layer.id == RISK_CELLS_ID and layer.spec.group == RISK_GROUP
    assert NOT_A_FORECAST in layer.spec.source
    assert len(layer.frame) == result.fields.n_cells
    assert list(layer.frame["id"][:3]) == ["cell-0", "cell-1", "cell-2"]
    top = int(np.argmax(result.scores))
    assert layer.frame["color"].iloc[top] == RISK_RAMP[-1]


def test_cell_colours_are_monotone_in_score(result):
    frame = risk_cells_layer(result).frame.sort_values("score")
    lum = frame["color"].map(luminance).to_numpy()
    assert np.all(np.diff(lum) <= 1e-12)


def test_all_weights_zero_paint_every_cell_the_lightest_colour(fields):
    zero = score(fields, default_params().with_values(weights=dict.fromkeys(default_params().weights, 0.0)))
    assert set(risk_cells_layer(zero).frame["color"]) == {RISK_RAMP[0]}


def test_neighbour_layer_colours_rank_like_mean_risk(result):
    layer = neighbour_risk_layer(result)
    assert layer.id == NEIGHBOUR_RISK_ID and layer.spec.group == RISK_GROUP
    frame = layer.frame.sort_values("mean_risk")
    assert list(frame["neighbour"])[-1] == "Tajikistan"  # nearest to most features with the defaults
    lum = frame["color"].map(luminance).to_numpy()
    assert np.all(np.diff(lum) <= 0), "a higher mean is never a lighter class"
    ramp = layer.spec.ramp
    assert len(ramp.classes) >= 3 and ramp.classes[0].lower == 0.0
    assert all(a.upper == b.lower for a, b in zip(ramp.classes, ramp.classes[1:]))
    assert set(frame["color"]) <= {c.color for c in ramp.classes}, "every fill is a class colour"
    for row in frame.itertuples():
        cls = next(c for c in ramp.classes if row.mean_risk <= c.upper)
        assert row.color == cls.color and (cls.lower < row.mean_risk or cls.lower == 0.0)
    assert sum(c.count for c in ramp.classes) == len(frame)


def test_neighbour_layer_tooltip_gives_risk_border_crossings_and_actor_counts(result):
    layer = neighbour_risk_layer(result)
    assert layer.spec.tooltip == ("title", "risk_text", "border_text", "crossings_text", "actors_text")
    row = layer.frame.set_index("neighbour").loc["Uzbekistan"]
    assert row["risk_text"].startswith(f"Mean risk {row['mean_risk']:.2f}, max {row['max_risk']:.2f}")
    assert row["border_text"].startswith("Border with Afghanistan: 137 km computed")
    assert row["actors_text"].startswith("Actor features within 50 / 100 / 200 km of this border: ")


def test_neighbour_polygons_are_clipped_to_the_grid_reach(result):
    frame = neighbour_risk_layer(result).frame.set_index("neighbour")
    china = projected(frame.loc["China", "geometry"])
    web = countries("web")
    afghanistan = projected(web.loc[web["name"] == "Afghanistan", "geometry"].iloc[0])
    reach_m = (result.fields.grid["afghanistan_km"].max() + 1) * 1000
    assert china.distance(afghanistan) < 1_000
    assert afghanistan.buffer(reach_m + 5_000).contains(china)
    assert not china.contains(projected(Point(116.4, 39.9)))  # Beijing lies far outside the model


# --------------------------------------------------------------------------- caching key


def test_fingerprint_is_stable_across_loads_and_changes_with_a_geometry(bundle):
    again = load_bundle()
    assert bundle_fingerprint(bundle) == bundle_fingerprint(again)
    moved = bundle.features.copy()
    moved.loc[moved.index[0], "geometry"] = Point(70.0, 35.0)
    assert bundle_fingerprint(dataclasses.replace(bundle, features=moved)) != bundle_fingerprint(bundle)


def test_vectorised_colours_equal_the_one_at_a_time_rule():
    from geo.risk.layers import risk_colour, risk_colours

    values = np.concatenate([np.linspace(0, 0.6, 997), [np.nan, np.inf, -0.1, 0.125, 0.375]])
    for top in (0.5, 0.0, 0.37):
        assert risk_colours(values, top) == [risk_colour(v, top) for v in values]


def test_the_risk_maps_fill_colours_and_reads_out_the_drawn_layer():
    from geo.risk import risk_cell_fill, risk_cell_shapes, risk_cells_layer, risk_fields, score

    result = score(risk_fields(load_bundle()))
    layer, fill, shapes = risk_cells_layer(result), risk_cell_fill(result), risk_cell_shapes(result.fields)
    assert [f["properties"]["id"] for f in shapes["features"]] == list(layer.frame["id"])
    colours = ["#" + fill["colors"][6 * i:6 * i + 6] for i in range(len(layer.frame))]
    assert colours == list(layer.frame["color"])
    i = int(np.argmax(result.scores))
    text = fill["template"].format(score=f"{fill['values']['score'][i]:.2f}",
                                   factor=fill["labels"]["factor"][int(fill["values"]["factor"][i])],
                                   factor_value=f"{fill['values']['factor_value'][i]:.2f}")
    assert text == layer.frame["score_text"].iloc[i]


def test_the_cell_breakdown_names_the_nearest_claim_in_words_not_by_actor_id():
    from geo.risk import cell_breakdown, risk_fields, score

    bundle = load_bundle()
    result = score(risk_fields(bundle))
    for cell in (int(np.argmax(result.scores)), int(np.argmin(result.scores))):
        detail = cell_breakdown(result, cell)["factors"][0]["detail"]
        assert not any(f"— {actor}" in detail or f" {actor} (" in detail for actor in bundle.actors), detail
