"""The mapped side of a bundle: ``citations.toml``, ``actors.toml`` and ``claims.toml``.

Actors and claims are validated against the essay (a quoted passage must be in its
paragraph, a citation must exist), so they are loaded after the essay with a
:func:`geo.bundle.claims.validation_context`; each claim's geometry is resolved here so a
claim that cannot be placed on the map is reported rather than drawn wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geo.bundle.claims import Actor, Citation, Claim, GeometryResolutionError, resolve_geometry
from geo.bundle.files import (
    ACTORS_TOML,
    CITATIONS_TOML,
    CLAIMS_TOML,
    FILE_LEVEL,
    ProblemCollector,
    read_toml,
    records,
    unique_id,
)
from geo.core import DataFileError


def load_citations(folder: Path, report: ProblemCollector) -> dict[str, Citation]:
    """``citations.toml``: each valid ``[table]`` by its id."""
    path = folder / CITATIONS_TOML
    data = read_toml(path, report)
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


def load_actors(folder: Path, context: dict[str, Any], report: ProblemCollector) -> dict[str, Actor]:
    """``actors.toml``: valid actors by id, in file order; a colour used twice is reported."""
    path = folder / ACTORS_TOML
    actors: dict[str, Actor] = {}
    colours: dict[str, str] = {}
    for rid, raw in records(read_toml(path, report), "actor", path, report):
        try:
            actor = Actor.model_validate(raw, context=context)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if not unique_id(actor.id, set(actors), path, report):
            continue
        if actor.colour in colours:
            report.add(path, actor.id, "colour",
                       f"{actor.colour} is already used by {colours[actor.colour]!r}")
        colours.setdefault(actor.colour, actor.id)
        actors[actor.id] = actor
    return actors


def load_claims(
    folder: Path, context: dict[str, Any], report: ProblemCollector, places: Mapping[str, Any] | None = None
) -> list[tuple[Claim, Any]]:
    """``claims.toml``: each valid claim with its resolved geometry, in file order.

    ``places`` is the bundle's own place index (``places.toml``), searched before the gazetteer.
    """
    path = folder / CLAIMS_TOML
    seen: set[str] = set()
    claims = []
    data = read_toml(path, report)
    if data is not None and isinstance(data.get("claim", []), list) and not data.get("claim"):
        report.add(path, FILE_LEVEL, "claim", "holds no [[claim]] record, so the map shows nothing of this essay; "
                   "add the claims it makes (format: data/essays/README.md)")
    for rid, raw in records(data, "claim", path, report):
        try:
            claim = Claim.model_validate(raw, context=context)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if not unique_id(claim.id, seen, path, report):
            continue
        try:
            resolved = resolve_geometry(claim, places)
        except GeometryResolutionError as exc:
            report.add(path, claim.id, exc.field, str(exc))
            continue
        except DataFileError as exc:
            report.add(path, claim.id, "geometry", f"cannot be resolved: {exc}")
            continue
        if claim.geojson is not None:
            problem = _swapped_or_outside(resolved.geometry)
            if problem:
                report.add(path, claim.id, "geojson", problem)
        claims.append((claim, resolved))
    return claims


def _swapped_or_outside(geometry: Any) -> str | None:
    # Inline GeoJSON is [lon, lat]; a point written [lat, lon] is valid but lands far away.
    import shapely

    from geo.bundle.places import outside_region

    for lon, lat in shapely.get_coordinates(geometry):
        problem = outside_region(float(lon), float(lat))
        if problem:
            return problem + " (GeoJSON is [lon, lat])"
    return None
