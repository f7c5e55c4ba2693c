"""The app's pages: one list that the frame (``app.py``) and every "go to the map" button share.

Titles are what a user expects in the page list; URL paths keep the addresses the pages had
before ``st.navigation`` (``/Essay``, ``/Actors``, ...), so old links still open them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The browser tab's icon: a PNG committed in ``static/`` and served by Streamlit's static file
#: serving, which a browser caches (a local image path would be re-read and handed to every
#: session as a media file). Streamlit fetches a Material-symbol page icon from fonts.gstatic.com
#: (a request off the machine), and an emoji one shows as an empty box with no emoji font.
FAVICON_URL = "/app/static/favicon.png"


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, its title in the page list, its icon and its URL path."""

    path: str
    title: str
    icon: str
    url_path: str
    default: bool = False


PAGES = (
    PageSpec("pages/0_Map.py", "Map", ":material/map:", "", default=True),
    PageSpec("pages/1_Essay.py", "Essay", ":material/article:", "Essay"),
    PageSpec("pages/2_Actors.py", "Actors", ":material/groups:", "Actors"),
    PageSpec("pages/3_Sources_and_method.py", "Sources & method", ":material/menu_book:", "Sources_and_method"),
    PageSpec("pages/4_Risk.py", "Risk", ":material/explore:", "Risk"),
    PageSpec("pages/5_Your_data.py", "Your data", ":material/upload_file:", "Your_data"),
    PageSpec("pages/6_Author.py", "Author", ":material/edit_note:", "Author"),
)
#: The main map's script, for ``st.switch_page``.
MAP_PAGE = PAGES[0].path
