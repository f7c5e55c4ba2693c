"""Render folium's macros without compiling their output as Jinja templates.

branca's ``MacroElement.render`` wraps every piece it renders (a layer's script, GeoJSON and
all) in ``Element(text)``, and ``Element.__init__`` compiles ``text`` as a Jinja template — on
every rerun, for every layer, unchanged ones included. Profiled (``benchmarks/README.md``), that
compiling was about 40 % of a main-map toggle rerun and most of the Risk page's, because the
GeoJSON inside is lexed as template source. The text is already rendered: it needs emitting,
not compiling. :func:`install` replaces ``MacroElement.render`` with one that adds the same
pieces, under the same names, as plain text.

The output is the same text, with one difference that is a fix: a property value containing
``{{`` or ``{%`` (an uploaded name, say) is emitted as written instead of being evaluated as
Jinja by the second pass.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement

_ORIGINAL_RENDER = MacroElement.render


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
    module = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = module.get(part)
        if macro is not None:
            getattr(figure, part).add_child(RenderedText(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def install() -> None:
    """Use the literal render for every folium macro in this process (idempotent)."""
    MacroElement.render = _render


def installed() -> bool:
    """Whether :func:`install` is in effect."""
    return MacroElement.render is _render
