"""Bringing an essay in: text, markdown, web page, Word and PDF -> paragraphs, footnotes, metadata."""

from __future__ import annotations

import io

import pytest

from geo.drafting import EssayReadError, essay_from_text, read_essay

TEXT = """Title: A synthetic essay
By Jane Doe
Publisher: Test Press
Date: 2023-07-10

First paragraph names Kabul.[1] It goes on.

Second paragraph.

Notes

[1] A synthetic note.
"""


def test_pasted_text_gives_numbered_paragraphs_metadata_and_a_linked_footnote():
    essay = essay_from_text(TEXT)
    assert [p.id for p in essay.paragraphs] == ["p1", "p2"]
    assert essay.paragraphs[0].text == "First paragraph names Kabul.[1] It goes on."
    assert (essay.title, essay.author, essay.publisher, essay.date) == (
        "A synthetic essay", "Jane Doe", "Test Press", "2023-07-10")
    assert essay.footnotes[0].marker == "[1]" and essay.footnotes[0].text == "A synthetic note."
    assert essay.paragraphs[0].footnotes == ("fn1",)


def test_same_text_gets_the_same_paragraph_ids():
    assert essay_from_text(TEXT) == essay_from_text(TEXT)


def test_markdown_heading_is_the_title_and_emphasis_is_dropped():
    essay = read_essay("x.md", b"# The title\n\nBy Ann Author\n\nSome **bold** text.[^1]\n\n[^1]: The note.\n")
    assert essay.title == "The title" and essay.author == "Ann Author"
    assert essay.paragraphs[0].text == "Some bold text.[^1]"
    assert essay.footnotes[0].marker == "[^1]"


def test_html_main_text_and_metadata_come_from_trafilatura():
    body = "".join(f"<p>Paragraph {n} of the essay says that the Taliban control Kabul and much more text "
                   f"so that the extractor keeps it as main content.</p>" for n in range(1, 6))
    html = (f"<html><head><title>Web essay</title><meta name='author' content='Web Author'></head>"
            f"<body><nav>Home | About</nav><article><h1>Web essay</h1>{body}</article>"
            f"<footer>Similar posts</footer></body></html>").encode()
    essay = read_essay("essay.html", html)
    assert len(essay.paragraphs) >= 5
    assert essay.paragraphs[0].text.startswith("Paragraph 1 of the essay")
    assert essay.title == "Web essay"
    assert not any("Similar posts" in p.text for p in essay.paragraphs)


def test_docx_paragraphs_and_core_properties_are_read():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Word essay"
    document.core_properties.author = "Doc Author"
    document.add_paragraph("The first paragraph mentions Herat.")
    document.add_paragraph("The second paragraph mentions Kunduz.")
    buffer = io.BytesIO()
    document.save(buffer)
    essay = read_essay("essay.docx", buffer.getvalue())
    assert [p.text for p in essay.paragraphs] == ["The first paragraph mentions Herat.",
                                                  "The second paragraph mentions Kunduz."]
    assert (essay.title, essay.author) == ("Word essay", "Doc Author")


def test_a_pages_visible_byline_beats_the_markups_author_and_no_date_is_guessed_from_the_text():
    """A fresh user's file: trafilatura gave "Ana Pérez; Institute; June" and a 2022 date read from the body."""
    body = "".join(f"<p>Paragraph {n}: the Taliban reportedly moved fighters to Kunduz in 2022, and more text so "
                   f"the extractor keeps it as the main content of the page.</p>" for n in range(1, 6))
    html = ("<!doctype html><html><head><title>Border Notes</title></head><body><article><h1>Border Notes</h1>"
            "<p class='byline'>By Ana Pérez, Institute for Frontier Studies, June 2024</p>"
            f"{body}</article></body></html>").encode()
    essay = read_essay("essay.html", html)
    assert (essay.author, essay.publisher, essay.date) == ("Ana Pérez", "Institute for Frontier Studies", "2024-06")
    undated = read_essay("essay.html", html.replace(b", June 2024", b""))
    assert undated.date == "", "a year in the body is not the essay's date"


def test_a_docx_byline_beats_python_docx_template_properties():
    """A fresh user's file: the author came out as "python-docx", dated 2013-12-23 (the template's)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()  # core properties as python-docx's template sets them
    document.add_paragraph("Fault Lines in Badakhshan")
    document.add_paragraph("By John Roe, Pamir Studies Centre, May 2024")
    document.add_paragraph("The Taliban have deployed new units to Faizabad.")
    buffer = io.BytesIO()
    document.save(buffer)
    essay = read_essay("essay.docx", buffer.getvalue())
    assert (essay.title, essay.author, essay.publisher, essay.date) == \
        ("Fault Lines in Badakhshan", "John Roe", "Pamir Studies Centre", "2024-05")
    bare = docx.Document()
    bare.add_paragraph("The Taliban have deployed new units to Faizabad.")
    buffer = io.BytesIO()
    bare.save(buffer)
    assert (read_essay("bare.docx", buffer.getvalue()).author, read_essay("bare.docx", buffer.getvalue()).date) == \
        ("", ""), "python-docx's own author and 2013 date are not the essay's"


def test_pdf_text_layer_is_read():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.1, 0.5, "Fighters moved from Kunar to Peshawar.")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf", metadata={"Title": "PDF essay", "Author": "Pdf Author"})
    plt.close(fig)
    essay = read_essay("essay.pdf", buffer.getvalue())
    assert "Kunar to Peshawar" in essay.paragraphs[0].text
    assert essay.title == "PDF essay"


@pytest.mark.parametrize(("name", "data"), [("essay.exe", b"x"), ("essay.pdf", b"not a pdf"),
                                            ("essay.docx", b"not a zip"), ("essay.txt", b"   \n\n")])
def test_unreadable_files_say_what_is_wrong(name, data):
    with pytest.raises(EssayReadError, match=name):
        read_essay(name, data)


@pytest.mark.parametrize(("text", "expected"), [
    # the fresh user's essay: title, then a byline on the next line
    ("Canal Politics on the Amu Darya\nBy Dilnoza Rakhimova, Oxus Policy Institute, October 2024\n\nBody.",
     ("Canal Politics on the Amu Darya", "Dilnoza Rakhimova", "Oxus Policy Institute", "2024-10")),
    # byline as a block of its own, bars and a US-style date holding a comma
    ("A canal\n\nBy Jane Doe | Eurasia Review | March 12, 2024\n\nBody.",
     ("A canal", "Jane Doe", "Eurasia Review", "2024-03-12")),
    # a date line of its own, day first with the month's name
    ("A canal\n\nBy Jane Doe\n\n12 March 2024\n\nBody.", ("A canal", "Jane Doe", "", "2024-03-12")),
    ("A canal\nBy Jane Doe — 2023-07-10\n\nBody.", ("A canal", "Jane Doe", "", "2023-07-10")),
    ("Author: Jane Doe, Test Press\nDate: Sept. 2021\n\nBody.", ("", "Jane Doe", "Test Press", "2021-09")),
])
def test_a_byline_under_the_title_fills_author_publisher_and_date(text, expected):
    essay = essay_from_text(text)
    assert (essay.title, essay.author, essay.publisher, essay.date) == expected
    assert [p.text for p in essay.paragraphs] == ["Body."]


def test_an_ambiguous_numeric_date_is_not_guessed():
    """03/04/2024 could be March or April: only the year is kept, never a silently chosen month."""
    essay = essay_from_text("A canal\nBy Jane Doe, 03/04/2024\n\nBody.")
    assert essay.date == "2024"


def test_bidi_overrides_and_control_characters_are_taken_out_and_said():
    """A fresh user's paste: U+202E showed a paragraph reversed on the Essay page and a NUL as a box."""
    from geo.drafting import draft_essay

    essay = essay_from_text("The Taliban \u202eclaimed\u202c an attack in Kunduz.\x00\n\nPersian: \u0645\u200c\u06cc")
    assert [p.text for p in essay.paragraphs] == ["The Taliban claimed an attack in Kunduz.",
                                                  "Persian: \u0645\u200c\u06cc"], "zero-width joiners stay"
    assert essay.controls_removed == 3
    assert "3 invisible control character(s)" in draft_essay(essay).summary()
