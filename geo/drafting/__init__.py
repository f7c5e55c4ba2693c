"""Drafting a bundle from an essay: bring the text in, find places, actors and claims, write a bundle.

Pure logic above :mod:`geo.bundle` and :mod:`geo.layers`; the authoring page
(``ui.views.author``) and ``python -m geo draft-bundle`` both call it.
"""

from geo.drafting.actors import ActorMention, RegistryActor, default_registry, find_actors, read_registry
from geo.drafting.claims import HEDGES, DraftClaim, sentences, suggested_status
from geo.drafting.draft import (
    ACTOR_COLOURS,
    CLAIM_COLUMNS,
    PHYSICAL_FEATURES_NOTE,
    PLACE_COLUMNS,
    UNMATCHED_COLUMNS,
    Draft,
    cell_items,
    claim_label,
    draft_essay,
    focus_check,
    manual_place,
    place_id,
    review_tables,
)
from geo.drafting.edits import carry_review, follow_label_edits, pick_alternative
from geo.drafting.evaluation import DraftScore, read_labels, score_draft
from geo.drafting.ingest import (
    ESSAY_SUFFIXES,
    DraftFootnote,
    DraftParagraph,
    EssayReadError,
    EssayText,
    essay_from_text,
    read_essay,
)
from geo.drafting.names import Candidate, Gazetteer, load_gazetteer
from geo.drafting.places import PlaceFinder, PlaceMention, UnmatchedName, outside_focus
from geo.drafting.review import FLAGGED_COLOUR, PLACED_COLOUR, review_layer, review_view
from geo.drafting.routes import SCHEMATIC, RouteError, draft_route, route_line, route_points
from geo.drafting.write import (
    BUNDLE_FILES,
    CITATION_COLUMNS,
    bundle_files,
    essay_meta,
    place_flags,
    write_bundle,
    zip_bundle,
)

__all__ = [
    "claim_label",
    "follow_label_edits",
    "carry_review",
    "pick_alternative",
    "cell_items",
    "FLAGGED_COLOUR",
    "PLACED_COLOUR",
    "review_layer",
    "review_view",
    "CITATION_COLUMNS",
    "ACTOR_COLOURS",
    "BUNDLE_FILES",
    "CLAIM_COLUMNS",
    "Candidate",
    "ActorMention",
    "Draft",
    "DraftClaim",
    "DraftFootnote",
    "DraftParagraph",
    "DraftScore",
    "ESSAY_SUFFIXES",
    "EssayReadError",
    "EssayText",
    "Gazetteer",
    "HEDGES",
    "PHYSICAL_FEATURES_NOTE",
    "PLACE_COLUMNS",
    "PlaceFinder",
    "PlaceMention",
    "RegistryActor",
    "RouteError",
    "SCHEMATIC",
    "UNMATCHED_COLUMNS",
    "UnmatchedName",
    "bundle_files",
    "default_registry",
    "draft_essay",
    "draft_route",
    "essay_from_text",
    "essay_meta",
    "find_actors",
    "focus_check",
    "load_gazetteer",
    "manual_place",
    "outside_focus",
    "place_flags",
    "place_id",
    "read_essay",
    "read_labels",
    "read_registry",
    "review_tables",
    "route_line",
    "route_points",
    "score_draft",
    "sentences",
    "suggested_status",
    "write_bundle",
    "zip_bundle",
]
