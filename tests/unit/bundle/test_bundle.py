"""Essay bundles: the default bundle is complete and linked, bad records are reported by file,
record and field while the rest loads, and a second bundle loads through the same code."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.bundle import (
    COLOUR_BLIND_SAFE,
    DEFAULT_BUNDLE,
    FEATURE_COLUMNS,
    STATUSES,
    BundleNotFoundError,
    actor_summary,
    bundle_path_from_env,
    claims_for_paragraph,
    downgrades,
    evidence_report,
    find_mentions,
    load_bundle,
    mapped_names,
    paragraph_relation,
    paragraphs_for_claim,
)
from geo.bundle.validate import main as validate_main
from geo.core import ROOT

MINI = ROOT / "tests" / "fixtures" / "bundles" / "mini"
SEED = ROOT.parent / "shared" / "seed" / "000_2e8a1e27da2055db.txt"


@pytest.fixture(scope="module")
def default():
    return load_bundle(DEFAULT_BUNDLE)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test bundle."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def problem_keys(bundle) -> list[tuple[str, str, str]]:
    return [(Path(p.file).name, p.record_id, p.field) for p in bundle.problems]


# ------------------------------------------------------------------ the default bundle


def test_default_bundle_loads_without_problems(default):
    assert default.problems == ()
    assert default.features.crs.to_epsg() == 4326
    assert tuple(default.features.columns) == FEATURE_COLUMNS
    assert len(default.features) == len(default.claims)


def test_default_bundle_has_the_required_actors(default):
    assert {"taliban", "al-qaeda", "iskp", "haqqani-network", "nrf", "ata-nur", "ttp", "etim-tip", "imu",
            "jamaat-ansarullah"} <= set(default.actors)
    assert "Panshir Movement" in default.actors["nrf"].aliases
    assert {"ISIS", "DAESH"} <= set(default.actors["iskp"].aliases)


def test_actor_colours_are_distinct_and_colour_blind_safe(default):
    colours = [a.colour for a in default.actors.values()]
    assert len(set(colours)) == len(colours)
    assert set(colours) <= COLOUR_BLIND_SAFE


def test_essay_is_split_into_the_seed_body_paragraphs(default):
    assert [p.id for p in default.paragraphs] == [f"p{n}" for n in range(1, 10)]
    assert default.paragraphs[6].label == "¶7"
    seed = SEED.read_text(encoding="utf-8") if SEED.is_file() else None
    texts = [p.text for p in default.paragraphs]
    assert not any("Similar Posts" in t or "also available in" in t for t in texts)
    if seed is not None:
        assert all(t in seed for t in texts)
    assert texts[0].startswith("During the first Taliban period")
    assert texts[-1].endswith("This would mean the destabilization of US rivals.")


def test_footnote_and_author_bio_are_kept_apart_from_the_numbered_text(default):
    (footnote,) = default.footnotes
    assert (footnote.id, footnote.marker, footnote.paragraphs, footnote.citation) == (
        "fn1", "[1]", ("p5",), "afintl-nur-2023")
    assert default.paragraph("p5").footnotes == ("fn1",)
    assert [s.id for s in default.sections] == ["author-bio"]
    assert not any("Gazi Üniversitesi" in p.text for p in default.paragraphs)


def test_metadata_names_publisher_year_and_languages(default):
    meta = default.meta
    assert meta.publisher == "ANKASAM (Ankara Center for Crisis and Policy Studies)"
    assert meta.year == 2023
    assert [lang.code for lang in meta.languages] == ["en", "tr", "ru"]


def test_every_quote_is_a_verbatim_part_of_its_paragraph(default):
    quoted = 0
    for row in default.features.itertuples():
        for source in row.sources:
            if source["type"] == "passage":
                assert source["quote"] in default.paragraph(source["paragraph"]).text, (row.id, source)
                quoted += 1
    for actor in default.actors.values():
        for source in actor.sources:
            if hasattr(source, "quote"):
                assert source.quote in default.paragraph(source.paragraph).text, actor.id
    assert quoted > 0


def test_every_paragraph_naming_a_mapped_actor_or_place_links_to_a_claim(default):
    names = mapped_names(default)
    assert {"Taliban", "Haqqani Network", "Panshir Movement", "Kabul", "Balkh", "China"} <= set(names)
    unlinked = [
        (p.id, sorted({m.text for m in mentions}))
        for p in default.paragraphs
        if (mentions := find_mentions(p.text, names))
        and claims_for_paragraph(default, p.id, ("states", "context", "contrast")).empty
    ]
    assert unlinked == []


def test_zawahiri_strike_carries_record_and_essay_dates(default):
    row = default.features.set_index("id").loc["al-zawahiri-killed-sherpur"]
    assert (row.date, row.essay_date) == ("2022-07-31", "2022-08-01")
    assert (row.status, row.actor) == ("documented", "al-qaeda")
    assert "1 Aug 2022" in row.when and "31 Jul 2022" in row.when
    assert row.place_ids == ["sherpur"]


def test_spillover_routes_are_the_essays_argument_lines(default):
    routes = default.features[default.features.kind == "route"].set_index("id")
    assert set(routes.index) == {"spillover-wakhan-china", "spillover-central-asia-russia"}
    assert set(routes.status) == {"essay_argument"}
    assert routes.loc["spillover-wakhan-china", "place_ids"][-2:] == ["wakhjir-pass", "kashgar"]
    assert "termez" in routes.loc["spillover-central-asia-russia", "place_ids"]
    assert set(routes.geometry.geom_type) == {"LineString"}


def test_statuses_follow_the_reference_facts(default):
    features = default.features.set_index("id")
    assert features.loc["ata-nur-allegation-2023", "status"] == "alleged"
    assert features.loc["nrf-allegation-al-qaeda-ties", "status"] == "alleged"
    un = features[features.index.str.startswith("al-qaeda-") & (features.kind == "place")]
    assert set(un.status) == {"reported"}
    for sources in un.sources:
        assert {s.get("symbol") for s in sources} & {"S/2024/92", "S/2023/549"}
    # Locations the reference facts give without a report are uncited context, not "reported".
    unattributed = ["ttp-sanctuaries", "etim-tip-badakhshan", "imu-north", "jamaat-ansarullah-north",
                    "iskp-strongholds", "haqqani-loya-paktia", "nrf-panjshir-andarab", "ata-nur-balkh-governor"]
    assert set(features.loc[unattributed, "status"]) == {"uncited_context"}
    assert set(features.loc[unattributed, "confidence"]) == {"lower"}
    assert features.loc[unattributed, "date"].isna().all()


def test_no_reported_claim_lacks_a_citation_that_states_it(default):
    for claim in default.claims:
        if claim.status == "reported":
            assert any(getattr(s, "citation", None) and s.relation == "states" for s in claim.sources), claim.id


def test_no_states_passage_predates_its_claims_date(default):
    essay_end = "2023-12-31"
    for claim in default.claims:
        start = claim.date or (claim.period or "").partition("/")[0]
        if start and start > essay_end:
            assert all(p.relation != "states" for p in claim.passages), claim.id


def test_every_citation_is_dated_or_says_why_not_and_descriptive_titles_are_marked(default):
    for cid, citation in default.citations.items():
        assert citation.date or citation.date_unknown, cid
        assert "descriptive title" not in citation.title.lower(), cid
    assert default.citations["un-s-2024-92"].title_descriptive
    assert default.citations["un-s-2024-92"].display_title.endswith("[descriptive title]")


def test_downgrades_are_recorded_not_dropped(default):
    moved = {d.claim_id: (d.former, d.status) for d in downgrades(default)}
    assert moved["taliban-de-facto-authority"] == ("documented", "uncited_context")
    assert moved["ttp-sanctuaries"] == ("reported", "uncited_context")
    assert all(d.reason for d in downgrades(default))


def test_highlighting_a_paragraph_shows_what_it_states_and_context_only_on_request(default):
    stated = set(claims_for_paragraph(default, "p5").id)
    assert "al-qaeda-camps-2023" not in stated  # ¶5 is Nur's allegation, not the UN report
    assert {"ata-nur-allegation-2023", "nrf-allegation-al-qaeda-ties"} <= stated
    assert "al-qaeda-camps-2023" in set(claims_for_paragraph(default, "p5", ("states", "context")).id)
    p7 = set(claims_for_paragraph(default, "p7").id)
    assert p7 == {"spillover-wakhan-china", "spillover-central-asia-russia"}
    for row in claims_for_paragraph(default, "p9", ("states", "context")).itertuples():
        if isinstance(row.date, str) and row.date > "2023-12-31":
            assert paragraph_relation(row.sources, "p9") == "context"


def test_evidence_report_counts_each_status_and_names_its_evidence(default):
    text = evidence_report(default)
    counts = {s: sum(c.status == s for c in default.claims) for s in STATUSES}
    for status, n in counts.items():
        assert re.search(rf"^{status} \(.*\): {n} claims?$", text, re.M), status
    assert "al-zawahiri-killed-sherpur: cites whitehouse-remarks-2022-08-01 [official, 2022-08-01] (states)" in text
    assert "alleged by Ata Mohammad Nur" in text


def test_no_citation_url_is_invented(default):
    urls = {c.url for c in default.citations.values() if c.url}
    assert urls == {"https://afintl.com/en/202401314461", "https://amu.tv/81855"}


# ------------------------------------------------------------------ UI helpers


def test_claims_for_paragraph_and_paragraphs_for_claim_link_both_ways(default):
    assert "al-zawahiri-killed-sherpur" in set(claims_for_paragraph(default, "p2").id)
    assert claims_for_paragraph(default, "p99").empty
    (passage,) = paragraphs_for_claim(default, "al-zawahiri-killed-sherpur")
    assert passage.paragraph.id == "p2" and passage.quote in passage.paragraph.text
    assert passage.relation == "states"
    assert paragraphs_for_claim(default, "no-such-claim") == []


def test_actor_summary_counts_statuses_and_collects_sources(default):
    summaries = {s.actor.id: s for s in actor_summary(default)}
    assert list(summaries) == list(default.actors)
    al_qaeda = summaries["al-qaeda"]
    assert set(al_qaeda.status_counts) == set(STATUSES)
    assert sum(al_qaeda.status_counts.values()) == len(al_qaeda.features)
    assert al_qaeda.status_counts["documented"] == 1
    assert any(s.get("symbol") == "S/2024/92" for s in al_qaeda.sources)
    assert "p2" in al_qaeda.paragraph_ids


def test_acronyms_match_case_sensitively_and_whole_words():
    names = {"TIP": "actor:etim-tip", "Kabul": "place:kabul"}
    found = find_mentions("A tip from KABUL; TIP fighters; Kabulistan", names)
    assert [(m.text, m.target) for m in found] == [("KABUL", "place:kabul"), ("TIP", "actor:etim-tip")]


# ------------------------------------------------------------------ a second bundle


def test_second_bundle_loads_through_the_same_code(mini):
    bundle = load_bundle(mini)
    assert bundle.problems == ()
    assert bundle.meta.title == "A test essay"
    features = bundle.features.set_index("id")
    assert list(features.index) == ["rulers-capital", "rulers-country", "testers-herat", "testers-march"]
    assert list(features.geometry.geom_type) == ["Point", "Polygon", "Polygon", "LineString"]  # a province is its area
    assert features.loc["testers-march", "status_label"] == "essay's argument"
    assert features.loc["rulers-country", "status_label"] == "uncited context"
    assert features.loc["rulers-capital", "paragraph_labels"] == "¶1"
    assert "Test Institute" in features.loc["rulers-capital", "citation_text"]
    assert bundle.mentions == {"the valley": "claim:testers-herat"}


def test_environment_variable_points_the_app_at_another_bundle(mini):
    assert bundle_path_from_env({}) == DEFAULT_BUNDLE
    assert bundle_path_from_env({"SPILLOVER_BUNDLE": str(mini)}) == mini
    assert load_bundle(bundle_path_from_env({"SPILLOVER_BUNDLE": str(mini)})).meta.author == "Test Author"


def test_missing_bundle_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BundleNotFoundError, match="does not exist"):
        load_bundle(tmp_path / "nowhere")


# ------------------------------------------------------------------ bad input


def test_malformed_claims_file_still_loads_essay_and_actors(mini):
    (mini / "claims.toml").write_text("[[claim]\nid = \n", encoding="utf-8")
    bundle = load_bundle(mini)
    assert [p.id for p in bundle.paragraphs] == ["p1", "p2", "p3"]
    assert set(bundle.actors) == {"rulers", "testers"}
    assert bundle.features.empty and list(bundle.features.columns) == list(FEATURE_COLUMNS)
    # The [mentions] entry that pointed at a claim now points nowhere, and says so.
    assert problem_keys(bundle) == [("claims.toml", "-", "-"), ("bundle.toml", "mentions", "the valley")]
    assert "not valid TOML" in bundle.problems[0].message


def append_claims(folder: Path, text: str) -> None:
    with (folder / "claims.toml").open("a", encoding="utf-8") as handle:
        handle.write(text)


BAD_CLAIMS = """
[[claim]]
id = "bad-actor"
actor = "nobody"
kind = "place"
label = "x"
status = "reported"
place = "Kabul"
date = "2024"
sources = [{ paragraph = "p1", quote = "The Rulers", relation = "states" }, { citation = "test-report" }]

[[claim]]
id = "bad-paragraph"
actor = "rulers"
kind = "place"
label = "x"
status = "reported"
place = "Kabul"
date = "2024"
sources = [{ paragraph = "p7", quote = "The Rulers", relation = "states" }, { citation = "test-report" }]

[[claim]]
id = "bad-quote"
actor = "rulers"
kind = "place"
label = "x"
status = "reported"
place = "Kabul"
date = "2024"
sources = [{ paragraph = "p1", quote = "The Rulers hold Herat", relation = "states" }, { citation = "test-report" }]

[[claim]]
id = "bad-place"
actor = "rulers"
kind = "place"
label = "x"
status = "reported"
place = "Atlantis"
date = "2024"
sources = [{ paragraph = "p1", quote = "The Rulers", relation = "states" }, { citation = "test-report" }]

[[claim]]
id = "rulers-capital"
actor = "rulers"
kind = "place"
label = "duplicate id"
status = "reported"
place = "Kabul"
date = "2024"
sources = [{ paragraph = "p1", quote = "The Rulers", relation = "states" }, { citation = "test-report" }]

[[claim]]
actor = "rulers"
"""


def test_bad_claims_are_reported_by_file_record_and_field_and_good_ones_load(mini):
    append_claims(mini, BAD_CLAIMS)
    bundle = load_bundle(mini)
    assert problem_keys(bundle) == [
        ("claims.toml", "bad-actor", "actor"),
        ("claims.toml", "bad-paragraph", "sources[0].paragraph"),
        ("claims.toml", "bad-quote", "sources[0].quote"),
        ("claims.toml", "bad-place", "place"),
        ("claims.toml", "rulers-capital", "id"),
        ("claims.toml", "#10", "id"),
        ("claims.toml", "#10", "kind"),
        ("claims.toml", "#10", "label"),
        ("claims.toml", "#10", "status"),
        ("claims.toml", "#10", "sources"),
    ]
    assert list(bundle.features.id) == ["rulers-capital", "rulers-country", "testers-herat", "testers-march"]
    assert str(bundle.problems[0]).endswith("claims.toml: bad-actor: actor: unknown actor 'nobody'; "
                                            "actors.toml has rulers, testers")


def test_bad_actor_and_essay_records_are_reported_too(mini):
    data = json.loads((mini / "paragraphs.json").read_text(encoding="utf-8"))
    data["paragraphs"][1]["footnotes"] = ["fn9"]
    (mini / "paragraphs.json").write_text(json.dumps(data), encoding="utf-8")
    actors = (mini / "actors.toml").read_text(encoding="utf-8").replace('"#D55E00"', '"#0072B2"')
    (mini / "actors.toml").write_text(actors, encoding="utf-8")
    bundle = load_bundle(mini)
    assert problem_keys(bundle) == [
        ("paragraphs.json", "p2", "footnotes"),
        ("actors.toml", "testers", "colour"),
    ]
    assert "testers" in bundle.actors  # reported, still shown


def test_validator_prints_every_problem_and_exits_1_on_a_bad_bundle(mini, capsys):
    append_claims(mini, BAD_CLAIMS)
    assert validate_main([str(mini)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert all(re.match(r"^\S*claims\.toml: [^:]+: [^:]+: .+", line) for line in lines)


def test_a_bundle_with_no_claim_is_a_problem_the_validator_names_in_the_right_number(mini, capsys):
    (mini / "claims.toml").write_text("# every claim removed\n", encoding="utf-8")
    bundle = load_bundle(mini)
    assert bundle.claims == () and (
        f"{mini / 'claims.toml'}: -: claim: holds no [[claim]] record, so the map shows nothing of this essay; "
        "add the claims it makes (format: data/essays/README.md)") in [str(p) for p in bundle.problems]
    assert validate_main([str(mini)]) == 1
    summary = capsys.readouterr().err.strip()
    # the other problem: bundle.toml's [mentions] name a claim that is gone
    assert summary.endswith(": 3 paragraphs, 2 actors, 0 valid claims, 2 problems"), summary
    first = (MINI / "claims.toml").read_text(encoding="utf-8").split("\n[[claim]]")[0]
    (mini / "claims.toml").write_text(first, encoding="utf-8")
    validate_main([str(mini)])
    assert ": 3 paragraphs, 2 actors, 1 valid claim, 1 problem" in capsys.readouterr().err, "never '1 claims'"


def test_validator_exits_0_on_the_default_bundle(capsys):
    assert validate_main([]) == 0
    assert capsys.readouterr().out == ""


def test_validator_report_prints_each_status_with_its_claims(capsys):
    assert validate_main(["--report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("documented (documented): 1 claim\n")
    assert "uncited_context (uncited context): " in out
    assert "ttp-sanctuaries: cites un-s-2024-92 [report, 2024-01-29] (context)" in out


def test_validator_runs_as_a_module(mini):
    (mini / "claims.toml").write_text("not toml at all = = =", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "validate-bundle", str(mini)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "claims.toml: -: -: is not valid TOML" in result.stdout


def test_the_essay_view_opens_on_a_local_essays_claims_and_keeps_the_region_view_for_a_regional_one():
    import geopandas as gpd
    from shapely.geometry import Point, box

    from geo.bundle import essay_view
    from geo.bundle.claims import COUNTRY_GEOMETRY

    assert essay_view(load_bundle().features, (36.0, 67.5), 5) is None, "the first essay spans the region: its designed view"
    towns = gpd.GeoDataFrame({"geometry_source": ["gazetteer: Herat", "gazetteer: Islam Qala", f"{COUNTRY_GEOMETRY}: Iran"]},
                             geometry=[Point(62.2, 34.35), Point(61.0, 34.66), box(44, 25, 63, 40)], crs="EPSG:4326")
    lat, lon, zoom = essay_view(towns, (36.0, 67.5), 5)
    assert zoom > 5 and 34 < lat < 35 and 61 < lon < 62.5, "Iran's whole area does not widen the view"
    assert essay_view(towns.iloc[[2]], (36.0, 67.5), 5) is None, "a country alone: the region's view"
    assert essay_view(towns.iloc[0:0], (36.0, 67.5), 5) is None


def test_the_essay_view_widens_to_a_claim_the_region_view_would_cut_or_leave_out():
    """A drafted essay placing a talk in Doha: the region view (centred on Afghanistan) cuts Doha's marker."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    from geo.bundle import essay_view
    from geo.core import view_bounds

    places = gpd.GeoDataFrame({"geometry_source": ["gazetteer: Doha", "gazetteer: Kabul", "gazetteer: Dushanbe"]},
                              geometry=[Point(51.53, 25.29), Point(69.18, 34.53), Point(68.77, 38.54)], crs="EPSG:4326")
    lat, lon, zoom = essay_view(places, (36.0, 67.5), 5, width_px=900, height_px=560)
    west, south, east, north = view_bounds((lat, lon), zoom, 900 - 48, 560 - 48)
    assert zoom <= 5 and west < 51.53 < east and south < 25.29 < north, "Doha opens whole, inside the margin"
    assert west < 69.18 < east and south < 38.54 < north
    assert essay_view(places.iloc[1:], (36.0, 67.5), 5) is not None, "Kabul and Dushanbe alone: closer than the region"
    moscow = gpd.GeoDataFrame({"geometry_source": ["gazetteer: Moscow"]}, geometry=[Point(37.62, 55.75)], crs="EPSG:4326")
    with_moscow = gpd.GeoDataFrame(pd.concat([places.iloc[1:], moscow]), crs="EPSG:4326")
    assert essay_view(with_moscow, (36.0, 67.5), 5) == essay_view(places.iloc[1:], (36.0, 67.5), 5), \
        "a claim beyond the basemap's region (Moscow) does not widen the view"
    from shapely.geometry import MultiPoint

    both = gpd.GeoDataFrame({"geometry_source": ["gazetteer: Khorog; gazetteer: Moscow"]},
                            geometry=[MultiPoint([(71.55, 37.49), (37.62, 55.75)])], crs="EPSG:4326")
    lat, lon, zoom = essay_view(both, (36.0, 67.5), 5)
    assert zoom >= 5 and 36 < lat < 39 and 70 < lon < 73, "one claim on both sides: framed by its part inside"
