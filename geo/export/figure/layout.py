"""The report page's layout: every part gets a reserved box computed from its measured size.

Nothing is placed by guesswork: the title, the subtitle and the caption are wrapped to the
page width by measuring their text with the renderer, the legend's rows are measured and
stacked into as many columns as the body's height needs, and the map frame gets what is
left. So no part can overlap another, and none can leave the page: when something does not
fit, the legend wraps into another column (narrowing the map) or the caption flows onto
more lines (lowering the body), never on top of something else.

All sizes are inches from the page's bottom-left corner (``fig.dpi_scale_trans``).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.font_manager import FontProperties

from geo.export.figure.style import FONT_SIZES

MARGIN = 0.25  # page margin, inches
GAP = 0.16  # between boxes
LINE_SPACING = 1.3  # line height / font size
PANEL_COLUMN_W = 2.55  # one legend column, inches
PANEL_COLUMN_GAP = 0.18
MAX_LEGEND_COLUMNS = 4
INSET_MAX_SHARE = 0.3  # of the body's height
SCALE_BLOCK_H = 0.95  # scale bar, its note and the north arrow
MIN_MAP_W = 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in inches: left, bottom, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        """The top edge, inches."""
        return self.y + self.h

    @property
    def right(self) -> float:
        """The right edge, inches."""
        return self.x + self.w

    def fraction(self, page_w: float, page_h: float) -> tuple[float, float, float, float]:
        """The box as figure fractions (for ``fig.add_axes``)."""
        return self.x / page_w, self.y / page_h, self.w / page_w, self.h / page_h


class Measure:
    """Text measurement with the figure's renderer, in inches."""

    def __init__(self, renderer, dpi: float) -> None:
        self.renderer = renderer
        self.dpi = dpi

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        """Width of one line of ``text`` at ``size`` points."""
        prop = FontProperties(size=size, weight=weight)
        w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / self.dpi

    def wrap(self, text: str, width_in: float, size: float, weight: str = "normal") -> list[str]:
        """``text`` broken at spaces into lines no wider than ``width_in`` (a longer word stands alone)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                # 3 % spare: hinting makes glyphs a little wider at low resolutions (the preview).
                if line and self.width(candidate, size, weight) > width_in * 0.97:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return [line for line in lines if line] or [""]


def draw_lines(fig, x: float, top: float, lines, size: float, gid: str, *, weight: str = "normal",
               color: str = "#1a1a1a", ha: str = "left") -> None:
    """One text artist per line, each a :func:`line_height` below the last: exact, measurable spacing."""
    for i, line in enumerate(lines):
        if line:
            fig.text(x, top - i * line_height(size), line, fontsize=size, fontweight=weight, color=color,
                     va="top", ha=ha, transform=fig.dpi_scale_trans, gid=gid)


def line_height(size: float) -> float:
    """Height of one text line at ``size`` points, inches."""
    return size * LINE_SPACING / 72


@dataclass(frozen=True)
class PageLayout:
    """Where each part of the figure goes (inches), and the wrapped text it holds."""

    page_w: float
    page_h: float
    title_lines: list[str]
    title_box: Box
    subtitle_lines: list[str]
    subtitle_box: Box | None
    caption_lines: list[str]
    caption_box: Box
    map_box: Box
    inset_box: Box | None
    legend_columns: list[Box]
    scale_box: Box


def header_and_footer(measure: Measure, page_w: float, page_h: float, title: str, subtitle: str,
                      caption: str) -> tuple[list[str], Box, list[str], Box | None, list[str], Box]:
    """Title, subtitle and caption wrapped to the page width, in boxes at its top and foot."""
    text_w = page_w - 2 * MARGIN
    title_lines = measure.wrap(title, text_w, FONT_SIZES["title"], "bold")
    title_h = len(title_lines) * line_height(FONT_SIZES["title"])
    top = page_h - MARGIN * 0.8
    title_box = Box(MARGIN, top - title_h, text_w, title_h)
    subtitle_lines, subtitle_box = [], None
    if subtitle:
        subtitle_lines = measure.wrap(subtitle, text_w, FONT_SIZES["subtitle"])
        sub_h = len(subtitle_lines) * line_height(FONT_SIZES["subtitle"])
        subtitle_box = Box(MARGIN, title_box.y - 0.04 - sub_h, text_w, sub_h)
    caption_lines = measure.wrap(caption, text_w, FONT_SIZES["caption"])
    caption_h = len(caption_lines) * line_height(FONT_SIZES["caption"])
    caption_box = Box(MARGIN, MARGIN * 0.7, text_w, caption_h)
    return title_lines, title_box, subtitle_lines, subtitle_box, caption_lines, caption_box


#: How strongly a legend row stays with the next (``keep`` of :func:`stack_columns`).
FREE, PREFER, MUST = 0, 1, 2


def stack_columns(heights: list[float], first_h: float, other_h: float,
                  keep: list[int] | None = None) -> list[list[int]] | None:
    """Indices of the legend rows in each column: filled in order, then the last two balanced.

    The first column holds ``first_h`` inches, the others ``other_h``. ``keep[i]`` says how
    strongly row ``i`` stays in the column of the row after it: :data:`MUST` (a heading with its
    first entry, a ramp's classes with their layer) or :data:`PREFER` (a short section whole, two
    entries on each side of a break) hold unless the rows they join are taller than the column
    that would take them, in which case the weaker joins give way first, then the stronger.
    Columns are filled in order; then whole blocks move from the foot of the second-last column to
    the top of the last while the second-last stays at least as tall, so no column is left
    holding a lone row the others could share (the typographer's widow).

    Returns
    -------
    list of list of int, or None
        Row indices per column; ``None`` if some row is taller than its column could ever be.
    """
    keep = list(keep) if keep is not None else [FREE] * len(heights)
    pending = _blocks(list(range(len(heights))), keep, PREFER)
    columns: list[list[list[int]]] = [[]]
    used = 0.0
    while pending:
        block = pending.pop(0)
        h = sum(heights[i] for i in block)
        room = first_h if len(columns) == 1 else other_h
        if used + h > room + 1e-9 and columns[-1]:
            columns.append([])
            used = 0.0
            room = other_h
        if h > room + 1e-9:
            if len(block) == 1:
                return None
            level = min(keep[i] for i in block[:-1])  # the weakest join in the block gives way
            pending[:0] = _blocks(block, keep, level + 1)
            continue
        columns[-1].append(block)
        used += h
    if len(columns) > 1:
        _balance(columns[-2], columns[-1], heights, other_h)
    return [[i for block in column for i in block] for column in columns]


def _blocks(rows: list[int], keep: list[int], level: int) -> list[list[int]]:
    """``rows`` (consecutive indices) grouped into blocks, joining a row to the next where ``keep`` is ``level`` or more."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i in rows:
        current.append(i)
        if keep[i] < level or i == rows[-1]:
            blocks.append(current)
            current = []
    return blocks


def _balance(before: list[list[int]], last: list[list[int]], heights: list[float], room: float) -> None:
    """Move blocks from the foot of ``before`` to the top of ``last`` while ``before`` stays the taller."""
    def height(column: list[list[int]]) -> float:
        return sum(heights[i] for block in column for i in block)

    while len(before) > 1:
        h = sum(heights[i] for i in before[-1])
        if height(before) - h < height(last) + h - 1e-9 or height(last) + h > room + 1e-9:
            return
        last.insert(0, before.pop())


class LayoutError(ValueError):
    """The parts cannot all be placed on the page without overlapping."""


def plan_page(measure: Measure, page_w: float, page_h: float, *, title: str, subtitle: str, caption: str,
              legend_heights: list[float], inset_aspect: float | None,
              tick_margins: tuple[float, float] = (0.0, 0.0),
              legend_keep: list[int] | None = None) -> tuple[PageLayout, list[list[int]]]:
    """Reserve a box for every part of the page; return the layout and the legend rows per column.

    Parameters
    ----------
    legend_heights
        Measured height (inches) of each legend row, top to bottom, for a
        :data:`PANEL_COLUMN_W` wide column.
    inset_aspect
        Width / height of the locator inset, or ``None`` for no inset.
    tick_margins
        Room (inches) for coordinate labels left of and below the map frame.
    legend_keep
        Per legend row, how strongly it stays in the column of the row after it (see
        :func:`stack_columns`); none kept together if omitted.

    Raises
    ------
    LayoutError
        When even the widest legend leaves the map narrower than :data:`MIN_MAP_W`.
    """
    title_lines, title_box, subtitle_lines, subtitle_box, caption_lines, caption_box = header_and_footer(
        measure, page_w, page_h, title, subtitle, caption)
    body_top = (subtitle_box or title_box).y - GAP
    body_bottom = caption_box.top + GAP
    body_h = body_top - body_bottom
    col_w = PANEL_COLUMN_W
    for with_inset in ((True, False) if inset_aspect else (False,)):
        inset_h = min(col_w / inset_aspect, INSET_MAX_SHARE * body_h) if with_inset else 0.0
        first_h = body_h - (inset_h + GAP if with_inset else 0.0) - SCALE_BLOCK_H - GAP
        columns = stack_columns(legend_heights, first_h, body_h, legend_keep)
        # Later columns start level with the first one's heading, under the inset, when that needs no
        # more columns: one starting beside the inset is read before "Legend" (a fresh user's finding).
        under_h = body_h - (inset_h + GAP if with_inset else 0.0)
        aligned = stack_columns(legend_heights, first_h, under_h, legend_keep)
        if columns is not None and aligned is not None and len(aligned) == len(columns):
            columns, later_h = aligned, under_h
        else:
            later_h = body_h
        if columns is not None and len(columns) <= MAX_LEGEND_COLUMNS:
            break
    if columns is None:
        raise LayoutError("A legend row is taller than the page's body; shorten the layer titles.")
    n = len(columns)
    panel_w = n * col_w + (n - 1) * PANEL_COLUMN_GAP
    panel_x = page_w - MARGIN - panel_w
    left, bottom = tick_margins
    map_box = Box(MARGIN + left, body_bottom + bottom, panel_x - GAP - MARGIN - left, body_h - bottom)
    if map_box.w < MIN_MAP_W:
        raise LayoutError(
            f"The legend needs {n} columns, which leaves the map too narrow on this page; "
            "switch off some layers or choose a larger page.")
    inset_box = Box(panel_x, body_top - inset_h, inset_h * inset_aspect, inset_h) if inset_h else None
    legend_columns = [
        Box(panel_x + i * (col_w + PANEL_COLUMN_GAP), body_bottom + (SCALE_BLOCK_H + GAP if i == 0 else 0.0), col_w,
            first_h if i == 0 else later_h)
        for i in range(n)
    ]
    scale_box = Box(panel_x, body_bottom, col_w, SCALE_BLOCK_H)
    layout = PageLayout(page_w, page_h, title_lines, title_box, subtitle_lines, subtitle_box, caption_lines,
                        caption_box, map_box, inset_box, legend_columns, scale_box)
    return layout, columns
