"""Make data strings safe to show: as HTML (escaped) or as Streamlit markdown (inert), links and citations included."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from geo.bundle import citation_parts

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: object) -> str:
    """Escape a data string for ``st.markdown`` so it can't add links, images, HTML or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def html_escape(value: object) -> str:
    """Escape a data string for ``unsafe_allow_html`` markup."""
    return html.escape(str(value), quote=True)


def url_markdown(url: str | None) -> str:
    """A markdown link for an http(s) URL (shown as escaped text); anything else as plain text."""
    if not url:
        return ""
    if not url.lower().startswith(("http://", "https://")):
        return md_escape(url)
    target = "".join(f"%{ord(c):02X}" if c in "<>()[] \"'\\`" else c for c in url)
    return f"[{md_escape(url)}](<{target}>)"


def citation_markdown(source: Mapping[str, Any], include_title: bool = True) -> str:
    """One escaped markdown line for a citation, in :data:`geo.bundle.CITATION_ORDER`; http(s) URLs linked."""
    return ", ".join(url_markdown(text) if field == "url" else md_escape(text)
                     for field, text in citation_parts(source, include_title))
