"""Record schemas of an essay bundle (citations, actors, claims) and claim geometry resolution.

Every record is validated with pydantic so that a bad value is reported against the exact
field that holds it. Checks that need the rest of the bundle (does the actor exist, is the
quote really in that paragraph, does the cited source exist) read a validation *context*
passed to ``model_validate(..., context=...)`` built by :func:`validation_context`; without
a context those cross-checks are skipped, so the models stay usable on their own.

A claim names its geometry in exactly one of four ways -- inline GeoJSON, gazetteer
place(s), Afghan province(s) or a basemap country -- and :func:`resolve_geometry` turns
that into a shapely geometry, raising :class:`GeometryResolutionError` (with the field to
blame) when it cannot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import shapely
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from shapely.geometry import LineString, MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry

from geo.bundle.citations import DESCRIPTIVE_TITLE_MARK
from geo.core import repair_polygon

#: How a claim drawn as a whole basemap country names its geometry's source (``geometry_source``).
COUNTRY_GEOMETRY = "basemap country"
STATUSES = ("documented", "reported", "alleged", "essay_argument", "uncited_context")
#: How each status is written for readers; ``essay_argument`` is the essay's own reasoning and
#: ``uncited_context`` background that no cited document states (it earns none of the others).
STATUS_LABELS = {
    "documented": "documented",
    "reported": "reported",
    "alleged": "alleged",
    "essay_argument": "essay's argument",
    "uncited_context": "uncited context",
}
Status = Literal["documented", "reported", "alleged", "essay_argument", "uncited_context"]
#: How a source link bears on a claim: ``states`` (asserts this claim), ``context`` (discusses
#: the topic but not this actor, place or time), ``contrast`` (argues against it).
RELATIONS = ("states", "context", "contrast")
Relation = Literal["states", "context", "contrast"]
#: Kinds of cited source. ``official``: a government's or international body's own statement or
#: act (e.g. a White House briefing, a State Department designation); ``primary``: a party's own
#: statement (e.g. a Taliban spokesman); ``report``: a monitoring or analytical report (e.g. the
#: UN Monitoring Team); ``news``: a news outlet's report.
SOURCE_TYPES = ("official", "primary", "report", "news")
#: Source types that can make a claim ``documented``.
DOCUMENTING_SOURCE_TYPES = ("official", "primary")
#: Actor roles; the risk model counts the roles an analyst ticks (default: armed groups).
ACTOR_ROLES = ("armed_group", "de_facto_authority", "armed_opposition", "individual", "state")
ROLE_LABELS = {
    "armed_group": "armed group",
    "de_facto_authority": "de facto authority",
    "armed_opposition": "armed opposition",
    "individual": "individual",
    "state": "state",
}

GEOMETRY_FIELDS = ("geojson", "place", "province", "country")

#: Colour-blind-safe qualitative palettes (Okabe & Ito 2008; Paul Tol's bright, vibrant,
#: muted and light schemes). Actor colours must come from one of these.
COLOUR_BLIND_SAFE_PALETTES: dict[str, tuple[str, ...]] = {
    "okabe-ito": ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"),
    "tol-bright": ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"),
    "tol-vibrant": ("#EE7733", "#0077BB", "#33BBEE", "#EE3377", "#CC3311", "#009988", "#BBBBBB"),
    "tol-muted": (
        "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
    ),
    "tol-light": ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"),
}
COLOUR_BLIND_SAFE = frozenset(c for palette in COLOUR_BLIND_SAFE_PALETTES.values() for c in palette)

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_PARAGRAPH_ID = r"^p[1-9][0-9]*$"
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SOURCE_TAGS = ("passage", "cite", "inline")
_POINTS = ("Point", "MultiPoint")
_LINES = ("LineString", "MultiLineString")
_POLYGONS = ("Polygon", "MultiPolygon")


# --------------------------------------------------------------------------- value types


def _date_to_text(value: Any) -> Any:
    # TOML turns an unquoted 2022-07-31 into a date object; accept it as its ISO text.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def _check_iso_date(value: str) -> str:
    if not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not an ISO date; write YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None
    return value


def _check_iso_period(value: str) -> str:
    start, sep, end = value.partition("/")
    if not sep:
        raise ValueError(f"{value!r} is not an ISO period; write START/END, e.g. 1996/2001 or 2021-08-15/..")
    if not start:
        raise ValueError(f"period {value!r} has no start date")
    _check_iso_date(start)
    if end not in ("", ".."):
        _check_iso_date(end)
        if end < start:
            raise ValueError(f"period {value!r} ends before it starts")
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _as_name_tuple(value: Any) -> Any:
    # A single name and a list of names mean the same thing; one shape keeps errors single.
    if isinstance(value, str):
        return (value,)
    return value


IsoDate = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_iso_date)]
IsoPeriod = Annotated[str, AfterValidator(_check_iso_period)]
Url = Annotated[str, AfterValidator(_check_url)]
Slug = Annotated[str, Field(pattern=_SLUG)]
NonEmpty = Annotated[str, Field(min_length=1)]
Names = Annotated[tuple[NonEmpty, ...], BeforeValidator(_as_name_tuple), Field(min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _context(info: ValidationInfo, key: str) -> Any:
    return info.context.get(key) if isinstance(info.context, Mapping) else None


def validation_context(
    paragraphs: Mapping[str, str] | None = None,
    citations: Mapping[str, Any] | None = None,
    actors: Mapping[str, Any] | None = None,
    essay_date: str | None = None,
) -> dict[str, Any]:
    """The context that turns on cross-record checks in :class:`Claim` and :class:`Actor`.

    Parameters
    ----------
    paragraphs
        Paragraph id -> paragraph text; quotes must be verbatim substrings of these.
    citations
        Citation id -> :class:`Citation` (or anything); ``citation = "<id>"`` sources must name
        one of these. When the values are :class:`Citation` records, their ``source_type`` and
        ``date`` are checked against the claim's status and date.
    actors
        Actor id -> anything; a claim's ``actor`` must be one of these.
    essay_date
        When the essay was written (ISO ``YYYY[-MM[-DD]]``): a passage cannot *state* a claim
        dated after it, and a stating passage dates no earlier than this.
    """
    return {"paragraphs": paragraphs, "citations": citations, "actors": actors, "essay_date": essay_date}


def date_bounds(iso: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` can mean.

    Examples
    --------
    >>> date_bounds("2023")
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    """
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


# --------------------------------------------------------------------------- sources


class Citation(_Record):
    """An external source: title, publisher and date (or why it has none).

    Optionally its kind (``source_type``), URL and UN document symbol.
    ``title_descriptive = true`` marks a title that describes or shortens the document rather
    than quoting its exact title; readers see it followed by "[descriptive title]".
    """

    title: NonEmpty
    title_descriptive: bool = False
    publisher: NonEmpty
    source_type: Literal["official", "primary", "report", "news"] | None = None
    date: IsoDate | None = None
    date_unknown: NonEmpty | None = None
    url: Url | None = None
    symbol: str | None = None
    language: str | None = None
    accessed: IsoDate | None = None
    note: str | None = None

    @field_validator("title")
    @classmethod
    def _descriptive_is_a_flag(cls, value: str) -> str:
        if re.search(r"[(\[]descriptive title[)\]]", value, re.IGNORECASE):
            raise ValueError("write the title without \"(descriptive title)\" and set title_descriptive = true")
        return value

    @model_validator(mode="after")
    def _dated(self) -> Citation:
        if self.date is None and self.date_unknown is None:
            raise PydanticCustomError(
                "citation_date",
                "a citation needs its date (YYYY, YYYY-MM or YYYY-MM-DD); if the source gives none, say why "
                "in date_unknown = \"…\" (never guess one)",
                {"field": "date"},
            )
        if self.date is not None and self.date_unknown is not None:
            raise PydanticCustomError("citation_date", "give date or date_unknown, not both", {"field": "date_unknown"})
        return self

    @property
    def display_title(self) -> str:
        """The title as readers see it: a descriptive title is followed by "[descriptive title]"."""
        return f"{self.title} {DESCRIPTIVE_TITLE_MARK}" if self.title_descriptive else self.title


class PassageRef(_Record):
    """A pointer into the essay: paragraph id, the verbatim words, and how they bear on the record.

    ``relation`` is required on a claim's passages (see :data:`RELATIONS`); an actor profile's
    passages may leave it out.
    """

    paragraph: Annotated[str, Field(pattern=_PARAGRAPH_ID)]
    quote: NonEmpty
    relation: Relation | None = None

    @field_validator("paragraph")
    @classmethod
    def _paragraph_exists(cls, value: str, info: ValidationInfo) -> str:
        paragraphs = _context(info, "paragraphs")
        if paragraphs is not None and value not in paragraphs:
            raise ValueError(f"the essay has no paragraph {value!r} (it has p1…p{len(paragraphs)})")
        return value

    @field_validator("quote")
    @classmethod
    def _quote_is_verbatim(cls, value: str, info: ValidationInfo) -> str:
        paragraphs = _context(info, "paragraphs")
        paragraph = info.data.get("paragraph")
        if paragraphs is not None and paragraph in paragraphs and value not in paragraphs[paragraph]:
            raise ValueError(f"the quote is not a verbatim part of {paragraph}: {value[:60]!r}")
        return value


class CitationRef(_Record):
    """A pointer to an entry of ``citations.toml``, with an optional page or section detail.

    ``relation`` (default ``states``) says whether the document states the claim; a
    ``context`` citation is shown but earns the claim no status and no date.
    """

    citation: NonEmpty
    detail: str | None = None
    relation: Relation = "states"

    @field_validator("citation")
    @classmethod
    def _citation_exists(cls, value: str, info: ValidationInfo) -> str:
        citations = _context(info, "citations")
        if citations is not None and value not in citations:
            raise ValueError(f"no citation {value!r} in citations.toml")
        return value


def _source_tag(value: Any) -> str | None:
    if isinstance(value, (PassageRef, CitationRef, Citation)):
        return {PassageRef: "passage", CitationRef: "cite", Citation: "inline"}[type(value)]
    if not isinstance(value, Mapping):
        return None
    if "paragraph" in value or "quote" in value:
        return "passage"
    if "citation" in value:
        return "cite"
    if "title" in value or "publisher" in value:
        return "inline"
    return None


Source = Annotated[
    Annotated[PassageRef, Tag("passage")]
    | Annotated[CitationRef, Tag("cite")]
    | Annotated[Citation, Tag("inline")],
    Discriminator(
        _source_tag,
        custom_error_type="source_kind",
        custom_error_message="a source needs paragraph + quote, citation = <id>, or title + publisher",
    ),
]


# --------------------------------------------------------------------------- actors and claims


class Actor(_Record):
    """Someone the map shows: id, display name, role, aliases used in texts, colour and sources.

    ``role`` is one of :data:`ACTOR_ROLES`; the risk model counts only the roles an analyst ticks.
    """

    id: Slug
    name: NonEmpty
    role: Literal["armed_group", "de_facto_authority", "armed_opposition", "individual", "state"]
    aliases: tuple[NonEmpty, ...] = ()
    colour: str
    description: NonEmpty
    sources: tuple[Source, ...] = ()

    @field_validator("colour")
    @classmethod
    def _colour_is_safe(cls, value: str) -> str:
        if not re.match(r"^#[0-9A-Fa-f]{6}$", value):
            raise ValueError(f"{value!r} is not a #RRGGBB colour")
        if value.upper() not in COLOUR_BLIND_SAFE:
            raise ValueError(f"{value} is not in the Okabe–Ito or Paul Tol colour-blind-safe palettes")
        return value.upper()

    @property
    def role_label(self) -> str:
        """The role as written for readers (``armed_group`` -> "armed group")."""
        return ROLE_LABELS[self.role]

    @property
    def names(self) -> tuple[str, ...]:
        """The display name and every alias -- what a text may call this actor."""
        return (self.name, *self.aliases)


def _claim_error(field: str, message: str) -> PydanticCustomError:
    # Model-level errors have an empty location; the context carries the field to blame.
    return PydanticCustomError("claim_" + field, message, {"field": field})


class Claim(_Record):
    """One mapped statement: who, what, where, when, how sure and on what it rests.

    Who is the actor; what, the kind and label; where, one geometry field; when, the date or
    period; how sure, the status; on what it rests, the sources.

    ``essay_date`` records the date the essay gives when it differs from the record's
    ``date`` (the al-Zawahiri strike: essay 1 Aug 2022, strike 31 Jul 2022 Kabul time), so
    the UI can show both.

    A status must be earned by the sources (:meth:`_status_is_earned`): ``reported`` needs a
    citation that states the claim, ``documented`` one from an official or primary source,
    ``alleged`` says who alleges it (``alleged_by``), ``essay_argument`` a passage that states
    it; anything else is ``uncited_context``. ``downgraded_from`` and ``downgrade_note`` record
    a status the claim once had and why it lost it (the Sources page lists them).
    """

    id: Slug
    actor: NonEmpty
    kind: Literal["area", "place", "event", "route"]
    label: NonEmpty
    status: Status
    alleged_by: NonEmpty | None = None
    downgraded_from: Status | None = None
    downgrade_note: NonEmpty | None = None
    geojson: dict[str, Any] | None = None
    place: Names | None = None
    province: Names | None = None
    country: NonEmpty | None = None
    date: IsoDate | None = None
    time_note: str | None = None
    period: IsoPeriod | None = None
    period_label: str | None = None
    essay_date: IsoDate | None = None
    confidence: Literal["standard", "lower", "unreviewed"] = "standard"
    sources: tuple[Source, ...] = Field(min_length=1)
    note: str | None = None

    @field_validator("actor")
    @classmethod
    def _actor_exists(cls, value: str, info: ValidationInfo) -> str:
        actors = _context(info, "actors")
        if actors is not None and value not in actors:
            raise ValueError(f"unknown actor {value!r}; actors.toml has {', '.join(actors) or 'none'}")
        return value

    @field_validator("geojson")
    @classmethod
    def _geojson_is_valid(cls, value: dict[str, Any]) -> dict[str, Any]:
        _geojson_to_shape(value)
        return value

    @model_validator(mode="after")
    def _one_geometry_and_a_time(self) -> Claim:
        given = [f for f in GEOMETRY_FIELDS if getattr(self, f) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            options = ", ".join(GEOMETRY_FIELDS)
            raise _claim_error("geometry", f"give exactly one of {options} (found {found})")
        if self.date is None and self.period is None and self.period_label is None:
            raise _claim_error("date", "give a date, a period or a period_label")
        if self.kind == "route" and self.place is not None and len(self.place) < 2:
            raise _claim_error("place", "a route needs at least two places, in travel order")
        return self

    @model_validator(mode="after")
    def _status_is_earned(self, info: ValidationInfo) -> Claim:
        citations = _context(info, "citations") or {}
        for i, source in enumerate(self.sources):
            if isinstance(source, PassageRef) and source.relation is None:
                raise _claim_error(f"sources[{i}].relation",
                                   "say how this passage bears on the claim: relation = \"states\", "
                                   "\"context\" or \"contrast\"")
        stating = [s for s in self.sources if getattr(s, "relation", "states") == "states"]
        cited = [s for s in stating if not isinstance(s, PassageRef)]
        passages = [s for s in stating if isinstance(s, PassageRef)]
        if self.status == "reported" and not cited:
            raise _claim_error("status", "a reported claim needs at least one citation of a specific document "
                               "that states it (relation = \"states\"); cite one or use status = "
                               "\"uncited_context\"")
        if self.status == "documented":
            known = [_citation_of(s, citations) for s in cited]
            if not any(c is None or getattr(c, "source_type", None) in DOCUMENTING_SOURCE_TYPES for c in known) \
                    or not cited:
                raise _claim_error("status", "a documented claim needs a citation of an official or primary "
                                   "source (source_type = \"official\" or \"primary\") that states it; "
                                   "otherwise use reported or uncited_context")
        if self.status == "alleged" and self.alleged_by is None:
            raise _claim_error("alleged_by", "an alleged claim names who alleges it: alleged_by = \"…\"")
        if self.status == "alleged" and not stating:
            raise _claim_error("status", "an alleged claim needs a source that states the allegation")
        if self.status == "essay_argument" and not passages:
            raise _claim_error("status", "an essay_argument claim needs an essay passage that states it "
                               "(relation = \"states\")")
        if self.alleged_by is not None and self.status != "alleged":
            raise _claim_error("alleged_by", "only an alleged claim names who alleges it")
        if self.downgraded_from is not None and (self.downgraded_from == self.status or self.downgrade_note is None):
            raise _claim_error("downgraded_from", "a downgrade names a different former status and says why "
                               "in downgrade_note")
        return self

    @model_validator(mode="after")
    def _dated_by_a_source(self, info: ValidationInfo) -> Claim:
        essay = _context(info, "essay_date")
        citations = _context(info, "citations") or {}
        start = self.date or (self.period.partition("/")[0] if self.period else None)
        if start is None:
            return self
        field = "date" if self.date else "period"
        claim_first = date_bounds(start)[0]
        if essay:
            for i, source in enumerate(self.sources):
                if isinstance(source, PassageRef) and source.relation == "states" \
                        and date_bounds(essay)[1] < claim_first:
                    raise _claim_error(f"sources[{i}].relation",
                                       f"the essay ({essay}) was written before this claim's {field} ({start}), "
                                       "so it cannot state it; use relation = \"context\"")
        source_dates = []
        for source in self.sources:
            if getattr(source, "relation", "states") != "states":
                continue
            if isinstance(source, PassageRef):
                source_dates.append(essay or "unchecked")
            else:
                citation = _citation_of(source, citations)
                source_dates.append(getattr(citation, "date", None) if citation is not None else "unchecked")
        if "unchecked" in source_dates:
            return self
        if not any(d and date_bounds(d)[1] >= claim_first for d in source_dates):
            raise _claim_error(field, f"the {field} must come from a dated source that states the claim "
                               "(a citation with relation = \"states\" and a date on or after it); none does, "
                               "so write the time in period_label and say where it comes from")
        return self

    @property
    def status_label(self) -> str:
        """The status as written for readers (``essay_argument`` -> "essay's argument")."""
        return STATUS_LABELS[self.status]

    @property
    def passages(self) -> tuple[PassageRef, ...]:
        """The essay passages this claim quotes, in the order given."""
        return tuple(s for s in self.sources if isinstance(s, PassageRef))

    def when(self) -> str:
        """A one-line date for readers.

        The period label (else period or date), the time of day if known, and the essay's
        date when it differs (e.g. "31 Jul 2022, 06:18 Kabul time; the essay gives 1 Aug 2022").
        """
        if self.period_label:
            text = self.period_label
        elif self.period:
            start, _, end = self.period.partition("/")
            text = f"{human_date(start)} – {human_date(end) if end not in ('', '..') else 'present'}"
        else:
            text = human_date(self.date or "")
        if self.time_note:
            text = f"{text}, {self.time_note}"
        if self.essay_date and self.essay_date != self.date:
            text = f"{text}; the essay gives {human_date(self.essay_date)}"
        return text


def _citation_of(source: Any, citations: Mapping[str, Any]) -> Any:
    """The :class:`Citation` a source points at (inline or by id); ``None`` when unknown here."""
    if isinstance(source, Citation):
        return source
    found = citations.get(getattr(source, "citation", None))
    return found if isinstance(found, Citation) else None


def human_date(iso: str) -> str:
    """``2022-07-31`` -> ``31 Jul 2022`` (``YYYY`` and ``YYYY-MM`` are shortened alike)."""
    parts = iso.split("-")
    if len(parts) == 3:
        return dt.date(*map(int, parts)).strftime("%-d %b %Y")
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%b %Y")
    return iso


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into ``(field, message)`` pairs a person can act on.

    Locations are written ``sources[0].quote``; the union tags pydantic inserts for
    sources are dropped and model-level errors are pinned to the field they are about.
    """
    errors = exc.errors()
    # pydantic also reports a list as "too short" when its only items failed; that is noise.
    failed_items = {e["loc"][:1] for e in errors if len(e["loc"]) > 1}
    pairs = []
    for error in errors:
        if error["type"] == "too_short" and error["loc"] in failed_items:
            continue
        parts: list[str] = []
        for item in error["loc"]:
            if isinstance(item, int):
                parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
            elif item not in _SOURCE_TAGS:
                parts.append(str(item))
        field = ".".join(parts) or (error.get("ctx") or {}).get("field", "record")
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against data/essays/README.md"
        pairs.append((field, message))
    return pairs


# --------------------------------------------------------------------------- geometry


class GeometryResolutionError(ValueError):
    """A claim's geometry could not be turned into coordinates; ``field`` says which value."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class ResolvedGeometry:
    """A claim's geometry with a note of where the coordinates came from (for provenance)."""

    geometry: BaseGeometry
    source: str
    place_ids: tuple[str, ...] = ()


def _geojson_to_shape(value: Mapping[str, Any]) -> BaseGeometry:
    kind = value.get("type")
    if kind not in (*_POINTS, *_LINES, *_POLYGONS):
        raise ValueError(f"GeoJSON type {kind!r} is not one of {', '.join((*_POINTS, *_LINES, *_POLYGONS))}")
    try:
        geom = shape(value)
    except (KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError) as exc:
        raise ValueError(f"GeoJSON {kind} has unusable coordinates ({exc})") from None
    if geom.is_empty:
        raise ValueError(f"GeoJSON {kind} is empty")
    coords = shapely.get_coordinates(geom)
    bad = [(x, y) for x, y in coords if not (-180 <= x <= 180 and -90 <= y <= 90)]
    if bad:
        x, y = bad[0]
        raise ValueError(f"coordinate ({x}, {y}) is outside lon -180…180 / lat -90…90; GeoJSON is [lon, lat]")
    if not geom.is_valid:
        raise ValueError(f"GeoJSON {kind} is not a valid geometry ({shapely.is_valid_reason(geom)})")
    return geom


def _resolve_places(names: tuple[str, ...], own: Mapping[str, tuple[str, Point]] | None = None
                    ) -> list[tuple[str, Point]]:
    from geo.geography import gazetteer  # imported late: the gazetteer reads data files on first use

    found = []
    for name in names:
        hit = (own or {}).get(gazetteer.name_key(name)) or gazetteer.resolve_place(name)
        if hit is None:
            raise GeometryResolutionError(
                "place", f"{name!r} is not in the bundle's places.toml nor the gazetteer (data/gazetteer/); "
                         "add it to places.toml with its source")
        found.append((str(hit[0]), hit[1]))
    return found


def _province_index() -> dict[str, tuple[str, str]]:
    from geo.geography import gazetteer

    index: dict[str, tuple[str, str]] = {}
    for row in gazetteer.load_provinces().itertuples(index=False):
        for name in (row.id, row.province, *gazetteer.split_aliases(row.aliases)):
            index.setdefault(gazetteer.name_key(name), (str(row.id), str(row.province)))
    return index


def _resolve_provinces(names: tuple[str, ...]) -> list[tuple[str, BaseGeometry]]:
    from geo.geography import name_key, province_areas

    index = _province_index()
    areas = dict(zip(province_areas()["id"], province_areas().geometry))
    found = []
    for name in names:
        hit = index.get(name_key(name))
        if hit is None or hit[0] not in areas:
            raise GeometryResolutionError("province", f"{name!r} is not an Afghan province in the gazetteer")
        found.append((hit[1], areas[hit[0]]))
    return found


def _resolve_country(name: str) -> BaseGeometry:
    from geo.geography import countries

    frame = countries("web")
    match = frame.loc[frame["name"].str.casefold() == name.casefold(), "geometry"]
    if match.empty:
        raise GeometryResolutionError("country", f"{name!r} is not a country of the basemap")
    return match.iloc[0]


def _points_geometry(kind: str, points: list[Point]) -> BaseGeometry:
    if kind == "route":
        return LineString([(p.x, p.y) for p in points])
    return points[0] if len(points) == 1 else MultiPoint(points)


def resolve_geometry(claim: Claim, places: Mapping[str, tuple[str, Point]] | None = None) -> ResolvedGeometry:
    """Turn the claim's geometry field into WGS84 coordinates and check it fits the kind.

    A list of places becomes a MultiPoint, or for a ``route`` a LineString through them in
    the order given. Provinces resolve to their areas (Natural Earth 1:10m Admin 1), several
    provinces to one dissolved (Multi)Polygon, and countries to their basemap polygon.

    ``places`` (folded name -> ``(id, point)``, see :func:`geo.bundle.places.place_index`)
    holds the bundle's own places, looked up before the shared gazetteer.

    Raises
    ------
    GeometryResolutionError
        When a name is unknown, or the geometry type does not suit the kind (a route must
        be a line; a place or event must be points; an area polygons or admin centres).
    """
    if claim.geojson is not None:
        resolved = ResolvedGeometry(_geojson_to_shape(claim.geojson), "inline GeoJSON")
    elif claim.place is not None:
        hits = _resolve_places(claim.place, places)
        joiner = " → " if claim.kind == "route" else ", "
        resolved = ResolvedGeometry(
            _points_geometry(claim.kind, [p for _, p in hits]),
            "gazetteer: " + joiner.join(claim.place),
            tuple(i for i, _ in hits),
        )
    elif claim.province is not None:
        hits = _resolve_provinces(claim.province)
        if claim.kind == "route":
            raise GeometryResolutionError("province", "a route goes through places, not provinces; use place = [...]")
        # A claim about provinces is about their whole area, whatever its kind ("camps in
        # Ghazni, Laghman ..." locates nothing finer than the provinces).
        return ResolvedGeometry(
            repair_polygon(shapely.union_all([g for _, g in hits])),
            "province areas (Natural Earth 1:10m Admin 1): " + ", ".join(name for name, _ in hits),
            tuple(name for name, _ in hits),
        )
    else:
        resolved = ResolvedGeometry(_resolve_country(claim.country), f"{COUNTRY_GEOMETRY}: {claim.country}")
    _check_kind(claim.kind, resolved.geometry)
    return resolved


def _check_kind(kind: str, geom: BaseGeometry) -> None:
    allowed = {"route": _LINES, "place": _POINTS, "event": _POINTS, "area": (*_POLYGONS, *_POINTS)}[kind]
    if geom.geom_type not in allowed:
        raise GeometryResolutionError("kind", f"a {kind} cannot be drawn as a {geom.geom_type}")
