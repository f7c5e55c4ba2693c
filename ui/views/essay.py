"""Rendering of the Essay page: attribution, numbered paragraphs with highlighted names,
footnotes, the separate author biography, and the "show on the map" links.

Paragraph text is built as markdown with inline HTML (``<mark>``, footnote ``<sup>``
links), so every piece of essay text goes through :func:`inert_html`: it is HTML-escaped
*and* its markdown syntax characters are turned into numeric character references, which
markdown shows as the literal character and never parses as markup. That way a hostile
string in a bundle can neither inject HTML nor turn into a link, an image or maths.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo.bundle import Bundle, EssayMeta, Mention, Paragraph, claims_for_paragraph, find_mentions, paragraph_relation
from ui.focus import focus_on_paragraph
from ui.navigation import MAP_PAGE
from ui.text import html_escape, md_escape, url_markdown

#: The main page, relative to the entrypoint; the map reads ``focus_paragraph`` there.
#: Characters markdown could read as syntax inside a paragraph (emphasis, links, images,
#: code, maths, Streamlit's ``:colour[...]`` / emoji shortcodes, tables, headings).
_MARKDOWN_SYNTAX = frozenset("\\`*_{}[]#!|~$:")
#: English names of languages a bundle section may be written in (ISO 639-1).
LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fa": "Persian", "fr": "French", "de": "German", "ps": "Pashto",
    "ru": "Russian", "tg": "Tajik", "tk": "Turkmen", "tr": "Turkish", "ur": "Urdu", "uz": "Uzbek",
    "zh": "Chinese",
}
_TARGET_KINDS = {
    "actor": "actor", "place": "place in the gazetteer", "province": "Afghan province (drawn at its centre)",
    "country": "country", "claim": "mapped claim",
}


def inert_html(text: object) -> str:
    """Essay text made safe for ``st.markdown(..., unsafe_allow_html=True)``.

    HTML-escapes via :func:`ui.text.html_escape`, then writes markdown syntax characters
    as ``&#NN;`` so they display literally instead of forming links, emphasis or maths.
    Newlines become spaces so text can never start a markdown block (heading, list).
    """
    out = []
    for char in str(text).replace("\r", " ").replace("\n", " "):
        out.append(f"&#{ord(char)};" if char in _MARKDOWN_SYNTAX else html_escape(char))
    return "".join(out)


def language_name(code: str | None, meta: EssayMeta) -> str:
    """How a section's language is shown: English name, with the essay's own label if given."""
    if not code:
        return LANGUAGE_NAMES.get(meta.language, meta.language)
    own = next((lang.label for lang in meta.languages if lang.code == code), None)
    english = LANGUAGE_NAMES.get(code, code)
    return f"{english} ({own})" if own and own != english else english


def render_header(meta: EssayMeta) -> None:
    """Title and attribution: author, publisher, year, languages, source and licence notes."""
    st.title(md_escape(meta.title))
    when = str(meta.year) if meta.year else "year unknown"
    if meta.date and meta.date != str(meta.year):
        when = f"{meta.date}"
    st.markdown(f"**{md_escape(meta.author)}** · {md_escape(meta.publisher)} · {md_escape(when)}")
    lines = []
    if meta.date_note:
        lines.append(f"- **Date:** {md_escape(meta.date_note)}")
    if meta.languages:
        labels = ", ".join(md_escape(language_name(lang.code, meta)) for lang in meta.languages)
        note = f" — {md_escape(meta.languages_note)}" if meta.languages_note else ""
        lines.append(f"- **Published in:** {labels}{note}")
    lines.append(f"- **This text:** {md_escape(meta.source_note)}")
    if meta.url:
        lines.append(f"- **Original:** {url_markdown(meta.url)}")
    lines.append(f"- **Licence:** {md_escape(meta.licence_note)}")
    lines.append(f"- **Cite as:** {md_escape(meta.attribution)}")
    st.markdown("\n".join(lines))


def mention_title(mention: Mention, bundle: Bundle) -> str:
    """Tooltip text for a highlighted name: what it is on the map."""
    kind, _, ident = mention.target.partition(":")
    if kind == "actor" and ident in bundle.actors:
        return f"{bundle.actors[ident].name} — actor on the map"
    if kind == "claim":
        claim = next((c for c in bundle.claims if c.id == ident), None)
        if claim is not None:
            return f"Mapped: {claim.label} ({claim.status_label})"
    return f"{mention.text} — {_TARGET_KINDS.get(kind, kind)}"


def _mark(mention: Mention, bundle: Bundle) -> str:
    kind, _, ident = mention.target.partition(":")
    style = "background-color:#E6E6E6;border-bottom:2px dotted #555555;padding:0 1px"
    if kind == "actor" and ident in bundle.actors:
        colour = bundle.actors[ident].colour
        style = f"background-color:{colour}33;border-bottom:2px solid {colour};padding:0 1px"
    return (f'<mark style="{html_escape(style)}" title="{html_escape(mention_title(mention, bundle))}">'
            f"{inert_html(mention.text)}</mark>")


def _footnote_spans(paragraph: Paragraph, bundle: Bundle) -> list[tuple[int, int, str]]:
    markers = {f.id: f.marker for f in bundle.footnotes}
    spans = []
    for fid in paragraph.footnotes:
        marker = markers.get(fid)
        start = paragraph.text.find(marker) if marker else -1
        if start >= 0:
            link = (f'<sup><a href="#fn-{html_escape(fid)}" title="Footnote {inert_html(marker)}">'
                    f"{inert_html(marker)}</a></sup>")
            spans.append((start, start + len(marker), link))
    return spans


def paragraph_html(paragraph: Paragraph, bundle: Bundle, names: Mapping[str, str]) -> str:
    """The paragraph as markdown-with-HTML: ¶ label, highlighted names, linked footnote markers."""
    spans = _footnote_spans(paragraph, bundle)
    taken = [(s, e) for s, e, _ in spans]
    for mention in find_mentions(paragraph.text, names):
        if all(mention.end <= s or mention.start >= e for s, e in taken):
            spans.append((mention.start, mention.end, _mark(mention, bundle)))
    spans.sort()
    pieces, cursor = [], 0
    for start, end, markup in spans:
        pieces.append(inert_html(paragraph.text[cursor:start]))
        pieces.append(markup)
        cursor = end
    pieces.append(inert_html(paragraph.text[cursor:]))
    anchor = html_escape(paragraph.id)
    return f'<span id="{anchor}"></span>**{paragraph.label}**&nbsp; ' + "".join(pieces)


#: How a claim's link to a paragraph reads in the "Mapped from ¶N" list.
_RELATION_WORDS = {"states": "states it", "context": "gives context only", "contrast": "argues against it"}


def render_paragraph(paragraph: Paragraph, bundle: Bundle, names: Mapping[str, str]) -> None:
    """One paragraph; if claims quote it, their labels and a button that shows them on the map."""
    with st.container(border=True):
        st.markdown(paragraph_html(paragraph, bundle, names), unsafe_allow_html=True)
        claims = claims_for_paragraph(bundle, paragraph.id, ("states", "contrast", "context"))
        if claims.empty:
            return
        items = [f"- {md_escape(row.label)} — *{md_escape(row.status_label)}* ({md_escape(row.actor_name)}) · "
                 f"{paragraph.label} {_RELATION_WORDS[paragraph_relation(row.sources, paragraph.id) or 'context']}"
                 for row in claims.itertuples(index=False)]
        st.markdown(f"**Mapped from {paragraph.label}:**\n" + "\n".join(items))
        if st.button(f"Show {paragraph.label} on the map", key=f"show_{paragraph.id}", icon=":material/map:"):
            focus_on_paragraph(paragraph.id)
            st.switch_page(MAP_PAGE)


def render_footnotes(bundle: Bundle) -> None:
    """The footnotes, each anchored so the markers in the text jump to it, with its ¶ back-links."""
    if not bundle.footnotes:
        return
    st.subheader("Footnotes")
    for footnote in bundle.footnotes:
        back = ", ".join(
            f'<a href="#{html_escape(pid)}">{html_escape(p.label)}</a>'
            for pid in footnote.paragraphs if (p := bundle.paragraph(pid)) is not None
        )
        text = (f'<span id="fn-{html_escape(footnote.id)}"></span>**{inert_html(footnote.marker)}** '
                f"{inert_html(footnote.text)}")
        if back:
            text += f" — cited in {back}"
        citation = bundle.citations.get(footnote.citation or "")
        if citation is not None:
            text += f"<br>Source record: “{inert_html(citation.title)}”, {inert_html(citation.publisher)}"
        st.markdown(text, unsafe_allow_html=True)


def render_sections(bundle: Bundle) -> None:
    """Un-numbered sections (e.g. the author biography), kept apart from the essay body."""
    for section in bundle.sections:
        st.divider()
        st.subheader(md_escape(section.heading))
        notes = ["Not part of the numbered essay text."]
        if section.language and section.language != bundle.meta.language:
            language = language_name(section.language, bundle.meta)
            notes.insert(0, f"In {language}, as published; not translated.")
        if section.name:
            notes.insert(0, section.name)
        st.caption(md_escape(" · ".join(notes)))
        st.markdown(md_escape(section.text))
