"""Finding places and actors: variants, ambiguity, actor names hiding places, and accuracy on a labelled essay.

The labelled essay (tests/fixtures/drafting/synthetic_essay.txt) is SYNTHETIC: invented for
these tests; its place mentions were labelled by hand in synthetic_labels.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from geo.core import geodesic_distance_km
from geo.drafting import draft_essay, essay_from_text, find_actors, read_essay

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "drafting"


def _places(text: str) -> dict[str, object]:
    draft = draft_essay(essay_from_text(text))
    return {m.text: m for m in draft.place_mentions}


@pytest.mark.parametrize(("written", "canonical"), [
    ("Panshir", "Panjshir"), ("Panjshir", "Panjshir"), ("Wahan", "Wakhan Corridor"), ("Wakhan", "Wakhan Corridor"),
    ("Mazar-e Sharif", "Mazar-i-Sharif"), ("Mazar-i-Sharif", "Mazar-i-Sharif"),
])
def test_transliteration_variants_find_the_same_place(written, canonical):
    found = _places(f"Fighters gathered in {written} last year.")
    assert found[written].candidate.name == canonical


def test_fuzzy_spelling_is_matched_and_marked_fuzzy():
    found = _places("The convoy went to Nangarharr and back.")
    assert found["Nangarharr"].candidate.name == "Nangarhar"
    assert found["Nangarharr"].match == "fuzzy"


def test_place_inside_an_actor_name_is_not_a_place_mention():
    text = "Tehrik-i-Taliban Pakistan and the Islamic State Khorasan Province fought in Kunar."
    assert set(_places(text)) == {"Kunar"}
    assert [m.actor for m in find_actors("p1", text)] == ["ttp", "islamic-state"]


@pytest.mark.parametrize(("alias", "actor"), [
    ("al-Qaeda", "al-qaeda"), ("al-Qaida", "al-qaeda"), ("AQ", "al-qaeda"), ("ISIL", "islamic-state"),
    ("DAESH", "islamic-state"), ("ISIS-K", "islamic-state"), ("ISKP", "islamic-state"), ("TTP", "ttp"),
    ("ETIM", "etim-tip"), ("TIP", "etim-tip"), ("IMU", "imu"), ("Haqqani Network", "haqqani-network"),
    ("Taliban", "taliban"), ("NRF", "nrf"), ("Pakistani army", "military-forces-of-pakistan"),
    ("Tajik border guards", "military-forces-of-tajikistan"), ("Afghan police", "police-forces-of-afghanistan"),
])
def test_actor_aliases_resolve_to_one_registry_actor(alias, actor):
    assert [m.actor for m in find_actors("p1", f"Yesterday {alias} said so.")] == [actor]


def test_all_capital_aliases_match_only_in_capitals():
    assert find_actors("p1", "Is it true? The tip of the iceberg.") == []


def test_ambiguous_name_goes_to_the_focus_region_with_alternatives_shown():
    found = _places("Rockets were fired at Sherpur in Kabul.")
    assert found["Sherpur"].candidate.country == "Afghanistan"
    assert any(alt.country == "Bangladesh" for alt in found["Sherpur"].alternatives)


def test_small_town_needs_a_locative_word_but_a_placed_name_is_found():
    assert "Zorabad" not in _places("Zorabad is a word here.")
    draft = draft_essay(essay_from_text("They met in Zorabad in the spring."))
    assert [u.text for u in draft.unmatched] == ["Zorabad"]


def test_labelled_synthetic_essay_recall_and_precision():
    path = FIXTURES / "synthetic_essay.txt"
    draft = draft_essay(read_essay(path.name, path.read_bytes()))
    labels = tomllib.loads((FIXTURES / "synthetic_labels.toml").read_text(encoding="utf-8"))
    by_text: dict[str, list] = {}
    for mention in draft.place_mentions:
        by_text.setdefault(mention.text, []).append(mention)
    correct = 0
    for label in labels["mentions"]:
        hits = by_text.get(label["text"])
        if not hits:
            continue
        cand = hits[0].candidate
        if "country" in label:
            correct += cand.kind == "country" and cand.country == label["country"]
        else:
            correct += geodesic_distance_km(cand.lon, cand.lat, label["lon"], label["lat"]) <= 25
    labelled = {label["text"] for label in labels["mentions"]}
    spurious = [m.text for m in draft.place_mentions if m.text not in labelled]
    recall = correct / len(labels["mentions"])
    precision = correct / (correct + len(spurious) + (len({m.text for m in draft.place_mentions} & labelled) - correct))
    assert recall >= 0.9, f"recall {recall:.2f}"
    assert precision >= 0.9, f"precision {precision:.2f}; spurious {spurious}"
    assert not set(labels["not_places"]) & set(by_text)
