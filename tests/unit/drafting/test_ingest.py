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
