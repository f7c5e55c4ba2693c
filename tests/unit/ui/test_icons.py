"""Icons are Material symbols, which Streamlit ships with its frontend, never emoji; the tab's icon is a PNG.

An emoji icon shows as an empty box on a machine without an emoji font (an analyst's offline
workstation, a headless Debian browser), and the first one a server meets loads Streamlit's
emoji table (0.18 s of a cold start). A Material-symbol *page* icon is the exception: Streamlit
fetches it from fonts.gstatic.com, so the tab's icon is a PNG served from ``static/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "pages").rglob("*.py"))]


def _icon_literals():
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("icon", "page_icon") and isinstance(node.value, ast.Constant):
                yield f"{path.relative_to(ROOT)}:{node.value.lineno}", node.value.value


def test_every_icon_is_a_material_symbol():
    icons = list(_icon_literals())
    assert icons, "the walk finds the icons"
    emoji = [(where, icon) for where, icon in icons if isinstance(icon, str) and not icon.startswith(":material/")]
    assert not emoji, f"use a :material/…: icon instead of {emoji}"


def test_navigation_icons_are_material_symbols_too():
    from ui.navigation import PAGES

    assert all(page.icon.startswith(":material/") for page in PAGES)


def test_the_tab_icon_is_a_committed_png_served_as_a_static_file():
    from ui.navigation import FAVICON_URL

    path = ROOT / "static" / FAVICON_URL.removeprefix("/app/static/")
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "page_icon=FAVICON_URL" in (ROOT / "app.py").read_text(encoding="utf-8")
