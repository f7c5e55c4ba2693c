"""Write reviewed draft tables as an essay bundle (format: ``data/essays/README.md``).

The bundle carries its own places (``places.toml``, with the source of every point), so
it opens on any server without editing the app's shared gazetteer. Claims not yet
confirmed by a person are listed under ``[draft] unreviewed`` in ``bundle.toml``. A route
(``kind = "route"``, from the claims table or :func:`geo.drafting.draft_route`) is written as
the bundle's one format for a line: ``place = [...]`` in travel order, its note saying the
line is schematic.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import tomli_w
from shapely.geometry import Point

from geo.bundle import AREA_NOTE, STATUS_LABELS, UNKNOWN_AUTHOR, UNKNOWN_PUBLISHER, paragraph_label
from geo.bundle.places import outside_region
from geo.core import iso_span
from geo.drafting.draft import cell_items
from geo.drafting.ingest import EssayText
from geo.drafting.routes import route_note
from geo.geography import countries, name_key, province_areas

BUNDLE_FILES = ("bundle.toml", "paragraphs.json", "citations.toml", "actors.toml", "claims.toml", "places.toml")


def _toml(header: str, data: Mapping) -> str:
    return f"# {header} Format: data/essays/README.md\n" + tomli_w.dumps(data, multiline_strings=False)


def latest_year_in(essay: EssayText) -> int | None:
    """The latest plausible year (1900 to this year) the essay's text names, or ``None``.

    An essay is written no earlier than the last year it mentions, so this is a better guess
    for an undated essay than today's year; the reviewer sees it and can correct it.
    """
    this_year = dt.date.today().year
    years = [int(y) for p in essay.paragraphs for y in re.findall(r"\b(19\d\d|20\d\d)\b", p.text)]
    years = [y for y in years if y <= this_year]
    return max(years) if years else None


def essay_meta(essay: EssayText, edits: Mapping[str, object] | None = None) -> dict:
    """The ``[essay]`` table: what was found in the essay, then any edits, with placeholders for the rest."""
    edits = {k: v for k, v in (edits or {}).items() if v not in (None, "")}
    title = str(edits.get("title") or essay.title or "Untitled essay")
    author = str(edits.get("author") or essay.author or UNKNOWN_AUTHOR)
    publisher = str(edits.get("publisher") or essay.publisher or UNKNOWN_PUBLISHER)
    date = str(edits.get("date") or essay.date or "")
    year = int(edits.get("year") or (date[:4] if re.match(r"^\d{4}", date) else 0) or essay.year
               or latest_year_in(essay) or dt.date.today().year)
    meta = {"title": title, "author": author, "publisher": publisher, "year": year}
    if date:
        meta["date"] = date
    else:
        meta["date_note"] = "No publication date was found in the text; the year is a placeholder to check."
    meta["language"] = "en"
    if edits.get("url") or essay.url:
        meta["url"] = str(edits.get("url") or essay.url)
    meta["source_note"] = str(edits.get("source_note") or essay.source_note or "Text pasted into the authoring page.")
    meta["licence_note"] = str(edits.get("licence_note") or "Rights remain with the author and publisher; "
                               "quoted verbatim for analysis, with attribution.")
    meta["attribution"] = str(edits.get("attribution") or f"{author}, “{title}”, {publisher}, {year}.")
    return meta


def afghan_province(place: Mapping) -> str | None:
    """The admin-1 name of a drafted place that is an Afghan province (``None`` otherwise).

    Matches the place's name against the bundled province areas (Natural Earth 1:10m Admin 1:
    display, Natural Earth and GeoNames names), so a claim can name the province's area.
    """
    if place.get("kind") != "province" or place.get("country") != "Afghanistan":
        return None
    return _province_names().get(name_key(str(place.get("name", ""))))


def _province_names() -> dict[str, str]:
    areas = province_areas()
    names: dict[str, str] = {}
    for row in areas.itertuples(index=False):
        for alias in (row.province, row.ne_name, row.gn_name):
            if isinstance(alias, str) and alias:
                names.setdefault(name_key(alias), row.province)
    return names


#: Columns of the citations table the authoring page edits (``citations.toml``, data/essays/README.md).
CITATION_COLUMNS = ("id", "title", "publisher", "source_type", "date", "url")


def citation_records(rows: Sequence[Mapping]) -> dict[str, dict]:
    """``citations.toml`` entries from the authoring page's citations table, empty cells left out.

    A row without an id is skipped; everything else is written as typed, so the validator (not
    this function) says what is wrong with it, in the bundle's own words.
    """
    out: dict[str, dict] = {}
    for row in rows:
        cid = row.get("id").strip() if isinstance(row.get("id"), str) else ""
        if not cid:
            continue
        out[cid] = {k: row[k].strip() for k in CITATION_COLUMNS[1:]
                    if isinstance(row.get(k), str) and row[k].strip()}  # an empty cell is None or NaN
    return out


def _claim_record(row: Mapping, places: Mapping[str, Mapping], basemap: set[str], essay_date: str | None = None) -> dict:
    ids = cell_items(row["places"])
    record: dict = {"id": row["id"], "actor": row["actor"], "kind": row["kind"], "label": row["label"],
                    "status": row["status"]}
    rows = [places[i] for i in ids if i in places]
    provinces = [afghan_province(r) for r in rows]
    if len(rows) == 1 and rows[0]["kind"] == "country" and rows[0]["name"] in basemap:
        record["country"] = rows[0]["name"]
        record["kind"] = "area"
    elif rows and len(rows) == len(ids) and record["kind"] != "route" and all(provinces):
        # An Afghan province is drawn as its area (admin-1), as the shipped bundle's claims are,
        # never as a point at its capital.
        record["province"] = list(dict.fromkeys(provinces))
        record["kind"] = "area"
    else:
        record["place"] = ids
        if record["kind"] == "route" and len(ids) < 2:
            record["kind"] = "place"
        elif record["kind"] == "area" and any(r["kind"] not in ("province", "region", "country") for r in rows):
            record["kind"] = "place"  # towns with a province at its centre: drawn as points, so called places
    # A claim's date comes from a dated source that states it. The essay is one when its own date
    # is known (a byline, metadata, or the reviewer's) and not earlier than the claim's: then the
    # date its sentence gives (an ISO year, month or day in the date column) is the claim's date,
    # and the map's time window and the Actors timeline follow it. Otherwise it stays words.
    when = str(row.get("date") or "").strip()
    span, essay_span = iso_span(when), iso_span(essay_date)
    if span and essay_span and essay_span[1] >= span[0]:
        record["date"] = when
    else:
        record["period_label"] = f"{when}, as the essay states" if when else "as stated in the essay"
    if row["status"] == "alleged" and str(row.get("alleged_by") or "").strip():
        record["alleged_by"] = str(row["alleged_by"]).strip()
    record["sources"] = [{"paragraph": row["paragraph"], "quote": row["quote"], "relation": "states"}]
    citation = row.get("citation")
    citation = citation.strip() if isinstance(citation, str) else ""  # an empty table cell is None or NaN
    if citation:  # the document the reviewer says states the claim (citations.toml)
        record["sources"].append({"citation": citation, "relation": "states"})
    reviewed = "reviewed" if row.get("reviewed") else "unreviewed draft"
    if not row.get("reviewed"):  # drawn grey and named so until a person ticks it reviewed
        record["confidence"] = "unreviewed"
    suggested = str(row.get("suggested") or row["status"])  # what the drafter proposed, not the reviewer's choice
    # Read by analysts in the claim panel: the paragraph as readers cite it (¶3), statuses in words.
    record["note"] = (f"Drafted from {paragraph_label(str(row['paragraph']))} ({reviewed}); the drafter suggested "
                      f"“{STATUS_LABELS.get(suggested, suggested)}”"
                      f"{' from “' + row['hedge'] + '”' if row.get('hedge') else ''}"
                      + (f"; set to “{STATUS_LABELS.get(row['status'], row['status'])}” by the reviewer."
                         if suggested != row["status"] else "."))
    if record["kind"] == "route":
        record["note"] = f"{route_note(row, places)} {record['note']}"
    return record


def bundle_files(essay: EssayText, tables: Mapping[str, Sequence[Mapping]],
                 meta: Mapping[str, object] | None = None) -> dict[str, str]:
    """The bundle's files as text, from reviewed tables.

    Parameters
    ----------
    essay
        The essay (paragraphs and footnotes are written verbatim).
    tables
        ``places``, ``claims``, ``actors`` rows as made by :func:`geo.drafting.review_tables`
        and edited; claims whose ``include`` is false are left out.
    meta
        Edits to the essay metadata (``title``, ``author``, ``publisher``, ``year``, ``date``, …).

    Returns
    -------
    dict
        File name -> text, for :func:`write_bundle` or :func:`zip_bundle`.
    """
    basemap = set(countries("web")["name"])
    places = {str(p["id"]): p for p in tables.get("places", [])}
    claims = [c for c in tables.get("claims", []) if c.get("include", True)]
    essay_table = essay_meta(essay, meta)
    records = [_claim_record(c, places, basemap, essay_table.get("date")) for c in claims]
    # Places the written claims name as points (a province drawn as its area needs none), and every
    # place of the essay the shared data lacks (a town, a region, one located by hand) unless the
    # drafter asked to check it: the Essay page highlights them, Find a place finds them.
    used_places = {pid for r in records for pid in r.get("place", [])}
    used_places |= {pid for pid, row in places.items()
                    if row.get("kind") in OWN_KINDS and not str(row.get("check") or "").strip() and _on_the_map(row)}
    used_actors = {c["actor"] for c in claims}
    bundle = {"format_version": 1, "essay": essay_table,
              "draft": {"generated_by": "geo.drafting (python -m geo draft-bundle / authoring page)",
                        "unreviewed": [c["id"] for c in claims if not c.get("reviewed")]}}
    paragraphs = {
        "paragraphs": [{"id": p.id, "text": p.text, **({"footnotes": list(p.footnotes)} if p.footnotes else {})}
                       for p in essay.paragraphs],
        "footnotes": [{"id": f.id, "marker": f.marker, "text": f.text} for f in essay.footnotes],
        "sections": [],
    }
    actors = [{"id": a["id"], "name": a["name"], **({"role": a["role"]} if a.get("role") else {}),
               "aliases": cell_items(a.get("aliases")),
               "colour": a["colour"], "description": a.get("description") or a["name"]}
              for a in tables.get("actors", []) if a["id"] in used_actors]
    place_records = []
    for pid in sorted(used_places):
        row = places.get(pid)
        if row is None or (row["kind"] == "country" and row["name"] in basemap):
            continue
        record = {"id": pid, "name": row["name"], "lat": round(float(row["lat"]), 5), "lon": round(float(row["lon"]), 5),
                  "source": row["source"]}
        aliases = _spellings(row)
        if aliases:
            record["aliases"] = aliases  # the essay's spellings, so the Essay page highlights them
        if row.get("country"):
            record["country"] = row["country"]
        if row["kind"] == "country":
            record["note"] = (f"{row['name']} is drawn at its capital, as the basemap does not hold it; "
                              f"{AREA_NOTE} country.")
        elif row["kind"] in ("province", "region"):
            record["note"] = f"A {row['kind']}, drawn at its centre; {AREA_NOTE} {row['kind']}."
        place_records.append(record)
    written = {r["id"] for r in place_records}
    targets = {pid: _shared_target(pid, row) for pid, row in places.items() if pid not in written}
    mentions = {used: targets[pid] for pid, target in targets.items() if target for used in _spellings(places[pid])}
    if mentions:  # the essay's own spellings of shared places ("Kulob" for Kŭlob), for the Essay page
        bundle["mentions"] = mentions
    return {
        "bundle.toml": _toml("Essay bundle drafted by geo.drafting; review before publishing.", bundle),
        "paragraphs.json": json.dumps(paragraphs, ensure_ascii=False, indent=2) + "\n",
        "citations.toml": _toml("External sources by id, as entered on the authoring page.",
                                citation_records(tables.get("citations", []))),
        "actors.toml": _toml("Actors found by the drafter's alias registry.", {"actor": actors}),
        "claims.toml": _toml("Draft claims: one per sentence tying an actor to a place.",
                             {"claim": records}),
        "places.toml": _toml("This bundle's own places (each with its source).", {"place": place_records}),
    }


#: Kinds of drafted place the shared data does not hold (``geo.drafting.Candidate.kind``).
OWN_KINDS = ("town", "region", "manual")


def row_point(row: Mapping) -> Point | None:
    """A table row's ``lat``/``lon`` as a point (x = lon), or ``None`` if not placed yet or not a position."""
    try:
        lat, lon = float(row.get("lat")), float(row.get("lon"))
    except (TypeError, ValueError):
        return None
    if lat != lat or lon != lon or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None  # not placed yet, or not a position (place_flags says so)
    return Point(lon, lat)


def _on_the_map(row: Mapping) -> bool:
    point = row_point(row)
    return point is not None and outside_region(point.x, point.y) is None


def _spellings(row: Mapping) -> list[str]:
    """The names the essay used for a place row other than its own name ("Kulob" for "Kŭlob")."""
    used = cell_items(row.get("names_used"))
    # Compared as written (case aside): the Essay page matches names so, and "Kŭlob" is not "Kulob" there.
    return [u for u in dict.fromkeys(used) if u.casefold() != str(row.get("name", "")).casefold()]


def _shared_target(pid: str, row: Mapping) -> str:
    """A ``[mentions]`` target for a place row the shared data holds; ``""`` for the bundle's own places."""
    return {"place": f"place:{pid}", "province": f"province:{pid}",
            "country": f"country:{row.get('name')}"}.get(str(row.get("kind")), "")


def write_bundle(files: Mapping[str, str], folder: Path | str) -> Path:
    """Write the files of :func:`bundle_files` into ``folder`` (created); return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def zip_bundle(files: Mapping[str, str], folder_name: str) -> bytes:
    """The files of :func:`bundle_files` as a zip of one folder, as the bundle uploader expects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"{folder_name}/{name}", text)
    return buffer.getvalue()


def place_flags(rows: Sequence[Mapping]) -> list[str]:
    """Sentences about place rows to check: coordinates outside the region or lat/lon swapped, or a ``check`` note.

    Parameters
    ----------
    rows
        Place rows with ``name``, ``lat``, ``lon`` (and ``kind``; countries are not checked,
        since a country may lie beyond the region), and optionally ``check``: what the drafter
        asks the reviewer to check (a name matched only outside the region of focus).

    Returns
    -------
    list of str
    """
    flags = []
    for row in rows:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            flags.append(f"{row.get('name')}: lat/lon are not numbers.")
            continue
        if lat != lat or lon != lon:  # NaN: not placed yet
            continue
        if row.get("check"):
            flags.append(f"{row['name']}: {row['check']}.")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            flags.append(f"{row['name']}: ({lat}, {lon}) is not a position on Earth.")
        elif row.get("kind") != "country" and (problem := outside_region(lon, lat, row.get("source"))):
            flags.append(f"{row['name']}: {problem}.")
    return flags
