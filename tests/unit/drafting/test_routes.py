"""Routes and rivers as schematic lines through a draft's places, written in the bundle's one route format.

The essay text is invented for these tests.
"""

from __future__ import annotations

import tomllib

import pytest
from shapely.geometry import LineString

from geo.bundle import load_bundle
from geo.drafting import (
    SCHEMATIC,
    RouteError,
    bundle_files,
    draft_essay,
    draft_route,
    essay_from_text,
    review_tables,
    route_line,
    route_points,
    write_bundle,
)

TEXT = (
    "Title: Roads and water\n\n"
    "The Taliban control the road from Kabul to Mazar-e Sharif and on to Hairatan.\n\n"
    "Floods on the Amu Darya near Termez and Hairatan worried planners. ISKP fighters were seen in Kunduz."
)


@pytest.fixture(scope="module")
def drafted():
    essay = essay_from_text(TEXT)
    draft = draft_essay(essay)
    return essay, draft, review_tables(draft)


def test_route_line_joins_lat_lon_points_in_order_as_lon_lat():
    line = route_line([(34.5, 69.2), (36.7, 67.1), (37.2, 67.4)])
    assert isinstance(line, LineString)
    assert list(line.coords) == [(69.2, 34.5), (67.1, 36.7), (67.4, 37.2)]


@pytest.mark.parametrize("points", [[], [(34.5, 69.2)], [(34.5, 69.2), (34.5, 69.2)]])
def test_route_line_needs_two_places_at_different_points(points):
    with pytest.raises(RouteError, match="at least two places"):
        route_line(points)


@pytest.mark.parametrize(("points", "message"), [
    ([(34.5, 69.2), (95.0, 67.1)], "not a position on Earth"),
    ([(34.5, 69.2), (None, 67.1)], "needs a lat and lon"),
])
def test_route_line_refuses_what_is_not_a_position(points, message):
    with pytest.raises(RouteError, match=message):
        route_line(points)


def test_route_keeps_the_travel_order_and_quotes_the_sentence_naming_its_places(drafted):
    _, draft, tables = drafted
    route = draft_route("Northern road", ["kabul", "Mazar-e Sharif", "Hairatan"], tables["places"], draft)
    assert route["kind"] == "route" and route["places"] == "kabul; mazar-i-sharif; hairatan"
    assert route["quote"] == "The Taliban control the road from Kabul to Mazar-e Sharif and on to Hairatan."
    assert route["actor"] == "taliban" and route["status"] == "essay_argument" and not route["reviewed"]
    assert route["label"] == "Northern road: Kabul → Mazar-i-Sharif → Hairatan, schematic"
    assert route_points(route, tables["places"])[0] == pytest.approx((34.52813, 69.17233))


def test_a_river_quotes_the_sentence_that_names_it(drafted):
    _, draft, tables = drafted
    river = draft_route("Amu Darya", ["Termez", "Hairatan"], tables["places"], draft, actor="islamic-state")
    assert river["quote"] == "Floods on the Amu Darya near Termez and Hairatan worried planners."
    assert river["actor"] == "islamic-state" and river["id"] == "route-amu-darya"


def test_route_ids_do_not_collide(drafted):
    _, draft, tables = drafted
    route = draft_route("Amu Darya", ["termez", "hairatan"], tables["places"], draft, taken={"route-amu-darya"})
    assert route["id"] == "route-amu-darya-2"


@pytest.mark.parametrize(("name", "through", "message"), [
    ("Road", ["kabul"], "at least two places"),
    ("Road", ["kabul", "Atlantis"], "“Atlantis” is not a place of this draft"),
    ("Road", ["kabul", "kabul"], "each place once"),
    ("  ", ["kabul", "hairatan"], "Give the route a name"),
])
def test_a_route_that_cannot_be_drawn_says_what_to_change(drafted, name, through, message):
    _, draft, tables = drafted
    with pytest.raises(RouteError, match=message):
        draft_route(name, through, tables["places"], draft)


def test_a_route_goes_through_places_not_countries():
    draft = draft_essay(essay_from_text("The Taliban moved fighters from Kabul to Uzbekistan."))
    with pytest.raises(RouteError, match="is a country"):
        draft_route("Border road", ["kabul", "uzbekistan"], review_tables(draft)["places"], draft)


def test_a_route_needs_an_actor_to_be_a_claim():
    draft = draft_essay(essay_from_text("Floods reached Termez and Hairatan."))
    with pytest.raises(RouteError, match="Add an actor first"):
        draft_route("Amu Darya", ["termez", "hairatan"], review_tables(draft)["places"], draft)


def test_route_is_written_as_the_bundles_route_claim_and_the_validator_accepts_it(drafted, tmp_path):
    essay, draft, tables = drafted
    route = draft_route("Northern road", ["kabul", "mazar-i-sharif", "hairatan"], tables["places"], draft)
    files = bundle_files(essay, {**tables, "claims": [*tables["claims"], route]})
    written = next(c for c in tomllib.loads(files["claims.toml"])["claim"] if c["id"] == route["id"])
    assert written["kind"] == "route" and written["place"] == ["kabul", "mazar-i-sharif", "hairatan"]
    assert written["note"].startswith(f"Schematic line Kabul → Mazar-i-Sharif → Hairatan: {SCHEMATIC}.")
    written_places = {p["id"]: p for p in tomllib.loads(files["places.toml"])["place"]}
    assert {"kabul", "mazar-i-sharif", "hairatan"} <= set(written_places), "the bundle carries its route's places"
    assert all(written_places[i]["source"] for i in ("kabul", "mazar-i-sharif", "hairatan"))
    bundle = load_bundle(write_bundle(files, tmp_path / "bundle"))
    assert bundle.problems == ()
    feature = bundle.features.set_index("id").loc[route["id"]]
    assert feature.geometry.geom_type == "LineString"
    assert [tuple(round(v, 3) for v in xy) for xy in feature.geometry.coords] == \
        [(round(lon, 3), round(lat, 3)) for lat, lon in route_points(route, tables["places"])]
    assert feature["geometry_source"] == "gazetteer: kabul → mazar-i-sharif → hairatan"
