"""Load an essay bundle: the essay's paragraphs, its actors and the claims mapped from it.

A bundle is a folder (format: ``data/essays/README.md``). Loading never stops at the
first bad record: every problem is collected as a :class:`Problem` naming the file, the
record id and the field, and everything that is valid still loads, so the map shows what
it can while the validator (``python -m geo validate-bundle``) lists what to fix.

The app reads :func:`bundle_path_from_env` so it can be pointed at another bundle by
setting ``SPILLOVER_BUNDLE`` -- no code change.

What each part holds: :mod:`geo.bundle.files` (reading files, collecting problems),
:mod:`geo.bundle.essay` (``bundle.toml`` and ``paragraphs.json``), :mod:`geo.bundle.loaders`
(citations, actors, claims), :mod:`geo.bundle.features` (claims as map features) and
:mod:`geo.bundle.links` (paragraph/claim/actor links and name mentions for the UI).
Import the public names from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from geo.bundle.claims import Actor, Citation, Claim, validation_context
from geo.bundle.essay import (
    EssayMeta,
    Footnote,
    MapFocus,
    Paragraph,
    Section,
    check_mentions,
    load_essay,
    load_meta,
)
from geo.bundle.features import claim_features
from geo.bundle.files import (
    BUNDLE_TOML,
    CITATIONS_TOML,
    CLAIMS_TOML,
    PARAGRAPHS_JSON,
    Problem,
    ProblemCollector,
)
from geo.bundle.loaders import load_actors, load_citations, load_claims
from geo.bundle.places import BundlePlace, load_places, place_index
from geo.core import BUNDLE_ENV, DATA_DIR, ROOT, env_setting

DEFAULT_BUNDLE = DATA_DIR / "essays" / "ankasam-2023-al-qaeda"


class BundleNotFoundError(FileNotFoundError):
    """The bundle folder itself is missing, so there is nothing to load or report on."""


@dataclass(frozen=True)
class Bundle:
    """A loaded essay bundle: only valid records, plus every problem found on the way.

    ``features`` is an EPSG:4326 GeoDataFrame with :data:`FEATURE_COLUMNS`, one row per
    valid claim. Do not mutate it (it may be cached); ``.copy()`` first.
    """

    path: Path
    meta: EssayMeta
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    sections: tuple[Section, ...]
    citations: dict[str, Citation]
    actors: dict[str, Actor]
    claims: tuple[Claim, ...]
    features: gpd.GeoDataFrame
    problems: tuple[Problem, ...] = field(default=())
    mentions: dict[str, str] = field(default_factory=dict)
    places: dict[str, BundlePlace] = field(default_factory=dict)
    #: ``bundle.toml [map]``: the focus layers, corridors and framing this essay names.
    focus: MapFocus = field(default_factory=MapFocus)

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        """The paragraph with this id, or ``None``."""
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)


def load_bundle(path: Path | str = DEFAULT_BUNDLE) -> Bundle:
    """Load an essay bundle folder, keeping every valid record and reporting the rest.

    Parameters
    ----------
    path
        The bundle folder (holding ``bundle.toml``, ``paragraphs.json``, ``citations.toml``,
        ``actors.toml``, ``claims.toml``).

    Returns
    -------
    Bundle
        Valid paragraphs, actors and claims; ``features`` holds the claims resolved to
        geometries; ``problems`` lists each bad record by file, record id and field. A
        broken claims file leaves the essay and actors loaded.

    Raises
    ------
    BundleNotFoundError
        ``path`` is not a folder.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise BundleNotFoundError(
            f"Essay bundle folder {folder} does not exist. Give a folder holding {BUNDLE_TOML} and "
            f"{CLAIMS_TOML} (format: data/essays/README.md); if it came from {BUNDLE_ENV}, fix or unset it."
        )
    report = ProblemCollector()
    meta, mentions, focus = load_meta(folder, report)
    paragraphs, footnotes, sections = load_essay(folder, report)
    citations = load_citations(folder, report)
    texts = {p.id: p.text for p in paragraphs}
    for footnote in footnotes:
        if footnote.citation is not None and footnote.citation not in citations:
            report.add(folder / PARAGRAPHS_JSON, footnote.id, "citation",
                       f"no citation {footnote.citation!r} in {CITATIONS_TOML}")
    actors = load_actors(folder, validation_context(texts, citations), report)
    essay_date = meta.date or (str(meta.year) if 1000 <= meta.year <= 9999 else None)
    places = load_places(folder, report)
    claims = load_claims(folder, validation_context(texts, citations, actors, essay_date), report,
                         place_index(places))
    mentions = check_mentions(mentions, (c for c, _ in claims), actors, folder / BUNDLE_TOML, report)
    by_id = {p.id: p for p in paragraphs}
    return Bundle(
        path=folder, meta=meta, paragraphs=paragraphs, footnotes=footnotes, sections=sections,
        citations=citations, actors=actors, claims=tuple(c for c, _ in claims),
        features=claim_features(claims, actors, by_id, citations), problems=tuple(report.problems),
        mentions=mentions, places=places, focus=focus,
    )


def bundle_path_from_env(environ: Mapping[str, str] | None = None) -> Path:
    """The bundle to show: ``$SPILLOVER_BUNDLE`` if set, else :data:`DEFAULT_BUNDLE`.

    A relative ``$SPILLOVER_BUNDLE`` is also tried from the repository root.
    """
    value = env_setting(BUNDLE_ENV, environ)
    if not value:
        return DEFAULT_BUNDLE
    candidate = Path(value).expanduser()
    if not candidate.is_absolute() and not candidate.exists() and (ROOT / candidate).exists():
        return ROOT / candidate
    return candidate
