"""The claim/actor record schemas: good records pass, each bad field is named, geometry resolves."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from shapely.geometry import LineString, Point, Polygon

from geo.bundle import Actor, Claim, GeometryResolutionError, field_errors, resolve_geometry, validation_context
from geo.bundle.claims import Citation
from geo.geography import gazetteer, province_areas

PARAGRAPHS = {"p1": "The Taliban rule Kabul.", "p2": "Al-Zawahiri was killed on August 1, 2022."}
CITATIONS = {
    "un-report": Citation(title="UN report", publisher="UN", source_type="report", date="2024-01-29"),
    "statement": Citation(title="Statement", publisher="A ministry", source_type="official", date="2022-08-01"),
    "undated": Citation(title="Undated", publisher="A paper", source_type="news", date_unknown="no date given"),
}
ACTORS = {"taliban": object(), "al-qaeda": object()}
CONTEXT = validation_context(PARAGRAPHS, CITATIONS, ACTORS, essay_date="2024-05-01")
#: The same essay, written in 2023: before the 2024 report.
EARLY_ESSAY = validation_context(PARAGRAPHS, CITATIONS, ACTORS, essay_date="2023")
STATES_P1 = {"paragraph": "p1", "quote": "rule Kabul", "relation": "states"}


def good_claim(**changes) -> dict:
    record = {
        "id": "taliban-kabul",
        "actor": "taliban",
        "kind": "place",
        "label": "Taliban in Kabul",
        "status": "reported",
        "place": "Kabul",
        "date": "2024-01-29",
        "sources": [STATES_P1, {"citation": "un-report"}],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def fields_of(record: dict, context: dict = CONTEXT) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Claim.model_validate(record, context=context)
    return [field for field, _ in field_errors(info.value)]


def errors_of(record: dict, context: dict = CONTEXT) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        Claim.model_validate(record, context=context)
    return field_errors(info.value)


def test_good_claim_validates_with_cross_checks():
    claim = Claim.model_validate(good_claim(), context=CONTEXT)
    assert claim.place == ("Kabul",)
    assert [p.paragraph for p in claim.passages] == ["p1"]


def test_uncited_context_is_its_own_status_with_its_own_label():
    claim = Claim.model_validate(
        good_claim(status="uncited_context", date=None, period_label="undated (reference facts)",
                   sources=[{**STATES_P1, "relation": "context"}]),
        context=CONTEXT,
    )
    assert claim.status_label == "uncited context"


# ------------------------------------------------------------------ evidence rules, one test each


def test_reported_without_a_citation_fails_on_status():
    ((field, message),) = errors_of(good_claim(sources=[STATES_P1]))
    assert field == "status" and "citation of a specific document" in message and "uncited_context" in message


def test_reported_resting_only_on_a_context_citation_fails_on_status():
    sources = [STATES_P1, {"citation": "un-report", "relation": "context"}]
    assert fields_of(good_claim(sources=sources)) == ["status"]


def test_documented_needs_an_official_or_primary_source():
    ((field, message),) = errors_of(good_claim(status="documented"))  # cites only a UN report
    assert field == "status" and "official or primary" in message
    assert Claim.model_validate(good_claim(status="documented", date="2022-08-01",
                                           sources=[{"citation": "statement"}]), context=CONTEXT)


def test_alleged_must_name_who_alleges_it():
    ((field, message),) = errors_of(good_claim(status="alleged"))
    assert field == "alleged_by" and "who alleges" in message
    claim = Claim.model_validate(good_claim(status="alleged", alleged_by="an opposition leader"), context=CONTEXT)
    assert claim.alleged_by == "an opposition leader"


def test_essay_argument_needs_a_passage_that_states_it():
    sources = [{**STATES_P1, "relation": "context"}, {"citation": "un-report"}]
    ((field, message),) = errors_of(good_claim(status="essay_argument", sources=sources))
    assert field == "status" and "passage" in message


def test_every_passage_link_of_a_claim_has_a_relation():
    ((field, message),) = errors_of(good_claim(sources=[{"paragraph": "p1", "quote": "rule Kabul"},
                                                        {"citation": "un-report"}]))
    assert field == "sources[0].relation" and "states" in message


def test_a_passage_written_before_the_claims_date_cannot_state_it():
    ((field, message),) = errors_of(good_claim(), context=EARLY_ESSAY)
    assert field == "sources[0].relation" and "written before" in message
    later = good_claim(sources=[{**STATES_P1, "relation": "context"}, {"citation": "un-report"}])
    assert Claim.model_validate(later, context=EARLY_ESSAY).date == "2024-01-29"


def test_a_claims_date_must_come_from_a_dated_source_that_states_it():
    # The report is cited only as context, so its date cannot date the claim.
    record = good_claim(status="uncited_context", sources=[{**STATES_P1, "relation": "context"},
                                                           {"citation": "un-report", "relation": "context"}])
    ((field, message),) = errors_of(record)
    assert field == "date" and "period_label" in message
    undated = good_claim(sources=[{**STATES_P1, "relation": "context"}, {"citation": "undated"}])
    assert fields_of(undated) == ["date"]


def test_a_downgrade_says_from_what_and_why():
    record = good_claim(downgraded_from="documented")
    assert fields_of(record) == ["downgraded_from"]
    ok = Claim.model_validate(good_claim(downgraded_from="documented", downgrade_note="no official source"),
                              context=CONTEXT)
    assert ok.downgraded_from == "documented"


def test_a_citation_needs_a_date_or_a_reason_it_has_none():
    with pytest.raises(ValidationError) as info:
        Citation.model_validate({"title": "T", "publisher": "P"})
    ((field, message),) = field_errors(info.value)
    assert field == "date" and "date_unknown" in message
    assert Citation.model_validate({"title": "T", "publisher": "P", "date_unknown": "the source gives none"})


def test_a_descriptive_title_is_a_flag_shown_as_such():
    with pytest.raises(ValidationError) as info:
        Citation.model_validate({"title": "Remarks (descriptive title)", "publisher": "P", "date": "2022"})
    assert [f for f, _ in field_errors(info.value)] == ["title"]
    citation = Citation.model_validate({"title": "Remarks", "title_descriptive": True, "publisher": "P",
                                        "date": "2022"})
    assert citation.display_title == "Remarks [descriptive title]"


def test_an_actor_has_a_role():
    record = {"id": "x", "name": "X", "colour": "#CC6677", "description": "d"}
    with pytest.raises(ValidationError) as info:
        Actor.model_validate(record)
    assert [f for f, _ in field_errors(info.value)] == ["role"]
    assert Actor.model_validate({**record, "role": "armed_group"}).role_label == "armed group"


def test_essay_argument_is_shown_as_the_essays_argument():
    claim = Claim.model_validate(good_claim(status="essay_argument"), context=CONTEXT)
    assert claim.status_label == "essay's argument"


def test_record_date_and_essay_date_are_both_shown():
    claim = Claim.model_validate(
        good_claim(actor="al-qaeda", kind="event", date="2022-07-31", time_note="06:18 Kabul time",
                   essay_date="2022-08-01", status="documented", sources=[{"citation": "statement"}]),
        context=CONTEXT,
    )
    assert claim.when() == "31 Jul 2022, 06:18 Kabul time; the essay gives 1 Aug 2022"


def test_toml_date_objects_are_accepted_as_iso_text():
    claim = Claim.model_validate(good_claim(date=dt.date(2022, 7, 31)), context=CONTEXT)
    assert claim.date == "2022-07-31"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"actor": "martians"}, "actor"),
        ({"kind": "zone"}, "kind"),
        ({"status": "confirmed"}, "status"),
        ({"id": "Not A Slug"}, "id"),
        ({"label": ""}, "label"),
        ({"country": "Afghanistan"}, "geometry"),
        ({"place": None}, "geometry"),
        ({"place": None, "geojson": {"type": "Point", "coordinates": [200, 34]}}, "geojson"),
        ({"place": None, "geojson": {"type": "Circle", "coordinates": [69, 34]}}, "geojson"),
        ({"date": "31/07/2022"}, "date"),
        ({"date": "2022-02-30"}, "date"),
        ({"date": None, "period": "2001/1996"}, "period"),
        ({"date": None}, "date"),
        ({"sources": []}, "sources"),
        ({"sources": [{**STATES_P1, "paragraph": "p99"}]}, "sources[0].paragraph"),
        ({"sources": [{**STATES_P1, "quote": "rules Kabul"}]}, "sources[0].quote"),
        ({"sources": [{"citation": "no-such-report"}]}, "sources[0].citation"),
        ({"sources": [{"url": "https://example.org"}]}, "sources[0]"),
        ({"sources": [{"title": "T", "publisher": "P", "url": "not a url"}]}, "sources[0].url"),
        ({"colour": "#000000"}, "colour"),
        ({"kind": "route"}, "place"),
    ],
)
def test_each_bad_field_is_reported_by_name(changes, field):
    assert fields_of(good_claim(**changes)) == [field]


def test_all_bad_fields_of_one_record_are_reported_together():
    record = good_claim(actor="martians", kind="zone", status="confirmed")
    assert fields_of(record) == ["actor", "kind", "status"]


def test_actor_colour_must_come_from_a_colour_blind_safe_palette():
    record = {"id": "x", "name": "X", "role": "armed_group", "colour": "#123456", "description": "d"}
    with pytest.raises(ValidationError) as info:
        Actor.model_validate(record)
    assert [f for f, _ in field_errors(info.value)] == ["colour"]
    assert Actor.model_validate({**record, "colour": "#cc6677"}).colour == "#CC6677"


def test_province_list_resolves_to_one_feature_covering_the_province_areas():
    claim = Claim.model_validate(good_claim(place=None, province=["Khost", "Paktiya"]))
    resolved = resolve_geometry(claim)
    areas = province_areas().set_index("id")
    union = areas.loc["khost", "geometry"].union(areas.loc["paktia", "geometry"])
    assert resolved.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert resolved.geometry.symmetric_difference(union).area < 1e-9
    parts = areas.loc["khost", "geometry"].area + areas.loc["paktia", "geometry"].area
    assert resolved.geometry.area == pytest.approx(parts)
    centres = gazetteer.load_provinces().set_index("id")
    for pid in ("khost", "paktia"):
        assert resolved.geometry.contains(Point(centres.loc[pid, "lon"], centres.loc[pid, "lat"]))
    assert resolved.place_ids == ("Khost", "Paktia")


def test_a_route_cannot_be_drawn_through_provinces():
    claim = Claim.model_validate(good_claim(kind="route", place=None, province=["Khost", "Paktiya"]))
    with pytest.raises(GeometryResolutionError) as info:
        resolve_geometry(claim)
    assert info.value.field == "province"


def test_route_places_become_a_line_in_travel_order():
    claim = Claim.model_validate(good_claim(kind="route", place=["Kabul", "Mazar-i-Sharif", "Termez"]))
    line = resolve_geometry(claim).geometry
    assert isinstance(line, LineString)
    ids = [gazetteer.resolve_place(n) for n in ("Kabul", "Mazar-i-Sharif", "Termez")]
    assert list(line.coords) == [(p.x, p.y) for _, p in ids]


def test_single_place_is_a_point_and_country_is_its_polygon():
    assert isinstance(resolve_geometry(Claim.model_validate(good_claim())).geometry, Point)
    area = Claim.model_validate(good_claim(kind="area", place=None, country="Afghanistan"))
    assert isinstance(resolve_geometry(area).geometry, Polygon)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"place": "Atlantis"}, "place"),
        ({"place": None, "province": "Atlantis"}, "province"),
        ({"place": None, "country": "Atlantis"}, "country"),
        ({"place": None, "country": "Afghanistan"}, "kind"),
    ],
)
def test_unresolvable_geometry_names_the_field(changes, field):
    claim = Claim.model_validate(good_claim(**changes))
    with pytest.raises(GeometryResolutionError) as info:
        resolve_geometry(claim)
    assert info.value.field == field
