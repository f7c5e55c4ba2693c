"""Properties of the spillover-risk model (geo.risk.model, geo.risk.grid, geo.risk.factors, ...).

Most tests use a hand-made world of three boxes near the projection centre so they run in
milliseconds; a few use the bundled geography to pin the default grid and the distances.
The coordinates here are test fixtures, not places or claims.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from geo.core import REGION_EQUAL_AREA, WGS84, DataFileError, geodesic_distance_km
from geo.geography import neighbours_of
from geo.risk import (
    FACTORS,
    METHOD_MARKDOWN,
    MODEL_PATH,
    cell_breakdown,
    default_grid,
    default_params,
    grid_settings,
    hexagon_area_km2,
    load_model,
    make_grid,
    neighbour_summary,
    precompute,
    score,
    scored_cells,
)

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Largest relative difference allowed between a projected (LAEA) and a geodesic distance
#: over the default grid: the measured worst case is 0.29 % (≈ 2.7 km at 910 km, south-east
#: Iran, the cell farthest from the projection centre at lat 37, lon 68).
LAEA_TOLERANCE = 0.005


# --- a hand-made world -------------------------------------------------------------

@pytest.fixture(scope="module")
def world() -> gpd.GeoDataFrame:
    """'Afghanistan' with a neighbour to the north and one to the east, plus a context box."""
    return gpd.GeoDataFrame(
        {"name": ["Afghanistan", "Tajikistan", "Pakistan", "Elsewhere"],
         "role": ["focus", "focus", "focus", "context"]},
        geometry=[box(67.5, 36.5, 68.5, 37.5), box(67.5, 37.5, 68.5, 38.5),
                  box(68.5, 36.5, 69.5, 37.5), box(66.5, 36.5, 67.5, 37.5)],
        crs=WGS84,
    )


@pytest.fixture(scope="module")
def grid(world) -> gpd.GeoDataFrame:
    return make_grid(world, "Afghanistan", max_distance_km=60.0, cell_edge_km=5.0)


@pytest.fixture(scope="module")
def borders(world) -> gpd.GeoDataFrame:
    return neighbours_of(world, "Afghanistan")


@pytest.fixture(scope="module")
def corridors() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[box(68.3, 37.3, 68.5, 37.5)], crs=WGS84)


def actors_at(*points: tuple[float, float], status: str = "reported", actor: str = "A") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"status": [status] * len(points), "actor": [actor] * len(points)},
                            geometry=[Point(p) for p in points], crs=WGS84)


@pytest.fixture(scope="module")
def crossings() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[Point(68.0, 37.5)], crs=WGS84)


@pytest.fixture(scope="module")
def pathways() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[LineString([(68.0, 37.0), (68.0, 38.2)])], crs=WGS84)


@pytest.fixture(scope="module")
def fields(grid, crossings, pathways, corridors, borders):
    actors = pd.concat([actors_at((68.0, 37.2)), actors_at((68.2, 36.9), status="alleged", actor="B")])
    return precompute(grid, gpd.GeoDataFrame(actors, crs=WGS84), crossings, pathways, corridors, borders)


weight_values = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
weight_maps = st.fixed_dictionaries({f: weight_values for f in FACTORS})
decays = st.floats(min_value=5.0, max_value=500.0, allow_nan=False)


# --- grid ---------------------------------------------------------------------------

def test_default_grid_has_at_least_5000_cells_in_the_neighbours():
    grid = default_grid()
    assert len(grid) >= 5000
    assert grid["cell_id"].tolist() == list(range(len(grid))) == grid.index.tolist()
    assert "Afghanistan" not in set(grid["country"])
    assert grid["afghanistan_km"].max() <= grid_settings().max_distance_km


def test_grid_cells_carry_the_country_their_centre_lies_in(world, grid):
    assert set(grid["country"]) == {"Tajikistan", "Pakistan"}
    polygons = dict(zip(world["name"], world.to_crs(REGION_EQUAL_AREA).geometry, strict=True))
    centres = shapely.points(grid["x"], grid["y"])
    for country, centre in zip(grid["country"], centres, strict=True):
        assert polygons[country].contains(centre)
    assert (grid["afghanistan_km"] <= 60.0).all()


def test_grid_hexagons_have_equal_area(grid):
    np.testing.assert_allclose(grid.geometry.area / 1e6, hexagon_area_km2(5.0), rtol=1e-9)


def test_grid_is_identical_when_rebuilt(world, grid):
    assert_geodataframe_equal(make_grid(world, "Afghanistan", 60.0, 5.0), grid)


# --- scoring properties -------------------------------------------------------------

@FAST
@given(decay_km=decays)
def test_all_weights_zero_gives_all_scores_zero(fields, decay_km):
    params = default_params().with_values(weights=dict.fromkeys(FACTORS, 0.0), decay_km=decay_km)
    result = score(fields, params)
    assert np.all(result.scores == 0.0)
    assert "Every weight is zero, so every cell scores zero." in result.notes


@FAST
@given(base=weight_maps, factor=st.sampled_from(FACTORS), extra=weight_values, decay_km=decays)
def test_raising_one_weight_never_lowers_any_cell_score(fields, base, factor, extra, decay_km):
    low = default_params().with_values(weights=base, decay_km=decay_km)
    high = low.with_values(weights={factor: min(1.0, base[factor] + extra)})
    assert np.all(score(fields, high).scores >= score(fields, low).scores)


@FAST
@given(status=st.sampled_from(["reported", "alleged"]), extra=weight_values)
def test_raising_a_status_weight_never_lowers_any_cell_score(fields, status, extra):
    low = default_params().with_values(status_weights={"reported": 0.3, "alleged": 0.3})
    high = low.with_values(status_weights={status: min(1.0, 0.3 + extra)})
    assert np.all(score(fields, high).scores >= score(fields, low).scores)


@FAST
@given(weights=weight_maps, decay_km=decays)
def test_scores_and_factors_stay_within_zero_and_one(fields, weights, decay_km):
    result = score(fields, default_params().with_values(weights=weights, decay_km=decay_km))
    assert result.factors.to_numpy().min() >= 0.0 and result.factors.to_numpy().max() <= 1.0
    assert result.scores.min() >= 0.0 and result.scores.max() <= 1.0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.floats(min_value=0.3, max_value=0.9), step=st.floats(min_value=0.05, max_value=0.5))
def test_moving_an_actor_closer_raises_that_cells_score(grid, borders, corridors, start, step):
    cell = grid.loc[grid["country"] == "Tajikistan"].iloc[0]
    far = (67.9, 36.7)  # inside the fixture 'Afghanistan'

    def towards(fraction: float) -> tuple[float, float]:
        return (far[0] + fraction * (cell["lon"] - far[0]), far[1] + fraction * (cell["lat"] - far[1]))

    before = precompute(grid, actors_at(towards(start - step)), None, None, corridors, borders)
    after = precompute(grid, actors_at(towards(start)), None, None, corridors, borders)
    row = int(cell["cell_id"])
    assert after.actor_m[row, 0] < before.actor_m[row, 0]
    assert score(after).scores[row] > score(before).scores[row]


def test_results_are_identical_across_runs_and_a_fresh_precompute(grid, fields, crossings, pathways,
                                                                   corridors, borders):
    params = default_params().with_values(weights={"actors": 0.7}, decay_km=80.0)
    first, second = score(fields, params), score(fields, params)
    actors = gpd.GeoDataFrame(pd.concat([actors_at((68.0, 37.2)),
                                         actors_at((68.2, 36.9), status="alleged", actor="B")]), crs=WGS84)
    again = score(precompute(grid, actors, crossings, pathways, corridors, borders), params)
    assert np.array_equal(first.scores, second.scores) and np.array_equal(first.scores, again.scores)
    pd.testing.assert_frame_equal(first.factors, again.factors)


def test_actor_distance_matches_the_geodesic_distance_within_projection_distortion():
    grid = default_grid()
    fields = precompute(grid, actors_at((65.0, 33.0)), None, None)
    projected_km = fields.actor_m[:, 0] / 1000.0
    geodesic_km = np.array([geodesic_distance_km(lon, lat, 65.0, 33.0)
                            for lon, lat in zip(grid["lon"], grid["lat"], strict=True)])
    assert np.all(np.abs(projected_km - geodesic_km) <= LAEA_TOLERANCE * geodesic_km)


def test_decay_gives_one_over_e_at_the_decay_distance(grid, borders, corridors):
    fields = precompute(grid, None, None, None, corridors, borders)
    fields = dataclasses.replace(fields, crossing_m=np.full(len(grid), 75_000.0))
    result = score(fields, default_params().with_values(decay_km=75.0))
    np.testing.assert_allclose(result.factors["crossings"], np.exp(-1.0))


# --- empty and bad input ------------------------------------------------------------

@pytest.mark.parametrize("actors", [None, actors_at()], ids=["none", "empty frame"])
def test_no_actors_gives_a_zero_actor_factor_and_a_note(grid, borders, corridors, actors):
    result = score(precompute(grid, actors, None, None, corridors, borders))
    assert np.all(result.factors["actors"] == 0.0)
    assert any("No claim of this essay bundle feeds the actor factor" in n for n in result.notes)
    assert any("no border crossings" in n for n in result.notes)
    assert any("draws no pathway" in n for n in result.notes)


def test_empty_actor_selection_zeroes_the_actor_factor_with_a_note(fields):
    result = score(fields, selected_actors=[])
    assert np.all(result.factors["actors"] == 0.0)
    assert "No actor is selected, so the actor factor is zero everywhere." in result.notes
    only_b = score(fields, selected_actors=["B"])
    assert 0 < only_b.factors["actors"].max() < score(fields).factors["actors"].max()


def test_out_of_range_values_are_clamped_with_a_note():
    params = default_params().with_values(weights={"actors": 1.5, "border": -0.2}, decay_km=10_000)
    assert params.weights["actors"] == 1.0 and params.weights["border"] == 0.0
    assert params.decay_km == params.decay_range_km[1]
    assert params.notes == ("Weight of actors 1.5 is outside 0–1; 1 was used.",
                            "Weight of border -0.2 is outside 0–1; 0 was used.",
                            "Decay distance 10000 is outside 5–500; 500 was used.")


def test_clamping_notes_reach_the_score_result(fields):
    result = score(fields, default_params().with_values(weights={"pathways": 2}))
    assert "Weight of pathways 2 is outside 0–1; 1 was used." in result.notes


@pytest.mark.parametrize("weights, message", [
    ({"rivers": 0.5}, "Unknown factor 'rivers'"),
    ({"actors": float("nan")}, "must be a finite number"),
    ({"actors": "high"}, "must be a number"),
])
def test_unusable_weights_raise_a_clear_value_error(weights, message):
    with pytest.raises(ValueError, match=message):
        default_params().with_values(weights=weights)


def test_unknown_status_counts_zero_with_a_note(grid, borders, corridors):
    actors = actors_at((68.0, 37.2), status="rumoured")
    result = score(precompute(grid, actors, None, None, corridors, borders))
    assert np.all(result.factors["actors"] == 0.0)
    assert any("['rumoured']" in n for n in result.notes)


def test_status_spelling_is_normalised(grid, borders, corridors):
    spelt = [actors_at((68.0, 37.2), status=s) for s in ("Essay argument", "essay_argument")]
    a, b = (score(precompute(grid, actors, None, None, corridors, borders)) for actors in spelt)
    assert np.array_equal(a.scores, b.scores) and a.factors["actors"].max() > 0


def test_features_without_geometry_are_left_out_with_a_note(grid, borders, corridors):
    actors = actors_at((68.0, 37.2), (68.0, 37.3))
    actors.loc[1, "geometry"] = None
    fields = precompute(grid, actors, None, None, corridors, borders)
    assert fields.actor_m.shape == (len(grid), 1)
    assert "1 of the actor features have no geometry and were left out." in fields.notes


def test_actor_frame_without_a_status_column_raises_value_error(grid, borders, corridors):
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['status'\]"):
        precompute(grid, actors_at((68.0, 37.2)).drop(columns="status"), None, None, corridors, borders)


def test_zero_permeability_removes_that_neighbours_border_pull(fields):
    shut_north = score(fields, default_params().with_values(permeability={"Tajikistan": 0.0}))
    shut_all = score(fields, default_params().with_values(
        permeability={"Tajikistan": 0.0, "Pakistan": 0.0, "Elsewhere": 0.0}))
    assert np.all(shut_all.factors["border"] == 0.0)
    assert np.all(shut_north.factors["border"] <= score(fields).factors["border"])
    assert shut_north.factors["border"].min() < score(fields).factors["border"].min()


# --- read-outs ----------------------------------------------------------------------

def test_cell_breakdown_contributions_add_up_to_the_score(fields):
    result = score(fields)
    cell = int(np.argmax(result.scores))
    breakdown = cell_breakdown(result, cell)
    assert [f["factor"] for f in breakdown["factors"]] == list(FACTORS)
    assert sum(f["contribution"] for f in breakdown["factors"]) == pytest.approx(breakdown["score"])
    assert breakdown["score"] == result.scores[cell]
    actor = breakdown["factors"][0]
    assert actor["detail"].startswith("nearest: ") and actor["distance_km"] >= 0


def test_cell_breakdown_of_an_unknown_cell_raises_key_error(fields):
    with pytest.raises(KeyError, match="There is no cell 99999"):
        cell_breakdown(score(fields), 99999)


def test_neighbour_summary_counts_crossings_and_actors_near_each_border(grid, borders, corridors, crossings):
    # (67.8 E, 37.1 N) is ~44 km south of the 'Tajikistan' border (37.5 N) and ~62 km west of
    # the 'Pakistan' one (68.5 E).
    actor = (67.8, 37.1)
    to_tajik = geodesic_distance_km(67.8, 37.1, 67.8, 37.5)
    to_pak = geodesic_distance_km(67.8, 37.1, 68.5, 37.1)
    assert 40 < to_tajik < 50 and 50 < to_pak < 100
    fields = precompute(grid, actors_at(actor), crossings, None, corridors, borders)
    published = pd.DataFrame({"neighbour": ["Tajikistan", "Tajikistan"], "source": ["S1", "S2"],
                              "length_km": [100.0, 120.0]})
    result = score(fields)
    table = neighbour_summary(result, published).set_index("neighbour")
    counts = ["crossings", "actors_within_50km", "actors_within_100km", "actors_within_200km"]
    assert table.loc["Tajikistan", counts].tolist() == [1, 1, 1, 1]
    assert table.loc["Pakistan", counts].tolist() == [0, 0, 1, 1]
    assert table.loc["Tajikistan", "published_km"] == "100 km (S1); 120 km (S2)"
    assert np.isnan(table.loc["Pakistan", "published_min_km"])
    tajik_scores = result.scores[grid["country"].to_numpy() == "Tajikistan"]
    assert table.loc["Tajikistan", "mean_risk"] == pytest.approx(tajik_scores.mean())
    assert table.loc["Tajikistan", "max_risk"] == tajik_scores.max()
    assert table.loc["Tajikistan", "cells"] == len(tajik_scores)


def test_scored_cells_are_wgs84_hexagons_with_score_and_factors(fields):
    cells = scored_cells(score(fields))
    assert cells.crs.equals(WGS84)
    assert list(cells.columns) == ["cell_id", "country", "geometry", "score", *FACTORS]


# --- the model file and the method text ---------------------------------------------

def test_default_status_weights_are_ordered_by_attestation():
    w = default_params().status_weights
    assert w["documented"] > w["reported"] > w["alleged"] > w["essay_argument"] > 0


def test_missing_model_file_raises_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="is missing"):
        load_model(tmp_path / "model.toml")


def test_model_file_with_out_of_range_weight_raises_data_file_error(tmp_path):
    path = tmp_path / "model.toml"
    text = MODEL_PATH.read_text(encoding="utf-8").replace("actors = 1.0", "actors = 7.0")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="Weight of actors 7 is outside"):
        load_model(path)


def test_method_text_says_it_is_not_a_forecast_and_quotes_the_defaults():
    settings_ = grid_settings()
    assert "illustrates the essay's argument; it is not a forecast" in METHOD_MARKDOWN
    assert f"within {settings_.max_distance_km:.0f} km" in METHOD_MARKDOWN
    assert f"about {settings_.cell_area_km2:.0f} km²" in METHOD_MARKDOWN
