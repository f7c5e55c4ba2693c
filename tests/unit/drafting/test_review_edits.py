"""A reviewer's edits survive: alternatives picked re-point claims, and drafting again keeps the review.

The fresh user's defects: an alternative picked was not used by the claims or the saved bundle,
and "Draft again" or "Add the actor and draft again" threw away reviewed marks, statuses,
labels and places edited. The essay is invented for this test.
"""

from __future__ import annotations

import pytest

from geo.drafting import (
    RegistryActor,
    bundle_files,
    carry_review,
    default_registry,
    draft_essay,
    essay_from_text,
    manual_place,
    pick_alternative,
    review_tables,
)

TEXT = ("The Taliban reportedly took Kunduz and Herat in 2021. Islamic State fighters attacked Jalalabad near Zorabad."
        "\n\nThe Water Users Union protested in Kunduz, the Taliban said.")


@pytest.fixture(scope="module")
def essay():
    return essay_from_text(TEXT)


@pytest.fixture(scope="module")
def drafted(essay):
    return review_tables(draft_essay(essay))


def _copy(tables):
    return {name: [dict(r) for r in rows] for name, rows in tables.items()}


def _row(rows, **match):
    return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))


def _jalal_abad(tables):
    index = next(i for i, p in enumerate(tables["places"]) if p["id"] == "jalalabad")
    alt = next(a for a in tables["places"][index]["alternatives"] if a.ref == "region-kg-j")
    return index, alt


def test_picking_an_alternative_re_points_the_claims_and_the_label(drafted):
    index, alt = _jalal_abad(drafted)
    picked = pick_alternative(drafted, drafted, index, alt)
    row = picked["places"][index]
    assert (row["id"], row["name"], row["country"], row["lat"]) == ("region-kg-j", "Jalal-Abad", "Kyrgyzstan", alt.lat)
    claim = _row(picked["claims"], actor="islamic-state")
    assert claim["places"] == "region-kg-j"
    assert claim["label"] == "Islamic State (ISIS / ISKP) — Jalal-Abad"
    assert drafted["places"][index]["id"] == "jalalabad", "the drafted tables are not changed"
    back = pick_alternative(picked, drafted, index, None)
    assert back["places"][index]["id"] == "jalalabad"
    assert _row(back["claims"], actor="islamic-state")["places"] == "jalalabad"
    assert _row(back["claims"], actor="islamic-state")["label"] == "Islamic State (ISIS / ISKP) — Jalalabad"


def test_the_saved_bundle_names_the_alternative_picked(essay, drafted):
    index, alt = _jalal_abad(drafted)
    files = bundle_files(essay, pick_alternative(drafted, drafted, index, alt))
    assert 'place = [ "region-kg-j",]' in files["claims.toml"] or '"region-kg-j"' in files["claims.toml"]
    assert "Jalal-Abad" in files["places.toml"] and 'id = "jalalabad"' not in files["places.toml"]


def test_a_typed_label_is_kept_when_an_alternative_is_picked(drafted):
    index, alt = _jalal_abad(drafted)
    tables = _copy(drafted)
    _row(tables["claims"], actor="islamic-state")["label"] = "IS attack in the east"
    assert _row(pick_alternative(tables, drafted, index, alt)["claims"], actor="islamic-state")["label"] == \
        "IS attack in the east"


def _reviewed(drafted):
    """The review a person did: ticks, a status, a typed label, a place moved, a colour, a name located."""
    index, alt = _jalal_abad(drafted)
    tables = pick_alternative(_copy(drafted), drafted, index, alt)  # shares the tables it does not change
    first = _row(tables["claims"], id="taliban-kunduz-p1-s1")
    first.update(reviewed=True, status="reported", label="Taliban take the north")
    second = _row(tables["claims"], id="taliban-kunduz-p2-s1")
    second.update(include=False)
    _row(tables["places"], id="kunduz").update(lat=36.73, lon=68.86)
    _row(tables["actors"], id="taliban").update(colour="#000000")
    tables["unmatched"][0].update(lat=34.4, lon=70.5)
    return tables


def test_drafting_again_with_an_actor_added_keeps_every_edit(essay, drafted):
    edited = _reviewed(drafted)
    union = RegistryActor("water-users-union", "Water Users Union", (), "civil", "added on the authoring page")
    now = carry_review(drafted, edited, review_tables(draft_essay(essay, registry=(union, *default_registry()))))
    first = _row(now["claims"], paragraph="p1", actor="taliban")
    assert (first["reviewed"], first["status"], first["label"]) == (True, "reported", "Taliban take the north")
    assert _row(now["claims"], paragraph="p2", actor="taliban")["include"] is False
    islamic_state = _row(now["claims"], actor="islamic-state")
    assert islamic_state["places"] == "region-kg-j", "the alternative picked still holds"
    assert islamic_state["label"] == "Islamic State (ISIS / ISKP) — Jalal-Abad"
    assert _row(now["places"], id="kunduz")["lat"] == 36.73
    assert _row(now["places"], id="region-kg-j")["name"] == "Jalal-Abad"
    assert _row(now["actors"], id="taliban")["colour"] == "#000000"
    assert _row(now["unmatched"], name="Zorabad")["lat"] == 34.4, "a position typed but not yet used is kept"
    union_claim = _row(now["claims"], actor="water-users-union")
    assert union_claim["reviewed"] is False and union_claim["places"] == "kunduz", "new claims come unreviewed"


def test_drafting_again_with_a_place_located_keeps_edits_and_takes_the_new_places(essay, drafted):
    edited = _reviewed(drafted)
    now = carry_review(drafted, edited, review_tables(draft_essay(essay, extra=[manual_place("Zorabad", 34.4, 70.5)])))
    islamic_state = _row(now["claims"], actor="islamic-state")
    assert islamic_state["places"] == "region-kg-j; manual-zorabad", \
        "the new draft's place joins the claim; the alternative picked is re-applied"
    assert islamic_state["label"] == "Islamic State (ISIS / ISKP) — Jalal-Abad, Zorabad"
    assert _row(now["claims"], paragraph="p1", actor="taliban")["reviewed"] is True
    assert not now["unmatched"], "the name located is a place now"


def test_places_the_reviewer_typed_on_a_claim_are_kept_and_a_vanished_edited_claim_too(essay, drafted):
    edited = _copy(drafted)
    _row(edited["claims"], actor="islamic-state").update(places="kunduz", reviewed=True)
    gone = {**_row(edited["claims"], id="taliban-kunduz-p2-s1"), "reviewed": True}
    gone_drafted = {**_row(drafted["claims"], id="taliban-kunduz-p2-s1"), "quote": "A sentence no longer drafted."}
    edited["claims"] = [*edited["claims"][:2], gone]
    before = {**drafted, "claims": [*drafted["claims"][:2], gone_drafted]}
    now = carry_review(before, edited, review_tables(draft_essay(essay)))
    assert _row(now["claims"], actor="islamic-state")["places"] == "kunduz"
    assert [c["id"] for c in now["claims"]].count("taliban-kunduz-p2-s1") == 1, "kept once, not twice"


def test_an_unchanged_review_carries_nothing(essay, drafted):
    again = review_tables(draft_essay(essay))
    assert carry_review(drafted, drafted, again) == {k: [dict(r) for r in v] for k, v in again.items()}


def test_actors_keep_their_colours_when_an_actor_named_earlier_is_added(essay, drafted):
    """A fresh user's finding: adding Jaish al-Adl gave it ISKP's colour and moved ISKP's."""
    union = RegistryActor("water-users-union", "Water Users Union", (), "civil", "added on the authoring page")
    text = "The Water Users Union met in Herat.\n\n" + TEXT
    before = review_tables(draft_essay(essay_from_text(text)))
    now = carry_review(before, before, review_tables(draft_essay(essay_from_text(text),
                                                                 registry=(union, *default_registry()))))
    colours = {a["id"]: a["colour"] for a in now["actors"]}
    assert {k: colours[k] for k in ("taliban", "islamic-state")} == {a["id"]: a["colour"] for a in before["actors"]}
    assert len(set(colours.values())) == len(colours), "the new actor's colour is its own"
