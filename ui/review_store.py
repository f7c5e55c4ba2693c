"""Unsaved reviews kept on the server and named in the URL, so a reload loses nothing.

Reloading the tab (F5), a closed tab or a dropped connection starts a new Streamlit session, and
session state is gone with the old one. The Author page therefore writes its review after every
run to ``build/reviews/<token>.pickle`` (a random 128-bit token) and names the token in the URL
(``?review=<token>``) on every page; a new session opened on that address finds it again
(:func:`ui.views.author.restore_review`). Only files this server wrote are read: the token must be
32 hex digits, and the folder is the server's own. A review not touched for :data:`KEEP_DAYS` days
is deleted. Several replicas need this folder on shared storage, as the bundle store
(``docs/scaling.md``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import secrets
import time
from pathlib import Path

import streamlit as st

from geo.core import ROOT
from ui.session import AUTHOR_REVIEW, REVIEW_PARAM

#: Where reviews are kept (generated; not in version control).
REVIEWS_DIR = ROOT / "build" / "reviews"
#: A review untouched this long is deleted when another is written.
KEEP_DAYS = 14
_TOKEN = re.compile(r"[0-9a-f]{32}")


def review_token() -> str | None:
    """This session's review token, or the one a followed link names (kept in the session)."""
    token = st.session_state.get(AUTHOR_REVIEW)
    if token is None:
        named = st.query_params.get(REVIEW_PARAM, "")
        if _TOKEN.fullmatch(named):
            token = st.session_state[AUTHOR_REVIEW] = named
    return token


def keep_review_link() -> None:
    """Keep ``?review=`` naming this session's review on every page (page links drop parameters)."""
    token = review_token()
    if token is not None and st.query_params.get(REVIEW_PARAM) != token:
        st.query_params[REVIEW_PARAM] = token


def keep_review(review: object, folder: Path | None = None) -> bool:
    """Write ``review`` under this session's token (made on first use); return whether it was written.

    A folder that cannot be written (a read-only install) only loses the reload protection.
    """
    folder = folder or REVIEWS_DIR
    token = review_token() or secrets.token_hex(16)
    st.session_state[AUTHOR_REVIEW] = token
    keep_review_link()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{token}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(review, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, folder / f"{token}.pickle")
    except OSError:
        return False
    _prune(folder)
    return True


def read_review(folder: Path | None = None) -> tuple[object, float] | None:
    """The review this session's token names and when it was written (epoch seconds), or ``None``
    when there is no token, no such review, or it cannot be read back (written by other code)."""
    token = review_token()
    if token is None:
        return None
    path = (folder or REVIEWS_DIR) / f"{token}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh), path.stat().st_mtime
    except Exception:  # noqa: BLE001 - missing, truncated or from an older version: not restorable
        return None


def forget_review() -> None:
    """Stop naming a review in this session and its URL (one that could not be restored)."""
    st.session_state.pop(AUTHOR_REVIEW, None)
    st.query_params.pop(REVIEW_PARAM, None)


def _prune(folder: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
