"""Rendering of the Sources & method page: every citation and what uses it, the essay
citation, data provenance, what each status means, methods, and what the map does not claim.

Everything shown here is read from the bundle, the provenance files and the modules'
own docstrings, so the page cannot drift from what the code and data actually do.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from geo.bundle import STATUS_LABELS, Bundle, MapFocus, downgrades
from geo.core import DataFileError, geometry
from geo.geography import (
    GAZETTEER_DIR,
    GENERALISATION_NOTE,
    borders,
    load_places,
    provenance,
    published_lengths,
    wakhan,
)
from geo.layers import Layer, layer_specs, statuses
from ui.text import citation_markdown, md_escape, url_markdown

GAZETTEER_PROVENANCE = GAZETTEER_DIR / "PROVENANCE.json"
REBUILD_GAZETTEER = "python -m geo build-gazetteer"


# --------------------------------------------------------------------------- citations


def citation_key(source: Mapping[str, Any]) -> str:
    """How a citation is recognised across claims: its id, else title + publisher (inline)."""
    return source.get("id") or f"{source.get('title')}|{source.get('publisher')}"


def citation_uses(bundle: Bundle) -> dict[str, list[str]]:
    """Citation key -> what rests on it: claim labels, then actor profiles and footnotes."""
    uses: dict[str, list[str]] = {}
    for row in bundle.features.itertuples(index=False):
        for source in row.sources:
            if source["type"] == "citation":
                uses.setdefault(citation_key(source), []).append(f"claim: {row.label}")
    for actor in bundle.actors.values():
        for source in actor.sources:
            cid = getattr(source, "citation", None)
            if cid:
                uses.setdefault(cid, []).append(f"actor profile: {actor.name}")
    for footnote in bundle.footnotes:
        if footnote.citation:
            uses.setdefault(footnote.citation, []).append(f"essay footnote {footnote.marker}")
    return {key: list(dict.fromkeys(items)) for key, items in uses.items()}


def all_citations(bundle: Bundle) -> list[dict[str, Any]]:
    """Every external citation: ``citations.toml`` entries, then inline ones found in claims."""
    out = [{"id": cid, "detail": None, **c.model_dump()} for cid, c in bundle.citations.items()]
    seen = {citation_key(c) for c in out}
    for sources in bundle.features["sources"]:
        for source in sources:
            if source["type"] == "citation" and citation_key(source) not in seen:
                seen.add(citation_key(source))
                out.append({**source, "detail": None})
    return out


def render_citations(bundle: Bundle) -> None:
    """Each citation with its note and the claims, actors and footnotes that use it."""
    uses = citation_uses(bundle)
    citations = all_citations(bundle)
    if not citations:
        st.info("This bundle cites no external sources.")
    for source in citations:
        text = f"**{md_escape(source['title'])}**  \n{citation_markdown(source, include_title=False)}"
        if source.get("note"):
            text += f"  \n*{md_escape(source['note'])}*"
        used = uses.get(citation_key(source), [])
        listed = "; ".join(md_escape(u) for u in used) if used else "nothing in this bundle"
        text += f"  \nUsed by: {listed}"
        st.markdown(text)


def render_essay_citation(bundle: Bundle) -> None:
    """How to cite the essay, and where this copy of its text came from."""
    meta = bundle.meta
    lines = [f"- **Cite as:** {md_escape(meta.attribution)}",
             f"- **Author / publisher / year:** {md_escape(meta.author)}, {md_escape(meta.publisher)}, "
             f"{md_escape(meta.year)}",
             f"- **This text:** {md_escape(meta.source_note)}",
             f"- **Licence:** {md_escape(meta.licence_note)}"]
    if meta.url:
        lines.append(f"- **Original:** {url_markdown(meta.url)}")
    st.markdown("\n".join(lines))


# --------------------------------------------------------------------------- provenance


def gazetteer_provenance() -> dict[str, Any]:
    """``data/gazetteer/PROVENANCE.json``, or :class:`DataFileError` naming the rebuild command."""
    if not GAZETTEER_PROVENANCE.is_file():
        raise DataFileError(GAZETTEER_PROVENANCE, "is missing", REBUILD_GAZETTEER)
    try:
        return json.loads(GAZETTEER_PROVENANCE.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(GAZETTEER_PROVENANCE, "is not valid JSON", REBUILD_GAZETTEER) from exc


def _guarded(loader: Callable[[], Any]) -> Any | None:
    """Run a provenance loader; a damaged file shows its one-line message instead of the section."""
    try:
        return loader()
    except DataFileError as exc:
        st.warning(str(exc), icon=":material/warning:")
        return None


def _bullets(pairs: list[tuple[str, Any]]) -> str:
    kept = [(label, value) for label, value in pairs if value not in (None, "")]
    return "\n".join(f"- **{label}:** {md_escape(value)}" for label, value in kept)


def render_provenance(focus: MapFocus | None = None, bundle_layers: Sequence[Layer] = ()) -> None:
    """Natural Earth basemap, gazetteer, published border lengths and the source of each layer this bundle's map offers.

    Focus layers (``data/layers.toml`` ``focus = true``) are listed only when the bundle's
    ``[map] layers`` name them; ``bundle_layers`` (the essay's own places, actors and risk
    layers) follow the shared ones.
    """
    named = set(focus.layers) if focus is not None else set()
    st.markdown("#### Country outlines (Natural Earth)")
    basemap = _guarded(provenance)
    if basemap:
        simplification = basemap.get("web_simplification", {})
        st.markdown(_bullets([
            ("Source and version", basemap.get("source")),
            ("Licence", basemap.get("licence")),
            ("SHA-256 of the source file", basemap.get("source_sha256")),
            ("Repair", basemap.get("repair")),
            ("Display simplification", simplification.get("method")),
            ("Simplification tolerance", f"{simplification['tolerance_m']} m"
             if "tolerance_m" in simplification else None),
            ("Built", f"{basemap.get('built', '')} by {basemap.get('built_by', '')}"),
        ]))
    st.markdown("#### Places and provinces (gazetteer)")
    gazetteer = _guarded(gazetteer_provenance)
    if gazetteer:
        names = _guarded(_place_names) or {}
        approx = [names.get(pid, pid) for pid in gazetteer.get("approximated_places", [])]
        st.markdown(_bullets([
            ("Source", gazetteer.get("source")),
            ("Licence", gazetteer.get("licence")),
            ("Fallback", gazetteer.get("fallback")),
            ("Approximate places (not from GeoNames)", ", ".join(approx) if approx else "none"),
            ("Note on approximations", gazetteer.get("approx_points_note")),
            ("Provinces", gazetteer.get("provinces")),
            ("Built", f"{gazetteer.get('built', '')} by {gazetteer.get('built_by', '')}"),
        ]))
    st.markdown("#### Published border lengths")
    lengths = _guarded(published_lengths)
    if lengths is not None:
        st.caption(md_escape(f"Shown beside the computed lengths: {GENERALISATION_NOTE}."))
        st.dataframe(lengths.rename(columns={"neighbour": "Neighbour", "source": "Source", "length_km": "Length (km)",
                                             "citation": "Citation"}), hide_index=True, width="stretch")
    st.markdown("#### Map layers and their sources")
    specs = _guarded(layer_specs)
    if specs:
        shown = [*(s for s in specs if not s.focus or s.id in named), *(layer.spec for layer in bundle_layers)]
        table = pd.DataFrame([{"layer": s.title, "group": s.group, "source": s.source, "description": s.description}
                              for s in shown])
        st.dataframe(table, hide_index=True, width="stretch")


def _place_names() -> dict[str, str]:
    """The gazetteer's place ids with the names readers know them by (Sherpur (Kabul), not ``sherpur``)."""
    places = load_places()
    return dict(zip(places["id"], places["name"]))


# --------------------------------------------------------------------------- statuses and methods


def render_statuses() -> None:
    """Each status's label, meaning and how it looks on the map."""
    styles = _guarded(statuses)
    for style in (styles or {}).values():
        look = "solid" if not style.dash else f"dashed ({style.dash})"
        fill = "outline only" if style.fill_opacity_factor == 0 else f"fill × {style.fill_opacity_factor:g}"
        st.markdown(f"- **{md_escape(style.label)}** — {md_escape(style.meaning)} "
                    f"*Symbol: {md_escape(look)}, {md_escape(fill)}.*")


def docstring_markdown(obj: object) -> str:
    """A module or function docstring as escaped markdown, keeping paragraphs and numbered steps."""
    doc = inspect.getdoc(obj) or ""
    blocks = []
    for block in re.split(r"\n\s*\n", doc):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        items: list[str] = []
        for line in lines:
            if re.match(r"^\d+\.\s", line) or not items:
                items.append(line)
            else:
                items[-1] += " " + line
        # Parameter names in parentheses (``snap_m``) are for readers of the code, not of the page.
        items = [re.sub(r"\s*\(``\w+``(?:, settings below|, metres)?\)", "", item) for item in items]
        blocks.append("  \n".join(md_escape(item.replace("``", "").replace("*", "")) for item in items))
    return "\n\n".join(blocks)


def render_methods(focus: MapFocus | None = None) -> None:
    """How borders and lengths are computed, from the code's own docstrings.

    The Wakhan Corridor's derivation is added only for a bundle that names the corridor
    (``[map] corridors`` or ``[map] layers``).
    """
    st.markdown("#### Shared borders")
    st.markdown(docstring_markdown(borders))
    st.markdown(md_escape(f"Snap distance: {borders.DEFAULT_SNAP_M:g} m."))
    st.markdown("#### Lengths and distances")
    st.markdown(docstring_markdown(geometry.geodesic_length_km) + "  \n"
                + md_escape("Lengths are geodesic (pyproj Geod on the WGS84 ellipsoid), never in degrees."))
    if focus is None or not ("wakhan" in focus.corridors or any(i.startswith("wakhan") for i in focus.layers)):
        return
    st.markdown("#### The Wakhan Corridor")
    st.markdown(docstring_markdown(wakhan))
    parameters = inspect.signature(wakhan.wakhan_corridor).parameters
    defaults = {name: p.default for name, p in parameters.items() if isinstance(p.default, (int, float))}
    st.markdown(md_escape("Settings used: " + ", ".join(f"{_setting(name)} {value / 1000:g} km"
                                                       for name, value in defaults.items()) + "."))


def _setting(parameter: str) -> str:
    """A parameter in metres as words: ``snap_m`` -> "snap"."""
    return parameter.removesuffix("_m").replace("_", " ")


# --------------------------------------------------------------------------- limits


def _labels(frame: pd.DataFrame) -> str:
    return "; ".join(md_escape(label) for label in frame["label"]) or "none in this bundle"


def limits_markdown(bundle: Bundle) -> str:
    """The "what this map does not claim" list, naming the claims of this bundle each point covers."""
    features = bundle.features
    at_a_point = {p.id for p in bundle.places.values() if p.stands_for_an_area}
    provinces = features[pd.Series([bool(at_a_point.intersection(ids)) for ids in features["place_ids"]],
                                   index=features.index, dtype=bool)]
    argument = features[features["status"] == "essay_argument"]
    reported = features[features["status"].isin(["reported", "alleged"])]
    lower = features[features["confidence"] == "lower"]
    items = [
        "**A province, region or country drawn at one point is drawn at its centre (or capital), not at a "
        "precise location.** The marker stands for somewhere in that area; Afghan provinces are otherwise "
        "drawn as their whole area. Claims drawn this way: "
        + _labels(provinces) + ".",
        "**Claims marked “essay's argument” rest on the essay alone: its scenarios, its reasoning, and "
        "what it states without citing a source; none is verified here.** A route or area so marked shows "
        "where the essay argues things could go, not an observed movement. Claims: "
        + _labels(argument) + ".",
        "**Reported and alleged presence is not independently verified here.** Findings of cited "
        "reports (official reports, news) are shown as reported; statements by parties to the conflict as "
        "alleged. Claims: " + _labels(reported) + ".",
        "**Lower-confidence records are flagged** (`confidence = \"lower\"`) and drawn with a thin, small "
        "symbol: their location or link rests on the project's reference notes without a specific cited "
        "report; their panels say so. Claims: " + _labels(lower) + ".",
        "**Uncited context is not evidence.** Claims with this status are background the map needs for "
        "orientation that no cited document states; they are drawn dash-dot and nearly empty. Claims: "
        + _labels(features[features["status"] == "uncited_context"]) + ".",
        "**The map is not a forecast.** It shows who is where according to whom, and the essay's "
        "reasoning; it does not estimate the likelihood of any event.",
        "**Borders are as drawn by Natural Earth** and do not imply endorsement of any boundary claim; "
        "generalised lines run shorter than the published lengths shown beside them.",
    ]
    return "\n".join(f"- {item}" for item in items)


def downgrades_markdown(bundle: Bundle) -> str:
    """The claims whose sources could not earn their former status, each with why, as markdown."""
    items = [f"- **{md_escape(d.label)}** — {md_escape(STATUS_LABELS.get(d.former, d.former))} → "
             f"{md_escape(STATUS_LABELS.get(d.status, d.status))}: {md_escape(d.reason)}"
             for d in downgrades(bundle)]
    if not items:
        return "No claim in this bundle has been downgraded."
    return "\n".join(items)


def render_problems(bundle: Bundle) -> None:
    """The bundle's problems as a table (inert cells), or a line saying there are none."""
    if not bundle.problems:
        st.success("The essay bundle loaded without problems.")
        return
    table = pd.DataFrame([{"file": p.file, "record": p.record_id, "field": p.field, "problem": p.message}
                          for p in bundle.problems])
    st.dataframe(table, hide_index=True, width="stretch")
