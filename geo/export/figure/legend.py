"""The report figure's legend: measured rows stacked into columns, swatches drawn like the map.

Rows are built from :func:`geo.layers.legend_entries` and :func:`geo.layers.status_entries`,
the entries the live map's legend shows: a swatch per visible layer (a mixed layer's swatch
shows the area, line and point it draws), a graduated layer's classes with their breaks and
unit, then the claim statuses. Swatches use the same style conversion as the map
(:mod:`geo.export.figure.style`), so each one looks like the feature it explains.

Every row is measured before anything is placed (:func:`legend_rows`), so the layout can give
the legend exactly the columns it needs (:mod:`geo.export.figure.layout`).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo.export.figure.layout import FREE, MUST, PREFER, Measure, draw_lines, line_height
from geo.export.figure.style import FONT_SIZES, PX, TEXT_COLOR, mpl_linestyle, mpl_rgba
from geo.layers import LegendEntry

GID = "legend"
SWATCH_W = 0.3  # inches
TEXT_X = 0.4  # label starts this far right of the column's left edge
ROW_GAP = 0.045
SMALL = FONT_SIZES["legend"] - 1.0


@dataclass(frozen=True)
class LegendRow:
    """One measured legend block: ``kind`` is heading, entry, ramp_note or ramp_class."""

    kind: str
    lines: tuple[str, ...]
    height: float
    entry: LegendEntry | None = None
    color: str = ""


def legend_rows(measure: Measure, layer_rows: list[LegendEntry], status_rows: list[LegendEntry],
                column_w: float) -> list[LegendRow]:
    """Every legend block with its wrapped text and height (inches), top to bottom."""
    text_w = column_w - TEXT_X
    size = FONT_SIZES["legend"]
    rows: list[LegendRow] = []

    def heading(text: str) -> None:
        lines = tuple(measure.wrap(text, column_w, size + 1, "bold"))
        rows.append(LegendRow("heading", lines, len(lines) * line_height(size + 1) + 0.06))

    for title, entries in (("Legend", layer_rows), ("Status of claim", status_rows)):
        if not entries:
            continue
        heading(title)
        for entry in entries:
            label = entry.label + (f" ({entry.note})" if entry.note else "")
            lines = tuple(measure.wrap(label, text_w, size))
            rows.append(LegendRow("entry", lines, max(len(lines) * line_height(size), 0.16) + ROW_GAP, entry))
            if entry.ramp is not None:
                ramp = entry.ramp
                note = ramp.heading() + (f"; {ramp.method}" if ramp.method else "")
                note_lines = tuple(measure.wrap(note, text_w, SMALL))
                rows.append(LegendRow("ramp_note", note_lines, len(note_lines) * line_height(SMALL) + 0.02, entry))
                for cls, text in zip(ramp.classes, ramp.labels()):
                    rows.append(LegendRow("ramp_class", (text,), line_height(size) + 0.02, entry, cls.color))
        rows.append(LegendRow("gap", (), 0.1))
    while rows and rows[-1].kind == "gap":
        rows.pop()
    return rows


#: A legend section (a heading and its entries) this short is kept in one column when a column can hold it.
WHOLE_SECTION_ENTRIES = 6


def keep_with_next(rows: list[LegendRow]) -> list[int]:
    """Per row, how strongly a column break may not follow it: ``MUST``, ``PREFER`` or ``FREE``.

    The levels are those of :func:`geo.export.figure.layout.stack_columns`.

    - Must: a heading stays with its first entry, a graduated layer's entry, note and classes stay
      together, and the space between two sections stays at the foot of the first.
    - Preferred, the typesetter's rules for a legend in columns: a section of up to
      :data:`WHOLE_SECTION_ENTRIES` entries (the statuses, a few layers) stays whole; a longer one
      leaves at least two entries on each side of a break (its heading with its first two
      entries, its last two together).
    """
    keep = [MUST if row.kind == "heading" or (after is not None and after.kind in ("ramp_note", "ramp_class", "gap"))
            else FREE for row, after in zip(rows, [*rows[1:], None])]
    starts = [i for i, row in enumerate(rows) if row.kind == "heading"] or [0]
    for start, end in zip(starts, [*starts[1:], len(rows)]):
        entries = [i for i in range(start, end) if rows[i].kind == "entry"]  # an entry's ramp rows are part of it
        if not entries:
            continue
        last = max(i for i in range(start, end) if rows[i].kind != "gap")
        spans = [range(start, last)] if len(entries) <= WHOLE_SECTION_ENTRIES else [
            range(start, entries[1]), range(entries[-2], entries[-1])]
        for span in spans:
            for i in span:
                keep[i] = max(keep[i], PREFER)
    return keep


def draw_legend_rows(fig, rows: list[LegendRow], x: float, top: float, column: int = 0) -> None:
    """Draw ``rows`` in one column whose top-left corner is (``x``, ``top``) inches.

    Every artist's gid is ``legend-<column>``, so tests can find each column's box.
    """
    before = len(fig.texts), len(fig.artists)
    y = top
    for row in rows:
        if row.kind == "heading":
            _text(fig, x, y, row.lines, FONT_SIZES["legend"] + 1, weight="bold")
        elif row.kind == "entry":
            lh = line_height(FONT_SIZES["legend"])
            centre = y - min(len(row.lines), 1) * lh / 2 - 0.01
            if row.entry.ramp is None:
                _swatch(fig, row.entry, x, centre)
            _text(fig, x + TEXT_X, y, row.lines, FONT_SIZES["legend"])
        elif row.kind == "ramp_note":
            _text(fig, x + TEXT_X, y, row.lines, SMALL, color="#444444")
        elif row.kind == "ramp_class":
            lh = line_height(FONT_SIZES["legend"])
            s = row.entry.style
            _add(fig, Rectangle((x + TEXT_X, y - lh + 0.02), SWATCH_W * 0.8, lh - 0.04,
                                facecolor=mpl_rgba(row.color, s["fill_opacity"]),
                                edgecolor=mpl_rgba(row.color, s["opacity"]), linewidth=min(float(s["weight"]), 3) * PX))
            _text(fig, x + TEXT_X + SWATCH_W * 0.8 + 0.08, y, row.lines, FONT_SIZES["legend"])
        y -= row.height
    for artist in [*fig.texts[before[0]:], *fig.artists[before[1]:]]:
        artist.set_gid(f"{GID}-{column}")


def _text(fig, x: float, top: float, lines: tuple[str, ...], size: float, weight: str = "normal",
          color: str = TEXT_COLOR) -> None:
    draw_lines(fig, x, top, lines, size, GID, weight=weight, color=color)


def _add(fig, artist) -> None:
    artist.set_transform(fig.dpi_scale_trans)
    artist.set_gid(GID)
    artist.set_clip_on(False)
    fig.add_artist(artist)


def _swatch(fig, entry: LegendEntry, x: float, y: float) -> None:
    """The entry's symbol in a ``SWATCH_W`` wide cell centred at height ``y`` (inches)."""
    s = entry.style
    lw = min(float(s["weight"]), 5) * PX
    stroke = mpl_rgba(s["color"], s["opacity"])
    dashes = mpl_linestyle(s["dash"], lw)
    fill = mpl_rgba(s["fill_color"], s["fill_opacity"])
    kinds = entry.swatch_kinds
    h = 0.12
    if kinds == ("point",):
        _point(fig, x + SWATCH_W / 2, y, min(float(s["radius"]), 6), fill, stroke, lw)
        return
    if kinds == ("line",):
        _add(fig, Line2D([x, x + SWATCH_W], [y, y], color=stroke, linewidth=lw, linestyle=dashes,
                         dash_capstyle="round", solid_capstyle="round"))
        return
    if "polygon" in kinds:
        _add(fig, Rectangle((x, y - h / 2), SWATCH_W, h, facecolor=fill, edgecolor=stroke, linewidth=lw,
                            linestyle=dashes))
    if "line" in kinds:
        _add(fig, Line2D([x, x + SWATCH_W], [y - h / 2, y + h / 2], color=stroke, linewidth=lw, linestyle=dashes))
    if "point" in kinds:
        _point(fig, x + SWATCH_W * 0.75, y, min(float(s["radius"]), 4), fill, stroke, lw)


def _point(fig, x: float, y: float, radius_px: float, fill, stroke, lw: float) -> None:
    _add(fig, Line2D([x], [y], marker="o", markersize=2 * radius_px * PX, markerfacecolor=fill,
                     markeredgecolor=stroke, markeredgewidth=lw, linestyle="none"))
