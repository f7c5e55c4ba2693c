"""Builders for the geography layers named in ``data/layers.toml``.

Each builder takes no arguments and returns a GeoDataFrame in EPSG:4326 whose
columns the renderers understand (see :class:`geo.layers.specs.Layer`). Lengths are measured
on the unsimplified 1:10m geometry; the lines drawn come from the simplified web copy
so they sit exactly on the drawn country edges.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.core import WGS84
from geo.geography import (
    GENERALISATION_NOTE,
    border_segments,
    countries,
    country,
    gazetteer,
    neighbours_of,
    published_lengths,
    wakhan_corridor,
)
from geo.geography import PUBLISHED as WAKHAN_PUBLISHED

AFGHANISTAN = "Afghanistan"
CENTRAL_ASIA = ("Turkmenistan", "Uzbekistan", "Tajikistan", "Kyrgyzstan", "Kazakhstan")
AFGHAN_CENTRAL_ASIAN_NEIGHBOURS = ("Turkmenistan", "Uzbekistan", "Tajikistan")
WAKHAN_NEIGHBOURS = ("Tajikistan", "Pakistan", "China")


@lru_cache(maxsize=1)
def afghanistan_border_table() -> pd.DataFrame:
    """Computed (1:10m, geodesic) and published length of each of Afghanistan's borders."""
    measured = neighbours_of(countries("10m"), AFGHANISTAN)[["neighbour", "length_km"]]
    published = published_lengths().pivot_table(index="neighbour", columns="source", values="length_km")
    table = measured.set_index("neighbour").join(published, how="left")
    return table.sort_values("length_km", ascending=False).reset_index()


def _length_note(computed_km: float, neighbour: str | None = None) -> str:
    """Computed length beside the published ones for a tooltip."""
    note = f"computed {computed_km:,.0f} km (Natural Earth 1:10m, geodesic)"
    if neighbour is not None:
        pub = published_lengths()
        rows = pub[pub.neighbour == neighbour]
        if not rows.empty:
            published = "; ".join(f"{r.source}: {r.length_km:,g} km" for r in rows.itertuples())
            note += f" · published: {published}"
    return note + f" · {GENERALISATION_NOTE}"


def afghanistan_borders() -> gpd.GeoDataFrame:
    """Afghanistan's border with each neighbour, drawn on the web geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 lines; columns ``neighbour``, ``length_km`` (measured on the 1:10m
        geometry), ``title``, ``length_note``, ``geometry``.
    """
    drawn = neighbours_of(countries("web"), AFGHANISTAN)
    measured = dict(afghanistan_border_table()[["neighbour", "length_km"]].itertuples(index=False))
    drawn["length_km"] = drawn.neighbour.map(measured)
    drawn["title"] = "Afghanistan – " + drawn.neighbour
    drawn["length_note"] = [_length_note(km, n) for km, n in zip(drawn.length_km, drawn.neighbour)]
    return drawn


def central_asian_borders() -> gpd.GeoDataFrame:
    """Borders among Afghanistan, the Central Asian states, Russia and China.

    Afghanistan's borders with Turkmenistan, Uzbekistan and Tajikistan are emphasised
    (thicker, darker) because the essay's northern pathway runs across them.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 lines; columns ``a``, ``b``, ``length_km``, ``emphasised``, ``weight``,
        ``color``, ``title``, ``length_note``, ``geometry``.
    """
    names = (AFGHANISTAN, *CENTRAL_ASIA, "Russia", "China")
    web = countries("web")
    web = web[web.name.isin(names)]
    full = countries("10m")
    full = full[full.name.isin(names)]
    drawn = border_segments(web)
    measured = {(r.a, r.b): r.length_km for r in border_segments(full).itertuples()}
    drawn["length_km"] = [measured.get((a, b), km) for a, b, km in zip(drawn.a, drawn.b, drawn.length_km)]
    emphasised = [
        AFGHANISTAN in (a, b) and ({a, b} - {AFGHANISTAN}) <= set(AFGHAN_CENTRAL_ASIAN_NEIGHBOURS)
        for a, b in zip(drawn.a, drawn.b)
    ]
    drawn = drawn[[AFGHANISTAN not in (a, b) or e for a, b, e in zip(drawn.a, drawn.b, emphasised)]].copy()
    drawn["emphasised"] = [AFGHANISTAN in (a, b) for a, b in zip(drawn.a, drawn.b)]
    drawn["weight"] = [4.5 if e else 2.0 for e in drawn.emphasised]
    drawn["color"] = ["#d95f02" if e else "#7a4a00" for e in drawn.emphasised]
    drawn["title"] = drawn.a + " – " + drawn.b
    drawn["legend"] = ["Afghanistan – Turkmenistan, Uzbekistan, Tajikistan" if e else "Other borders in Central Asia"
                       for e in drawn.emphasised]
    drawn["length_note"] = [_length_note(km) for km in drawn.length_km]
    return drawn.reset_index(drop=True)


@lru_cache(maxsize=1)
def corridor():
    """The derived Wakhan Corridor (measured on the 1:10m outline)."""
    return wakhan_corridor(country(AFGHANISTAN, "10m"))


def wakhan_corridor_layer() -> gpd.GeoDataFrame:
    """The corridor polygon with its computed and published dimensions.

    Returns
    -------
    geopandas.GeoDataFrame
        One row, EPSG:4326; columns ``title``, ``length_note``, ``length_km``,
        ``min_width_km``, ``max_width_km`` (kilometres) and ``geometry`` (polygon).
    """
    c = corridor()
    pub = WAKHAN_PUBLISHED
    note = (
        f"computed length {c.length_km:,.0f} km, width {c.min_width_km:,.0f}–{c.max_width_km:,.0f} km "
        f"· published: ~{pub['length_km']:,.0f} km, {pub['min_width_km']:,.0f}–{pub['max_width_km']:,.0f} km "
        f"({pub['source']})"
    )
    return gpd.GeoDataFrame(
        [{"title": "Wakhan Corridor (Badakhshan, Afghanistan)", "name": "Wakhan Corridor", "length_note": note,
          "length_km": c.length_km, "min_width_km": c.min_width_km, "max_width_km": c.max_width_km,
          "geometry": c.polygon.simplify(0.005)}],
        geometry="geometry", crs=WGS84,
    )


def wakhan_borders() -> gpd.GeoDataFrame:
    """The corridor's borders with Tajikistan, Pakistan and China.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 lines; columns ``title``, ``neighbour``, ``length_km``, ``length_note``, ``geometry``.
    """
    strip = corridor().polygon
    full = countries("10m")
    rows = []
    for name in WAKHAN_NEIGHBOURS:
        neighbour = full.loc[full.name == name, "geometry"].iloc[0]
        segs = border_segments(gpd.GeoDataFrame({"name": ["Wakhan", name]}, geometry=[strip, neighbour], crs=WGS84))
        for seg in segs.itertuples():
            rows.append({"title": f"Wakhan – {name}", "neighbour": name, "length_km": seg.length_km,
                         "length_note": _length_note(seg.length_km), "geometry": seg.geometry.simplify(0.002)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def _gazetteer_layer(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    out["title"] = [f"{n} ({c})" for n, c in zip(out.name, out.country)]
    return out


def crossings() -> gpd.GeoDataFrame:
    """Border crossings from the gazetteer.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points; the gazetteer's place columns plus ``title``.
    """
    return _gazetteer_layer(gazetteer.crossings())


#: Gazetteer groups (``data/gazetteer/places.csv``) about the Wakhan, the first essay's subject: their
#: own focus layer, offered only to a bundle that names it, never labelled on another essay's map.
WAKHAN_GROUPS = ("wakhan", "pass")


def places() -> gpd.GeoDataFrame:
    """Capitals and cities of the region from the gazetteer (groups ``capital`` and ``city``).

    Not the crossings, the Wakhan's settlements or a city's districts (group ``district``).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points; the gazetteer's place columns plus ``title``.
    """
    all_places = gazetteer.load_places()
    return _gazetteer_layer(all_places[all_places.group.isin(("capital", "city"))])


def wakhan_places() -> gpd.GeoDataFrame:
    """The Wakhan's settlements and the Wakhjir Pass from the gazetteer (groups :data:`WAKHAN_GROUPS`).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points; the gazetteer's place columns plus ``title``.
    """
    all_places = gazetteer.load_places()
    return _gazetteer_layer(all_places[all_places.group.isin(WAKHAN_GROUPS)])


BUILDERS: dict[str, Callable[[], gpd.GeoDataFrame]] = {
    "afghanistan_borders": afghanistan_borders,
    "central_asian_borders": central_asian_borders,
    "wakhan_corridor": wakhan_corridor_layer,
    "wakhan_borders": wakhan_borders,
    "crossings": crossings,
    "places": places,
    "wakhan_places": wakhan_places,
}
