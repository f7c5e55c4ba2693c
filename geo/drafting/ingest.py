"""Bring an essay in: pasted text, ``.txt``, ``.md``, ``.html``, ``.docx`` or ``.pdf`` -> :class:`EssayText`.

Main text is extracted by well-kept libraries (``trafilatura`` for web pages,
``python-docx`` for Word files, ``pypdf`` for PDFs); this module only splits the text into
numbered paragraphs, recognises footnotes and reads the metadata the source carries.
Paragraph ids are ``p1, p2, …`` in reading order, so the same text always gets the same ids.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.core import without_controls

#: File types :func:`read_essay` accepts, by suffix.
ESSAY_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

_META_LINE = re.compile(r"^\s*(title|author|by|publisher|published by|date|published|url|source)\s*[:：]\s*(.+?)\s*$", re.I)
_BYLINE = re.compile(r"^\s*(?i:by)\s+([A-Z][^\n]{2,160})$")
_FOOTNOTE_START = re.compile(r"^\s*(\[\^?(\d{1,3})\]:?|\^?(\d{1,3})[.)]\s|\[(\d{1,3})\]\s)")
_FOOTNOTE_HEADING = re.compile(r"^\s*#*\s*(footnotes?|notes|references|endnotes|sources)\s*:?\s*$", re.I)
_DATE = re.compile(r"\b((?:19|20)\d{2})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?\b")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
           r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
#: "12 March 2024", "March 12, 2024", "Oct. 2024": a date written with the month's name.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NAMED_DATE = re.compile(rf"\b(?:{_DAY}\s+)?(?:{_MONTHS})\.?(?:\s+{_DAY},?)?\s+(?:19|20)\d{{2}}\b", re.I)
#: A dateline: a place (a few capitalised words) and a date written with the month's name ("Tehran, 2 June 2023").
_DATELINE = re.compile(r"(?:[A-Z][\w’'.-]*\s?){1,4},\s*(?P<date>.+)")
#: Separators between a byline's author, publisher and date ("By A, Publisher | March 2024").
_BYLINE_PARTS = re.compile(r"\s*[,|·•—–]\s*|\s+-\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_INLINE = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


class EssayReadError(ValueError):
    """The file cannot be read as an essay; the message says why and what to do."""


@dataclass(frozen=True)
class DraftFootnote:
    """A footnote: its id (``fn1``), the marker as it appears in the text and its text."""

    id: str
    marker: str
    text: str


@dataclass(frozen=True)
class DraftParagraph:
    """A numbered essay paragraph with the ids of the footnotes whose markers it holds."""

    id: str
    text: str
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class EssayText:
    """An essay split into paragraphs and footnotes, with whatever metadata was found."""

    paragraphs: tuple[DraftParagraph, ...]
    footnotes: tuple[DraftFootnote, ...] = ()
    title: str = ""
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    source_note: str = ""
    metadata_found: tuple[str, ...] = field(default=())
    #: Invisible characters taken out of the text (bidi overrides, NUL, …: :func:`geo.core.without_controls`).
    controls_removed: int = 0

    @property
    def year(self) -> int | None:
        """The year of :attr:`date`, if any."""
        match = _DATE.search(self.date or "")
        return int(match.group(1)) if match else None

    @property
    def word_count(self) -> int:
        """Words in the numbered paragraphs."""
        return sum(len(p.text.split()) for p in self.paragraphs)


def _iso_date(text: str) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: as much of the date in ``text`` as it gives ("" if none).

    Month names ("12 March 2024", "March 2024") are read by ``dateutil``; numeric dates must put the
    year first (``2024-03-12``), as a day-first/month-first guess would silently change a value.
    """
    named = _NAMED_DATE.search(text or "")
    if named:
        from datetime import datetime

        from dateutil import parser

        try:  # two defaults tell which fields the text gave
            a = parser.parse(named.group(0), default=datetime(2000, 1, 1))
            b = parser.parse(named.group(0), default=datetime(2001, 2, 2))
        except (ValueError, OverflowError):
            a = b = None
        if a is not None and a.year == b.year:
            if a.month != b.month:
                return str(a.year)
            return f"{a:%Y-%m-%d}" if a.day == b.day else f"{a:%Y-%m}"
    match = _DATE.search(text or "")
    if not match:
        return ""
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}"
    return year


def _blocks(text: str, single_newline: bool = False) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    parts = text.split("\n") if single_newline else re.split(r"\n\s*\n", text)
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in parts if p.strip()]


def _byline(text: str, found: dict[str, str]) -> None:
    """Read "Jane Doe, Publisher, March 2024" (what follows "By") into author, publisher and date.

    The date is taken out first (it may hold a comma: "March 12, 2024"); the rest splits on commas,
    bars, dots and dashes into the author and, if there is a second part, the publisher.
    """
    date = _NAMED_DATE.search(text) or _DATE.search(text)
    if date:
        found.setdefault("date", date.group(0))
        text = text[:date.start()] + text[date.end():]
    parts = [p.strip(" .") for p in _BYLINE_PARTS.split(text) if p.strip(" .")]
    if parts:
        found.setdefault("author", parts[0])
    if len(parts) > 1:
        found.setdefault("publisher", parts[1])


def _meta_line(line: str, found: dict[str, str]) -> bool:
    """Consume a ``Key: value`` or ``By …`` line into ``found``; ``False`` if it is neither."""
    meta_match = _META_LINE.match(line)
    if meta_match:
        key = {"by": "author", "published by": "publisher", "published": "date", "source": "url"}.get(
            meta_match.group(1).lower(), meta_match.group(1).lower())
        if key == "author":
            _byline(meta_match.group(2), found)
        else:
            found.setdefault(key, meta_match.group(2))
        return True
    byline = _BYLINE.match(line)
    if byline:
        _byline(byline.group(1).strip(), found)
        return True
    return False


def _could_be_title(line: str) -> bool:
    return 0 < len(line.strip()) < 160 and not line.rstrip().endswith(".")


def _header(text: str, found: dict[str, str], markdown: bool) -> str:
    """Consume leading metadata lines into ``found``; return the rest.

    Metadata lines are ``Key: value``, ``By …`` and, in markdown, a first heading; a short first
    line directly above a metadata line is the title (a title line, then "By Jane Doe, Publisher, 2024").
    """
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or _meta_line(line, found):
            pass
        elif markdown and _MD_HEADING.match(line) and "title" not in found:
            found["title"] = _MD_HEADING.sub("", line).strip()
        elif (not found and _could_be_title(line) and i + 1 < len(lines)
              and _meta_line(lines[i + 1], {})):
            found["title"] = line.strip()
        else:
            break
        i += 1
    return "\n".join(lines[i:])


def essay_from_text(text: str, *, markdown: bool = False, single_newline: bool = False, **meta: str) -> EssayText:
    """Split plain or markdown text into paragraphs, footnotes and metadata.

    Blocks are separated by blank lines (by line breaks when ``single_newline``). Leading
    ``Title:``/``Author:``/``By …``/``Publisher:``/``Date:`` lines and a first markdown
    heading fill the metadata; a block starting ``[1]``, ``[^1]:`` or ``1.`` after a "Notes"
    heading (or anywhere, for ``[n]`` forms) is a footnote; a paragraph cites a footnote
    whose marker it contains.

    Parameters
    ----------
    text
        The essay.
    markdown
        Strip markdown headings and emphasis; the first ``#`` heading is the title.
    single_newline
        Each line is a paragraph (text extracted from web pages).
    **meta
        Metadata the file carries (``title``, ``author``, ``publisher``, ``date``, ``url``,
        ``source_note``). What the text itself shows (a byline, a ``Title:`` line) wins: a file's
        properties are often its template's (python-docx's own author and 2013 date).

    Returns
    -------
    EssayText
    """
    found: dict[str, str] = {}
    # Bidi overrides would show a paragraph reversed and NULs as boxes, in the quotes too.
    text, removed = without_controls(text.replace("\r\n", "\n").lstrip("\ufeff"), keep="\n\t\r")
    text = _header(text, found, markdown)
    paragraphs: list[str] = []
    notes: list[tuple[str, str]] = []  # (number, text)
    in_notes = False
    for n, block in enumerate(_blocks(text, single_newline)):
        if _FOOTNOTE_HEADING.match(block):
            in_notes = True
            continue
        if markdown and _MD_HEADING.match(block):
            heading = _MD_HEADING.sub("", block).strip()
            if not paragraphs and "title" not in found:
                found["title"] = heading
            continue
        if not paragraphs and _meta_line(block, found):
            continue
        if not paragraphs and "date" not in found and (_NAMED_DATE.fullmatch(block.strip())
                                                       or _DATE.fullmatch(block.strip())):
            found["date"] = block  # a date line of its own under the title
            continue
        dateline = _DATELINE.fullmatch(block.strip()) if not paragraphs and "date" not in found else None
        # "Tehran, 2 June 2023": a dateline under the title, where and when it was written.
        if dateline and _NAMED_DATE.fullmatch(dateline.group("date").strip()):
            found["date"] = dateline.group("date")
            continue
        note = _FOOTNOTE_START.match(block)
        if note and (in_notes or block.lstrip().startswith("[")) and paragraphs:
            number = next(g for g in note.groups()[1:] if g)
            notes.append((number, block[note.end():].strip() or block.strip()))
            continue
        if not paragraphs and n == 0 and "title" not in found and _could_be_title(block):
            found["title"] = block
            continue
        if markdown:
            block = _MD_INLINE.sub("", block)
        paragraphs.append(block)
    footnotes, markers = [], {}
    for number, note_text in notes:
        fid = f"fn{len(footnotes) + 1}"
        marker = next((m for m in (f"[^{number}]", f"[{number}]") if any(m in p for p in paragraphs)), f"[{number}]")
        footnotes.append(DraftFootnote(fid, marker, note_text))
        markers[fid] = marker
    drafted = tuple(
        DraftParagraph(f"p{i}", p, tuple(fid for fid, m in markers.items() if m in p))
        for i, p in enumerate(paragraphs, start=1)
    )
    cited = {fid for p in drafted for fid in p.footnotes}
    values = {k: (found.get(k) or meta.get(k) or "").strip()
              for k in ("title", "author", "publisher", "date", "url", "source_note")}
    values["date"] = _iso_date(values["date"]) if values["date"] else ""
    return EssayText(
        paragraphs=drafted, footnotes=tuple(f for f in footnotes if f.id in cited), **values,
        metadata_found=tuple(sorted(k for k in values if values[k])), controls_removed=removed,
    )


def _html(data: bytes, name: str) -> EssayText:
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise EssayReadError(f"{name}: no main text could be found in this web page; paste the essay's text instead.")
    # Not extensive: a date the page's markup states, never one guessed from years in its text.
    meta = trafilatura.extract_metadata(html, extensive=False)
    known = {}
    if meta is not None:
        known = {"title": meta.title or "", "author": meta.author or "", "publisher": meta.sitename or "",
                 "date": meta.date or "", "url": meta.url or ""}
    known.update(_html_byline(html))  # the byline the page shows beats the markup's guess at an author
    return essay_from_text(text, single_newline=True, source_note=f"Main text extracted from {name} with trafilatura.",
                           **known)


def _html_byline(html: str) -> dict[str, str]:
    """Author, publisher and date from a page's visible byline ("By Ana Pérez, Institute, June 2024"), if any.

    trafilatura leaves the byline out of the main text and splits its author on commas.
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    for element in root.iter("p", "div", "span", "address", "li"):
        line = " ".join(element.text_content().split())
        match = _BYLINE.match(line)
        if match and len(line) < 200:
            found: dict[str, str] = {}
            _byline(match.group(1).strip(), found)
            return found
    return {}


def _docx(data: bytes, name: str) -> EssayText:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several zip/XML errors for a damaged file
        raise EssayReadError(f"{name}: not a readable Word (.docx) file ({type(exc).__name__}).") from None
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    props = document.core_properties
    known = {"title": props.title or "", "author": props.author or "",
             "date": props.created.date().isoformat() if props.created else ""}
    if props.author == "python-docx":  # python-docx's template: its author and 2013 date are not the essay's
        known.update(author="", date="")
    return essay_from_text(text, source_note=f"Text read from {name} with python-docx.", **known)


def _pdf(data: bytes, name: str) -> EssayText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise EssayReadError(f"{name}: not a readable PDF ({exc}).") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise EssayReadError(f"{name}: the PDF holds no text layer (a scan?); paste the essay's text instead.")
    if not re.search(r"\n\s*\n", text):
        # PDFs often lose blank lines: a line ending a sentence ends a paragraph.
        text = re.sub(r"([.!?:”\"])\s*\n(?=[A-Z“\"\[])", r"\1\n\n", text)
    meta = reader.metadata or {}
    known = {"title": str(meta.get("/Title") or ""), "author": str(meta.get("/Author") or "")}
    created = str(meta.get("/CreationDate") or "")
    if created.startswith("D:") and len(created) >= 10:
        known["date"] = f"{created[2:6]}-{created[6:8]}-{created[8:10]}"
    return essay_from_text(text, source_note=f"Text extracted from {name} with pypdf.", **known)


def read_essay(name: str, data: bytes) -> EssayText:
    """Read an essay file by its suffix.

    Parameters
    ----------
    name
        The file name (its suffix chooses the reader: one of :data:`ESSAY_SUFFIXES`).
    data
        The file's bytes.

    Returns
    -------
    EssayText

    Raises
    ------
    EssayReadError
        Unknown suffix, unreadable file, or no text in it.
    """
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        essay = _html(data, name)
    elif suffix == ".docx":
        essay = _docx(data, name)
    elif suffix == ".pdf":
        essay = _pdf(data, name)
    elif suffix in (".txt", ".md"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        essay = essay_from_text(text, markdown=suffix == ".md", source_note=f"Text of {name}.")
    else:
        raise EssayReadError(f"{name}: an essay must be {', '.join(ESSAY_SUFFIXES)} or pasted text.")
    if not essay.paragraphs:
        raise EssayReadError(f"{name}: no paragraphs of text were found in it.")
    return replace(essay, title=essay.title or Path(name).stem)
