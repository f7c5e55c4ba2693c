"""The claims of a bundle as map features: one GeoDataFrame row per claim, sources spelled out.

Rows hold plain JSON-able values (sources as dicts, paragraph labels as text) so the
map, the panels and the exports read one frame instead of re-walking the claim models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
from shapely.geometry import box

from geo.bundle.citations import citation_text
from geo.bundle.claims import COUNTRY_GEOMETRY, Actor, Citation, CitationRef, Claim, PassageRef
from geo.bundle.essay import Paragraph
from geo.core import WGS84, view_bounds, view_for_frame
from geo.geography import load_region

#: Columns of :attr:`geo.bundle.model.Bundle.features`, in order.
FEATURE_COLUMNS = (
    "id", "actor", "actor_name", "colour", "kind", "label", "status", "status_label", "confidence",
    "date", "period", "period_label", "essay_date", "time_note", "when", "note",
    "paragraph_ids", "paragraph_labels", "quotes", "quote_text", "sources", "citation_text",
    "geometry_source", "place_ids", "geometry",
)


def source_dicts(sources: Iterable[Any], bundle_paragraphs: Mapping[str, Paragraph],
                 citations: Mapping[str, Citation]) -> list[dict[str, Any]]:
    """Sources as plain JSON-able dicts: passages with ¶ label, citations fully spelled out.

    Every dict carries ``relation`` (``states``, ``context`` or ``contrast``; ``None`` for an
    actor profile's passage that gives none).
    """
    out: list[dict[str, Any]] = []
    for source in sources:
        if isinstance(source, PassageRef):
            paragraph = bundle_paragraphs[source.paragraph]
            out.append({"type": "passage", "paragraph": source.paragraph, "label": paragraph.label,
                        "quote": source.quote, "relation": source.relation})
        elif isinstance(source, CitationRef):
            out.append({"type": "citation", "id": source.citation, "detail": source.detail,
                        "relation": source.relation, **citations[source.citation].model_dump()})
        else:
            out.append({"type": "citation", "id": None, "detail": None, "relation": "states",
                        **source.model_dump()})
    return out


def claim_features(
    claims: list[tuple[Claim, Any]], actors: Mapping[str, Actor],
    paragraphs: Mapping[str, Paragraph], citations: Mapping[str, Citation],
) -> gpd.GeoDataFrame:
    """One row per valid claim with :data:`FEATURE_COLUMNS`, in EPSG:4326: ``Bundle.features``."""
    rows = []
    for claim, resolved in claims:
        actor = actors[claim.actor]
        sources = source_dicts(claim.sources, paragraphs, citations)
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


#: How far (CSS pixels) inside the map's edge a claim must lie for the default view to show it whole:
#: a point marker's radius and its outline, with room to spare.
VIEW_MARGIN_PX = 24


def essay_view(features: gpd.GeoDataFrame, default_center: tuple[float, float], default_zoom: int,
               width_px: int = 900, height_px: int = 560) -> tuple[float, float, int] | None:
    """(lat, lon, zoom) that opens a map on an essay's claims, or ``None`` when the region's default view does.

    Whole countries are left out of the fit when anything else is mapped (a country claim is
    about the country, not where the essay looks). An essay whose claims span the region (the
    fit is no closer than ``default_zoom``) keeps the region's designed default view, unless
    a claim lies outside it or within :data:`VIEW_MARGIN_PX` of its edge (Doha for a region
    centred on Afghanistan): then the view is widened to the fit, so every claim opens in sight.
    Claims beyond the region's extent (Moscow) are left out of the fit: the basemap ends there.

    Parameters
    ----------
    features
        :attr:`geo.bundle.Bundle.features` (EPSG:4326).
    default_center, default_zoom
        The region's default view, (lat, lon) in degrees and Leaflet zoom
        (``geo.geography.DEFAULT_CENTER``, ``DEFAULT_ZOOM``).
    width_px, height_px
        The map's size in CSS pixels.
    """
    if features.empty:
        return None
    local = features[~features["geometry_source"].astype(str).str.startswith(COUNTRY_GEOMETRY)]
    # A claim beyond the map's region (Moscow) lies off the basemap: it is listed, not framed.
    # A claim naming places on both sides (Khorog and Moscow) is framed by its part inside.
    ext = load_region()["extent"]
    region = box(ext["min_lon"], ext["min_lat"], ext["max_lon"], ext["max_lat"])
    clipped = local.geometry.intersection(region)
    local = gpd.GeoDataFrame(local.drop(columns="geometry"), geometry=clipped, crs=features.crs)
    local = local[~local.geometry.is_empty]
    frame = local if len(local) else features
    view = view_for_frame(frame, width_px=width_px, height_px=height_px, max_zoom=8)
    if view[2] > default_zoom:
        return view
    west, south, east, north = view_bounds(default_center, default_zoom, width_px - 2 * VIEW_MARGIN_PX,
                                           height_px - 2 * VIEW_MARGIN_PX)
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in frame.total_bounds)
    inside = west <= min_lon and max_lon <= east and south <= min_lat and max_lat <= north
    return None if inside or len(local) == 0 else view
