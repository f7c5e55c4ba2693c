"""Which essay bundle the app shows, loaded once per path and shared by every page.

The bundle is chosen, in order, by: a bundle the user switched to in this session,
a kept bundle named in the URL (``?bundle=<content hash>``), the command line
(``streamlit run app.py -- --bundle PATH``), ``$SPILLOVER_BUNDLE``, then the default
seed-essay bundle. No code change is needed to point at another one.

Uploaded and authored bundles are *kept* server-side under their content hash
(:func:`keep_bundle`, in ``$SPILLOVER_BUNDLE_STORE`` or a folder in the system's temp
directory), and the URL names the hash, so a copied link reopens the same essay on this
server; a hash the server does not hold says so instead of silently showing the default.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import streamlit as st

from geo.bundle import Bundle, BundleNotFoundError, bundle_path_from_env, load_bundle
from geo.core import count_phrase
from geo.layers import Layer, actor_layers, own_places_layer
from ui.risk_cache import risk_layers
from ui.session import BUNDLE_PARAM, BUNDLE_PATH, UPLOADED_LAYERS, forget_essay

STORE_ENV = "SPILLOVER_BUNDLE_STORE"
_HASH = re.compile(r"^[0-9a-f]{16}$")


def store_dir() -> Path:
    """Where kept bundles live: ``$SPILLOVER_BUNDLE_STORE``, else ``<tmp>/spillover-bundles``."""
    return Path(os.environ.get(STORE_ENV) or Path(tempfile.gettempdir()) / "spillover-bundles")


def content_hash(folder: Path) -> str:
    """16 hex digits of SHA-256 over the bundle's file names and bytes: same files, same hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def keep_bundle(folder: Path | str) -> str:
    """Copy a bundle folder into the store under its content hash (once); return the hash."""
    folder = Path(folder)
    key = content_hash(folder)
    target = store_dir() / key
    if not target.is_dir():
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=_ensure(store_dir())))
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy2(path, staging / path.name)
        try:
            staging.rename(target)
        except OSError:  # another session kept the same bundle first
            shutil.rmtree(staging, ignore_errors=True)
    return key


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def kept_bundle(key: str) -> Path | None:
    """The kept bundle folder of a hash, or ``None`` when this server does not hold it."""
    if not _HASH.match(key or ""):
        return None
    folder = store_dir() / key
    return folder if folder.is_dir() else None


def use_bundle(folder: Path | str | None) -> None:
    """Switch this session to a bundle (``None``: back to the default) and name it in the URL.

    Another essay than the one shown opens on its own defaults: the last essay's time window,
    layers, view, selection and risk choices are forgotten (:func:`ui.session.forget_essay`);
    the user's uploads and their visibility stay.
    """
    before = bundle_path()
    if folder is None:
        st.session_state.pop(BUNDLE_PATH, None)
        if BUNDLE_PARAM in st.query_params:
            del st.query_params[BUNDLE_PARAM]
    else:
        key = keep_bundle(folder)
        st.session_state[BUNDLE_PATH] = str(store_dir() / key)
        st.query_params[BUNDLE_PARAM] = key
    if bundle_path().resolve() != before.resolve():
        forget_essay(kept_layers=st.session_state.get(UPLOADED_LAYERS, {}))


def bundle_path() -> Path:
    """The bundle folder for this session."""
    chosen = st.session_state.get(BUNDLE_PATH)
    if chosen:
        return Path(chosen)
    key = st.query_params.get(BUNDLE_PARAM)
    if key and kept_bundle(key) is not None:
        return kept_bundle(key)
    return server_bundle_path()


def server_bundle_path() -> Path:
    """The bundle the server was started with: ``-- --bundle PATH``, else ``$SPILLOVER_BUNDLE``, else the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--bundle")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.bundle) if args.bundle else bundle_path_from_env()


@st.cache_resource(show_spinner="Loading the essay bundle…")
def _load(path: str, mtime: float) -> Bundle:
    return load_bundle(path)


def cached_bundle(path: Path) -> Bundle:
    """The bundle at ``path``, loaded once per content (its files' newest mtime) and shared by every session.

    Raises :class:`geo.bundle.BundleNotFoundError` for a missing folder.
    """
    return _load(str(path), _mtime(path))


def follow_bundle_link() -> None:
    """Make a link's ``?bundle=<hash>`` this session's bundle, or say the server does not hold it.

    Called once per run by the app's frame, before any page: the session keeps the bundle when
    the sidebar opens another page (whose URL Streamlit starts without the parameter, which
    :func:`current_bundle` then writes back).
    """
    key = st.query_params.get(BUNDLE_PARAM)
    if not key:
        return
    kept = kept_bundle(key)
    if kept is None:
        if not st.session_state.get(BUNDLE_PATH):
            st.warning(f"This link names essay bundle {key[:16]!r}, which this server does not hold (it may have "
                       "been restarted or the link cut short); showing the default essay instead. Upload the "
                       "bundle's zip on the Your data page to open it again.", icon=":material/warning:")
        return
    if st.session_state.get(BUNDLE_PATH) != str(kept):
        before = bundle_path()
        st.session_state[BUNDLE_PATH] = str(kept)
        if before.resolve() != kept.resolve():
            forget_essay(kept_layers=st.session_state.get(UPLOADED_LAYERS, {}), keep_url=True)


def current_bundle() -> Bundle:
    """The loaded bundle; a missing folder stops the page with one line saying what to fix."""
    path = bundle_path()
    if path.parent == store_dir() and st.query_params.get(BUNDLE_PARAM) != path.name:
        st.query_params[BUNDLE_PARAM] = path.name  # keep the link naming the bundle on every page
    try:
        return cached_bundle(path)
    except BundleNotFoundError as exc:
        st.error(str(exc), icon=":material/warning:")
        st.stop()
        raise


def _mtime(folder: Path) -> float:
    """Newest modification time of the bundle's files, so edits are picked up without restart."""
    try:
        return max((p.stat().st_mtime for p in folder.iterdir() if p.is_file()), default=0.0)
    except OSError:
        return 0.0


def show_problems(bundle: Bundle) -> None:
    """A collapsed warning listing every bad record; the rest of the bundle still shows."""
    if not bundle.problems:
        return
    with st.expander(f"{count_phrase(len(bundle.problems), 'problem')} in the essay bundle — the rest still shows",
                     icon=":material/warning:"):
        st.code("\n".join(str(p) for p in bundle.problems), language=None)


def bundle_layers(bundle: Bundle) -> list[Layer]:
    """The bundle's map layers (its own places, one per actor, then the risk layers), built once per bundle.

    Reusing the same Layer objects across reruns lets the map reuse their rendered
    FeatureGroups (see ``ui.leaflet.render``).
    """
    return _bundle_layers(str(bundle.path), _mtime(bundle.path), bundle)


@st.cache_resource(show_spinner=False, max_entries=8)
def _bundle_layers(path: str, mtime: float, _bundle: Bundle) -> list[Layer]:
    own_places = own_places_layer(_bundle)
    return [*([own_places] if own_places else []), *actor_layers(_bundle), *risk_layers(_bundle)]
