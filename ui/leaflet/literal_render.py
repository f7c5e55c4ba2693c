"""Render folium's macros without compiling their output as Jinja templates.

branca's ``MacroElement.render`` wraps every piece it renders (a layer's script, GeoJSON and
all) in ``Element(text)``, and ``Element.__init__`` compiles ``text`` as a Jinja template — on
every rerun, for every layer, unchanged ones included. Profiled (``benchmarks/README.md``), that
compiling was about 40 % of a main-map toggle rerun and most of the Risk page's, because the
GeoJSON inside is lexed as template source. The text is already rendered: it needs emitting,
not compiling. :func:`install` replaces ``MacroElement.render`` with one that adds the same
pieces, under the same names, as plain text.

The output is the same text, with two differences:

- a fix: a property value containing ``{{`` or ``{%`` (an uploaded name, say) is emitted as
  written instead of being evaluated as Jinja by the second pass;
- the header and script parts lose the templates' indentation and blank lines (newlines stay,
  so a ``//`` comment still ends where it did). st_folium sends both to the browser on every
  script run, where that whitespace was a quarter of the map's arguments. A multi-line
  JavaScript template literal in a macro would lose its indentation too: folium's popup HTML is
  the one such, and HTML ignores it. st_folium calls the map's and its feature groups' script
  macros itself, not through ``render``, so :func:`install` compacts those macros in place.
"""

from __future__ import annotations

import functools
import re

import folium
from branca.element import Element, Figure, MacroElement

#: branca's own render, which :func:`install` replaces (kept for comparison).
BRANCA_RENDER = MacroElement.render
#: A newline with the indentation and blank lines after it.
_INDENTATION = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


class RenderedText(Element):
    """Text already rendered: emitted as it is (Jinja drops one trailing newline; so does this)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text[:-1] if text.endswith("\n") else text
        self._template_str = self._text

    def render(self, **kwargs) -> str:
        return self._text


def _render(self: MacroElement, **kwargs) -> None:
    """``MacroElement.render`` (branca 0.8) with the rendered parts added as :class:`RenderedText`."""
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    module = self._template.module
    for part in ("header", "html", "script"):
        macro = getattr(module, part, None)
        if macro is not None:
            text = macro(self, kwargs)
            if part != "html":  # HTML may hold <pre>; the other two are code
                text = compact(text)
            getattr(figure, part).add_child(RenderedText(text), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def compact(code: str) -> str:
    """``code`` (a header or script) without indentation or blank lines; its newlines kept."""
    return _INDENTATION.sub("\n", code)


def _compacting(macro):
    """``macro`` with :func:`compact` output; the original is its ``__wrapped__``."""
    @functools.wraps(macro)
    def compacted(*args, **kwargs) -> str:
        return compact(macro(*args, **kwargs))

    return compacted


def install() -> None:
    """Use the literal render for every folium macro in this process, compact (idempotent)."""
    MacroElement.render = _render
    for cls in (folium.Map, folium.FeatureGroup):
        module = cls._template.module  # jinja keeps one module per template
        for part in ("header", "script"):
            macro = getattr(module, part, None)
            if macro is not None and not hasattr(macro, "__wrapped__"):
                setattr(module, part, _compacting(macro))


def installed() -> bool:
    """Whether :func:`install` is in effect."""
    return MacroElement.render is _render
