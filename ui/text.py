"""Make data strings safe to show: as HTML (escaped) or as Streamlit markdown (inert)."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: object) -> str:
    """Escape a data string for ``st.markdown`` so it can't add links, images, HTML or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def html_escape(value: object) -> str:
    """Escape a data string for ``unsafe_allow_html`` markup."""
    return html.escape(str(value), quote=True)
