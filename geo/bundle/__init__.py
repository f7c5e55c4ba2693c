"""Essay bundles: the model, loading with collected problems, claims, citations, links between passages and claims."""


from geo.bundle.citations import CITATION_ORDER, DESCRIPTIVE_TITLE_MARK, citation_parts, citation_text
from geo.bundle.claims import (
    ACTOR_ROLES,
    COLOUR_BLIND_SAFE,
    RELATIONS,
    ROLE_LABELS,
    SOURCE_TYPES,
    STATUS_LABELS,
    STATUSES,
    Actor,
    Claim,
    GeometryResolutionError,
    field_errors,
    resolve_geometry,
    validation_context,
)
from geo.bundle.essay import NEUTRAL_RISK_TITLE, UNKNOWN_AUTHOR, UNKNOWN_PUBLISHER, EssayMeta, MapFocus, Paragraph
from geo.bundle.features import FEATURE_COLUMNS, essay_view
from geo.bundle.files import ACTORS_TOML, BUNDLE_TOML
from geo.bundle.links import (
    ActorSummary,
    Mention,
    actor_summary,
    claims_for_paragraph,
    find_mentions,
    mapped_names,
    paragraph_relation,
    paragraphs_for_claim,
)
from geo.bundle.model import BUNDLE_ENV, DEFAULT_BUNDLE, Bundle, BundleNotFoundError, bundle_path_from_env, load_bundle
from geo.bundle.places import AREA_NOTE, PLACES_TOML, BundlePlace
from geo.bundle.review import Downgrade, downgrades, evidence_report
from geo.bundle.timeline import TIMELINE_COLUMNS, claim_timeline, essay_end, in_window, time_domain, undated_ids

__all__ = [
    "AREA_NOTE",
    "essay_view",
    "ACTOR_ROLES",
    "CITATION_ORDER",
    "DESCRIPTIVE_TITLE_MARK",
    "Downgrade",
    "RELATIONS",
    "ROLE_LABELS",
    "SOURCE_TYPES",
    "downgrades",
    "evidence_report",
    "paragraph_relation",
    "citation_parts",
    "citation_text",
    "Actor",
    "ActorSummary",
    "BUNDLE_ENV",
    "ACTORS_TOML",
    "BUNDLE_TOML",
    "BundlePlace",
    "PLACES_TOML",
    "Bundle",
    "BundleNotFoundError",
    "COLOUR_BLIND_SAFE",
    "Claim",
    "DEFAULT_BUNDLE",
    "EssayMeta",
    "MapFocus",
    "NEUTRAL_RISK_TITLE",
    "UNKNOWN_AUTHOR",
    "UNKNOWN_PUBLISHER",
    "FEATURE_COLUMNS",
    "GeometryResolutionError",
    "Mention",
    "Paragraph",
    "STATUSES",
    "STATUS_LABELS",
    "actor_summary",
    "bundle_path_from_env",
    "claims_for_paragraph",
    "field_errors",
    "find_mentions",
    "load_bundle",
    "mapped_names",
    "paragraphs_for_claim",
    "resolve_geometry",
    "validation_context",
    "TIMELINE_COLUMNS",
    "claim_timeline",
    "essay_end",
    "in_window",
    "time_domain",
    "undated_ids",
]
