"""Load an essay bundle: the essay's paragraphs, its actors and the claims mapped from it.

A bundle is a folder (format: ``data/essays/README.md``). Loading never stops at the
first bad record: every problem is collected as a :class:`Problem` naming the file, the
record id and the field, and everything that is valid still loads, so the map shows what
it can while the validator (``python -m geo.validate_bundle``) lists what to fix.

The app reads :func:`bundle_path_from_env` so it can be pointed at another bundle by
setting ``SPILLOVER_BUNDLE`` -- no code change.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import geopandas as gpd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.basemap import DataFileError
from geo.claims import (
    STATUSES,
    Actor,
    Citation,
    CitationRef,
    Claim,
    GeometryResolutionError,
    IsoDate,
    PassageRef,
    Url,
    field_errors,
    resolve_geometry,
    validation_context,
)
from geo.geometry import WGS84
from geo.paths import DATA_DIR, ROOT

DEFAULT_BUNDLE = DATA_DIR / "essays" / "ankasam-2023-al-qaeda"
BUNDLE_ENV = "SPILLOVER_BUNDLE"
BUNDLE_TOML = "bundle.toml"
PARAGRAPHS_JSON = "paragraphs.json"
CITATIONS_TOML = "citations.toml"
ACTORS_TOML = "actors.toml"
CLAIMS_TOML = "claims.toml"
FILE_LEVEL = "-"
_MENTION_TARGET = re.compile(r"^(claim|actor|place|province|country):\S+")

#: Columns of :attr:`Bundle.features`, in order.
FEATURE_COLUMNS = (
    "id", "actor", "actor_name", "colour", "kind", "label", "status", "status_label", "confidence",
    "date", "period", "period_label", "essay_date", "time_note", "when", "note",
    "paragraph_ids", "paragraph_labels", "quotes", "quote_text", "sources", "citation_text",
    "geometry_source", "place_ids", "geometry",
)


class BundleNotFoundError(FileNotFoundError):
    """The bundle folder itself is missing, so there is nothing to load or report on."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bundle: which file, which record (id or ``#n``), which field."""

    file: str
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record_id}: {self.field}: {self.message}"


# --------------------------------------------------------------------------- essay records


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Language(_Strict):
    """A language the essay is published in (ISO 639-1 code and its own name)."""

    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    label: Annotated[str, Field(min_length=1)]


class EssayMeta(_Strict):
    """``bundle.toml [essay]``: what the essay is, who wrote and published it, how to cite it."""

    title: Annotated[str, Field(min_length=1)]
    author: Annotated[str, Field(min_length=1)]
    publisher: Annotated[str, Field(min_length=1)]
    year: int
    date: IsoDate | None = None
    date_note: str | None = None
    language: str = "en"
    languages: tuple[Language, ...] = ()
    languages_note: str | None = None
    url: Url | None = None
    source_note: Annotated[str, Field(min_length=1)]
    licence_note: Annotated[str, Field(min_length=1)]
    attribution: Annotated[str, Field(min_length=1)]


def _placeholder_meta(folder: Path) -> EssayMeta:
    # Shown when bundle.toml is unusable, so the essay and map still render.
    return EssayMeta(
        title=folder.name, author="unknown author", publisher="unknown publisher", year=0,
        source_note="bundle.toml is missing or invalid; run python -m geo.validate_bundle",
        licence_note="unknown", attribution=folder.name,
    )


class _ParagraphRecord(_Strict):
    id: Annotated[str, Field(pattern=r"^p[1-9][0-9]*$")]
    text: Annotated[str, Field(min_length=1)]
    footnotes: tuple[str, ...] = ()


class _FootnoteRecord(_Strict):
    id: Annotated[str, Field(pattern=r"^fn[1-9][0-9]*$")]
    marker: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    citation: str | None = None


class _SectionRecord(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    heading: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    name: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A numbered body paragraph; ``label`` is how readers see its id (``p7`` -> ``¶7``)."""

    id: str
    text: str
    footnotes: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def label(self) -> str:
        return f"¶{self.number}"


@dataclass(frozen=True)
class Footnote:
    """A footnote, its marker in the text (``[1]``), and the paragraphs that cite it."""

    id: str
    marker: str
    text: str
    citation: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """Un-numbered text kept with the essay (e.g. the author biography)."""

    id: str
    heading: str
    text: str
    name: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class LinkedPassage:
    """An essay paragraph a claim rests on, with the verbatim words quoted from it."""

    paragraph: Paragraph
    quote: str


@dataclass(frozen=True)
class Mention:
    """A name of a mapped actor or place found in a text, at ``text[start:end]``.

    ``target`` is ``actor:<id>``, ``place:<id>``, ``province:<id>`` or ``country:<name>``.
    """

    start: int
    end: int
    text: str
    target: str


@dataclass(frozen=True)
class ActorSummary:
    """Everything the Actors page shows for one actor."""

    actor: Actor
    features: tuple[dict[str, Any], ...]
    status_counts: dict[str, int]
    sources: tuple[dict[str, Any], ...]
    paragraph_ids: tuple[str, ...]


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

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        """The paragraph with this id, or ``None``."""
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)


# --------------------------------------------------------------------------- reading files


class _Collector:
    """Collects problems against display paths so messages name files the user can find."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, record_id: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(_display(path), record_id, field_name, message))

    def add_validation(self, path: Path, record_id: str, exc: ValidationError) -> None:
        for field_name, message in field_errors(exc):
            self.add(path, record_id, field_name, message)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _read_toml(path: Path, report: _Collector) -> dict[str, Any] | None:
    if not path.is_file():
        report.add(path, FILE_LEVEL, FILE_LEVEL, "file is missing")
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        report.add(path, FILE_LEVEL, FILE_LEVEL, f"is not valid TOML ({exc}); nothing in it was loaded")
        return None


def _read_json(path: Path, report: _Collector) -> dict[str, Any] | None:
    if not path.is_file():
        report.add(path, FILE_LEVEL, FILE_LEVEL, "file is missing")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        report.add(path, FILE_LEVEL, FILE_LEVEL, f"is not valid JSON ({exc}); nothing in it was loaded")
        return None
    if not isinstance(data, dict):
        report.add(path, FILE_LEVEL, FILE_LEVEL, "must hold a JSON object with a 'paragraphs' list")
        return None
    return data


def _records(
    data: Mapping[str, Any] | None, key: str, path: Path, report: _Collector
) -> list[tuple[str, Any]]:
    """The ``[[key]]`` records of a file as ``(record id or #n, raw record)``."""
    if data is None:
        return []
    raw = data.get(key, [])
    if not isinstance(raw, list):
        report.add(path, FILE_LEVEL, key, f"must be a list of records ([[{key}]] tables)")
        return []
    out = []
    for n, record in enumerate(raw, start=1):
        rid = record.get("id") if isinstance(record, Mapping) else None
        rid = rid if isinstance(rid, str) and rid else f"#{n}"
        if not isinstance(record, Mapping):
            report.add(path, rid, FILE_LEVEL, "must be a table of fields")
            continue
        out.append((rid, record))
    return out


def _unique(rid: str, seen: set[str], path: Path, report: _Collector) -> bool:
    if rid in seen:
        report.add(path, rid, "id", "this id is used by an earlier record; ids must be unique")
        return False
    seen.add(rid)
    return True


# --------------------------------------------------------------------------- loaders per file


def _load_meta(folder: Path, report: _Collector) -> tuple[EssayMeta, dict[str, str]]:
    path = folder / BUNDLE_TOML
    data = _read_toml(path, report)
    if data is None:
        return _placeholder_meta(folder), {}
    mentions = {}
    raw_mentions = data.get("mentions", {})
    if not isinstance(raw_mentions, Mapping):
        report.add(path, "mentions", FILE_LEVEL, "must be a [mentions] table of name = \"kind:id\"")
        raw_mentions = {}
    for name, target in raw_mentions.items():
        if isinstance(target, str) and _MENTION_TARGET.match(target):
            mentions[name] = target
        else:
            report.add(path, "mentions", name, f"target {target!r} must look like claim:<id> or actor:<id>")
    try:
        return EssayMeta.model_validate(data.get("essay")), mentions
    except ValidationError as exc:
        report.add_validation(path, "essay", exc)
        return _placeholder_meta(folder), mentions


def _check_mentions(mentions: dict[str, str], claims: Iterable[Claim], actors: Mapping[str, Actor],
                    path: Path, report: _Collector) -> dict[str, str]:
    known = {f"claim:{c.id}" for c in claims} | {f"actor:{a}" for a in actors}
    kept = {}
    for name, target in mentions.items():
        if target.split(":", 1)[0] in ("claim", "actor") and target not in known:
            report.add(path, "mentions", name, f"{target} is not a valid claim or actor of this bundle")
        else:
            kept[name] = target
    return kept


def _load_essay(
    folder: Path, report: _Collector
) -> tuple[tuple[Paragraph, ...], tuple[Footnote, ...], tuple[Section, ...]]:
    path = folder / PARAGRAPHS_JSON
    data = _read_json(path, report)
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for rid, raw in _records(data, "paragraphs", path, report):
        try:
            record = _ParagraphRecord.model_validate(raw)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if _unique(record.id, seen, path, report):
            paragraphs.append(Paragraph(record.id, record.text, record.footnotes))
    footnote_records: list[_FootnoteRecord] = []
    for rid, raw in _records(data, "footnotes", path, report):
        try:
            footnote_records.append(_FootnoteRecord.model_validate(raw))
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
    sections: list[Section] = []
    for rid, raw in _records(data, "sections", path, report):
        try:
            sections.append(Section(**_SectionRecord.model_validate(raw).model_dump()))
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
    footnotes = _link_footnotes(paragraphs, footnote_records, path, report)
    return tuple(paragraphs), footnotes, tuple(sections)


def _link_footnotes(
    paragraphs: list[Paragraph], records: list[_FootnoteRecord], path: Path, report: _Collector
) -> tuple[Footnote, ...]:
    by_id = {f.id: f for f in records}
    citing: dict[str, list[str]] = {f.id: [] for f in records}
    for n, paragraph in enumerate(paragraphs):
        kept = []
        for fid in paragraph.footnotes:
            if fid not in by_id:
                report.add(path, paragraph.id, "footnotes",
                           f"cites footnote {fid!r}, which is not in 'footnotes'")
            elif by_id[fid].marker not in paragraph.text:
                report.add(path, paragraph.id, "footnotes",
                           f"cites {fid} but its marker {by_id[fid].marker!r} is not in the paragraph text")
            else:
                kept.append(fid)
                citing[fid].append(paragraph.id)
        paragraphs[n] = Paragraph(paragraph.id, paragraph.text, tuple(kept))
    for fid, pids in citing.items():
        if not pids:
            report.add(path, fid, "id",
                       "no paragraph cites this footnote; list it in a paragraph's 'footnotes'")
    return tuple(Footnote(f.id, f.marker, f.text, f.citation, tuple(citing[f.id])) for f in records)


def _load_citations(folder: Path, report: _Collector) -> dict[str, Citation]:
    path = folder / CITATIONS_TOML
    data = _read_toml(path, report)
    citations: dict[str, Citation] = {}
    for cid, raw in (data or {}).items():
        if not isinstance(raw, Mapping):
            report.add(path, cid, FILE_LEVEL, "must be a [table] of citation fields")
            continue
        try:
            citations[cid] = Citation.model_validate(raw)
        except ValidationError as exc:
            report.add_validation(path, cid, exc)
    return citations


def _load_actors(folder: Path, context: dict[str, Any], report: _Collector) -> dict[str, Actor]:
    path = folder / ACTORS_TOML
    actors: dict[str, Actor] = {}
    colours: dict[str, str] = {}
    for rid, raw in _records(_read_toml(path, report), "actor", path, report):
        try:
            actor = Actor.model_validate(raw, context=context)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if not _unique(actor.id, set(actors), path, report):
            continue
        if actor.colour in colours:
            report.add(path, actor.id, "colour",
                       f"{actor.colour} is already used by {colours[actor.colour]!r}")
        colours.setdefault(actor.colour, actor.id)
        actors[actor.id] = actor
    return actors


def _load_claims(
    folder: Path, context: dict[str, Any], report: _Collector
) -> list[tuple[Claim, Any]]:
    path = folder / CLAIMS_TOML
    seen: set[str] = set()
    claims = []
    for rid, raw in _records(_read_toml(path, report), "claim", path, report):
        try:
            claim = Claim.model_validate(raw, context=context)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if not _unique(claim.id, seen, path, report):
            continue
        try:
            resolved = resolve_geometry(claim)
        except GeometryResolutionError as exc:
            report.add(path, claim.id, exc.field, str(exc))
            continue
        except DataFileError as exc:
            report.add(path, claim.id, "geometry", f"cannot be resolved: {exc}")
            continue
        claims.append((claim, resolved))
    return claims


# --------------------------------------------------------------------------- assembling


def _source_dicts(sources: Iterable[Any], bundle_paragraphs: Mapping[str, Paragraph],
                  citations: Mapping[str, Citation]) -> list[dict[str, Any]]:
    """Sources as plain JSON-able dicts: passages with ¶ label, citations fully spelled out."""
    out: list[dict[str, Any]] = []
    for source in sources:
        if isinstance(source, PassageRef):
            paragraph = bundle_paragraphs[source.paragraph]
            out.append({"type": "passage", "paragraph": source.paragraph, "label": paragraph.label,
                        "quote": source.quote})
        elif isinstance(source, CitationRef):
            out.append({"type": "citation", "id": source.citation, "detail": source.detail,
                        **citations[source.citation].model_dump()})
        else:
            out.append({"type": "citation", "id": None, "detail": None, **source.model_dump()})
    return out


def citation_text(source: Mapping[str, Any]) -> str:
    """One line for a citation dict: publisher, symbol, “title”, date, URL."""
    parts = [source.get("publisher"), source.get("symbol"), f"“{source['title']}”", source.get("date"),
             source.get("detail"), source.get("url")]
    return ", ".join(p for p in parts if p)


def _features(claims: list[tuple[Claim, Any]], actors: Mapping[str, Actor],
              paragraphs: Mapping[str, Paragraph], citations: Mapping[str, Citation]) -> gpd.GeoDataFrame:
    rows = []
    for claim, resolved in claims:
        actor = actors[claim.actor]
        sources = _source_dicts(claim.sources, paragraphs, citations)
        passages = [s for s in sources if s["type"] == "passage"]
        cited = [s for s in sources if s["type"] == "citation"]
        rows.append({
            "id": claim.id, "actor": claim.actor, "actor_name": actor.name, "colour": actor.colour,
            "kind": claim.kind, "label": claim.label, "status": claim.status,
            "status_label": claim.status_label, "confidence": claim.confidence,
            "date": claim.date, "period": claim.period, "period_label": claim.period_label,
            "essay_date": claim.essay_date, "time_note": claim.time_note, "when": claim.when(),
            "note": claim.note,
            "paragraph_ids": list(dict.fromkeys(s["paragraph"] for s in passages)),
            "paragraph_labels": ", ".join(dict.fromkeys(s["label"] for s in passages)),
            "quotes": [s["quote"] for s in passages],
            "quote_text": " … ".join(f"{s['label']} “{s['quote']}”" for s in passages),
            "sources": sources,
            "citation_text": "; ".join(citation_text(s) for s in cited),
            "geometry_source": resolved.source, "place_ids": list(resolved.place_ids),
            "geometry": resolved.geometry,
        })
    return gpd.GeoDataFrame(rows, columns=list(FEATURE_COLUMNS), geometry="geometry", crs=WGS84)


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
    report = _Collector()
    meta, mentions = _load_meta(folder, report)
    paragraphs, footnotes, sections = _load_essay(folder, report)
    citations = _load_citations(folder, report)
    texts = {p.id: p.text for p in paragraphs}
    for footnote in footnotes:
        if footnote.citation is not None and footnote.citation not in citations:
            report.add(folder / PARAGRAPHS_JSON, footnote.id, "citation",
                       f"no citation {footnote.citation!r} in {CITATIONS_TOML}")
    actors = _load_actors(folder, validation_context(texts, citations), report)
    claims = _load_claims(folder, validation_context(texts, citations, actors), report)
    mentions = _check_mentions(mentions, (c for c, _ in claims), actors, folder / BUNDLE_TOML, report)
    by_id = {p.id: p for p in paragraphs}
    return Bundle(
        path=folder, meta=meta, paragraphs=paragraphs, footnotes=footnotes, sections=sections,
        citations=citations, actors=actors, claims=tuple(c for c, _ in claims),
        features=_features(claims, actors, by_id, citations), problems=tuple(report.problems),
        mentions=mentions,
    )


def bundle_path_from_env(environ: Mapping[str, str] | None = None) -> Path:
    """The bundle to show: ``$SPILLOVER_BUNDLE`` if set (relative paths also tried from the
    repository root), else :data:`DEFAULT_BUNDLE`."""
    value = (os.environ if environ is None else environ).get(BUNDLE_ENV, "").strip()
    if not value:
        return DEFAULT_BUNDLE
    candidate = Path(value).expanduser()
    if not candidate.is_absolute() and not candidate.exists() and (ROOT / candidate).exists():
        return ROOT / candidate
    return candidate


# --------------------------------------------------------------------------- links for the UI


def claims_for_paragraph(bundle: Bundle, paragraph_id: str) -> gpd.GeoDataFrame:
    """The features that quote this paragraph (empty frame when none), for highlight + zoom."""
    mask = bundle.features["paragraph_ids"].apply(lambda ids: paragraph_id in ids)
    return bundle.features[mask.astype(bool)]


def paragraphs_for_claim(bundle: Bundle, claim_id: str) -> list[LinkedPassage]:
    """The essay passages a claim quotes, in the claim's order (empty for an unknown id)."""
    claim = next((c for c in bundle.claims if c.id == claim_id), None)
    if claim is None:
        return []
    return [LinkedPassage(bundle.paragraph(s.paragraph), s.quote) for s in claim.passages]


def actor_summary(bundle: Bundle) -> list[ActorSummary]:
    """Per actor, in file order: features, status counts (all statuses), sources, paragraphs.

    Sources are the actor's own followed by those of its claims, without repeats.
    """
    by_id = {p.id: p for p in bundle.paragraphs}
    summaries = []
    for actor in bundle.actors.values():
        rows = bundle.features[bundle.features["actor"] == actor.id]
        features = tuple(
            {"id": r.id, "label": r.label, "kind": r.kind, "status": r.status,
             "status_label": r.status_label, "when": r.when}
            for r in rows.itertuples(index=False)
        )
        counts = {status: int((rows["status"] == status).sum()) for status in STATUSES}
        sources: dict[str, dict[str, Any]] = {}
        candidates = _source_dicts(actor.sources, by_id, bundle.citations)
        candidates += [s for row_sources in rows["sources"] for s in row_sources]
        for source in candidates:
            key = (f"{source['paragraph']}|{source['quote']}" if source["type"] == "passage"
                   else source["id"] or source["title"])
            sources.setdefault(key, source)
        pids = {s["paragraph"] for s in sources.values() if s["type"] == "passage"}
        ordered = tuple(p.id for p in bundle.paragraphs if p.id in pids)
        summaries.append(ActorSummary(actor, features, counts, tuple(sources.values()), ordered))
    return summaries


def mapped_names(bundle: Bundle) -> dict[str, str]:
    """Every name a text may use for a mapped actor or place -> its target.

    Actor names and aliases come first, then the bundle's own ``[mentions]`` (names such
    as "Wahan Corridor" that point at a claim), gazetteer places and provinces, then the
    basemap's focus countries; the first target wins a shared name.
    """
    from geo import gazetteer
    from geo.basemap import countries

    names: dict[str, str] = {}

    def add(name: str, target: str) -> None:
        if name and name.strip():
            names.setdefault(name.strip(), target)

    for actor in bundle.actors.values():
        for name in actor.names:
            add(name, f"actor:{actor.id}")
    for name, target in bundle.mentions.items():
        add(name, target)
    for row in gazetteer.load_places().itertuples(index=False):
        for name in (row.name, *gazetteer.split_aliases(row.aliases)):
            add(name, f"place:{row.id}")
    for row in gazetteer.load_provinces().itertuples(index=False):
        for name in (row.province, *gazetteer.split_aliases(row.aliases)):
            add(name, f"province:{row.id}")
    frame = countries("web")
    for name in frame.loc[frame["role"] == "focus", "name"]:
        add(name, f"country:{name}")
    return names


def find_mentions(text: str, names: Mapping[str, str]) -> list[Mention]:
    """Where ``names`` occur in ``text`` as whole words, longest name first, no overlaps.

    All-capital names (``TTP``, ``ISIS``) match case-sensitively so that "tip" or "nur"
    in running text are not taken for an acronym; other names ignore case.
    """
    if not names:
        return []
    ordered = sorted(names, key=len, reverse=True)
    alternatives = [re.escape(n) if n.isupper() else f"(?i:{re.escape(n)})" for n in ordered]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    folded = {n.casefold(): target for n, target in reversed(list(names.items()))}
    exact = dict(names)
    return [
        Mention(m.start(), m.end(), m.group(0), exact.get(m.group(0)) or folded[m.group(0).casefold()])
        for m in pattern.finditer(text)
    ]
