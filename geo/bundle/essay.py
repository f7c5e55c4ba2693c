"""The essay's own text in a bundle: ``bundle.toml`` (metadata, mentions) and ``paragraphs.json``.

Records are validated strictly (unknown fields are errors) and a bad record is reported
and skipped; a footnote link is kept only if the footnote exists and its marker is in
the paragraph text, so the essay page never shows a dangling reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.bundle.claims import Actor, Claim, IsoDate, Url
from geo.bundle.files import (
    BUNDLE_TOML,
    FILE_LEVEL,
    PARAGRAPHS_JSON,
    ProblemCollector,
    read_json,
    read_toml,
    records,
    unique_id,
)
from geo.geography import CORRIDORS

_MENTION_TARGET = re.compile(r"^(claim|actor|place|province|country):\S+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Language(_Strict):
    """A language the essay is published in (ISO 639-1 code and its own name)."""

    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    label: Annotated[str, Field(min_length=1)]


#: What a drafted bundle writes when the essay names no author or publisher (``geo.drafting``):
#: a placeholder to check, never cited as if it were a name.
UNKNOWN_AUTHOR = "Unknown author"
UNKNOWN_PUBLISHER = "Unknown publisher"


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


#: Neutral wording of the Risk page when a bundle names no framing of its own.
NEUTRAL_RISK_TITLE = "Risk model"


class MapFocus(_Strict):
    """``bundle.toml [map]``: which of the shared geography's focus features this essay is about.

    Everything is optional; a bundle that names nothing gets neutral defaults: the region's
    borders, crossings and places, no focus layer, no corridor, the Risk page worded generically.
    """

    #: Focus layers of ``data/layers.toml`` (``focus = true``) the map offers, e.g. ``wakhan_corridor``.
    layers: tuple[str, ...] = ()
    #: Derived corridors the risk model's corridor factor measures (:data:`geo.geography.CORRIDORS`).
    corridors: tuple[str, ...] = ()
    #: Whether the map page shows Afghanistan's border lengths (computed vs published) under the map.
    border_table: bool = True
    #: The Risk page's heading.
    risk_title: Annotated[str, Field(min_length=1)] = NEUTRAL_RISK_TITLE
    #: One or two sentences: what the essay argues could spread or concentrate, and where.
    framing: Annotated[str, Field(min_length=1)] | None = None


def _placeholder_meta(folder: Path) -> EssayMeta:
    # Shown when bundle.toml is unusable, so the essay and map still render.
    return EssayMeta(
        title=folder.name, author="unknown author", publisher="unknown publisher", year=0,
        source_note="bundle.toml is missing or invalid; run python -m geo validate-bundle",
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


def paragraph_label(paragraph_id: str) -> str:
    """A paragraph id as readers cite it (``p7`` -> ``¶7``); any other id is returned as it is."""
    return f"¶{paragraph_id[1:]}" if re.fullmatch(r"p\d+", paragraph_id) else paragraph_id


@dataclass(frozen=True)
class Paragraph:
    """A numbered body paragraph; ``label`` is how readers see its id (``p7`` -> ``¶7``)."""

    id: str
    text: str
    footnotes: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        """The paragraph's number (``p7`` → 7)."""
        return int(self.id[1:])

    @property
    def label(self) -> str:
        """The paragraph as readers cite it, e.g. ``¶7``."""
        return paragraph_label(self.id)


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


def load_meta(folder: Path, report: ProblemCollector) -> tuple[EssayMeta, dict[str, str], MapFocus]:
    """``bundle.toml``: the essay metadata (a placeholder if unusable), ``[mentions]`` and ``[map]``."""
    path = folder / BUNDLE_TOML
    data = read_toml(path, report)
    if data is None:
        return _placeholder_meta(folder), {}, MapFocus()
    focus = _load_focus(data.get("map", {}), path, report)
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
        return EssayMeta.model_validate(data.get("essay")), mentions, focus
    except ValidationError as exc:
        report.add_validation(path, "essay", exc)
        return _placeholder_meta(folder), mentions, focus


def _load_focus(raw: object, path: Path, report: ProblemCollector) -> MapFocus:
    """The ``[map]`` table; neutral defaults when it is missing or unusable (reported)."""
    try:
        focus = MapFocus.model_validate(raw)
    except ValidationError as exc:
        report.add_validation(path, "map", exc)
        return MapFocus()
    unknown = [c for c in focus.corridors if c not in CORRIDORS]
    for name in unknown:
        report.add(path, "map", "corridors", f"unknown corridor {name!r}; known: {', '.join(CORRIDORS)}")
    return focus.model_copy(update={"corridors": tuple(c for c in focus.corridors if c in CORRIDORS)})


def check_mentions(mentions: dict[str, str], claims: Iterable[Claim], actors: Mapping[str, Actor],
                   path: Path, report: ProblemCollector) -> dict[str, str]:
    """The ``[mentions]`` whose claim or actor target exists; the others are reported and dropped.

    Run after the claims load, because a mention may point at a claim that turned out invalid.
    """
    known = {f"claim:{c.id}" for c in claims} | {f"actor:{a}" for a in actors}
    kept = {}
    for name, target in mentions.items():
        if target.split(":", 1)[0] in ("claim", "actor") and target not in known:
            report.add(path, "mentions", name, f"{target} is not a valid claim or actor of this bundle")
        else:
            kept[name] = target
    return kept


def load_essay(
    folder: Path, report: ProblemCollector
) -> tuple[tuple[Paragraph, ...], tuple[Footnote, ...], tuple[Section, ...]]:
    """``paragraphs.json``: valid paragraphs, footnotes linked to the paragraphs citing them, sections."""
    path = folder / PARAGRAPHS_JSON
    data = read_json(path, report)
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for rid, raw in records(data, "paragraphs", path, report):
        try:
            record = _ParagraphRecord.model_validate(raw)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if unique_id(record.id, seen, path, report):
            paragraphs.append(Paragraph(record.id, record.text, record.footnotes))
    footnote_records: list[_FootnoteRecord] = []
    for rid, raw in records(data, "footnotes", path, report):
        try:
            footnote_records.append(_FootnoteRecord.model_validate(raw))
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
    sections: list[Section] = []
    for rid, raw in records(data, "sections", path, report):
        try:
            sections.append(Section(**_SectionRecord.model_validate(raw).model_dump()))
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
    footnotes = _link_footnotes(paragraphs, footnote_records, path, report)
    return tuple(paragraphs), footnotes, tuple(sections)


def _link_footnotes(
    paragraphs: list[Paragraph], footnote_records: list[_FootnoteRecord], path: Path, report: ProblemCollector
) -> tuple[Footnote, ...]:
    by_id = {f.id: f for f in footnote_records}
    citing: dict[str, list[str]] = {f.id: [] for f in footnote_records}
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
    return tuple(Footnote(f.id, f.marker, f.text, f.citation, tuple(citing[f.id])) for f in footnote_records)
