"""Which essay bundle the app shows, loaded once per path and shared by every page.

The bundle is chosen, in order, by: a bundle the user switched to in this session,
the command line (``streamlit run app.py -- --bundle PATH``), ``$SPILLOVER_BUNDLE``,
then the default seed-essay bundle. No code change is needed to point at another one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

from geo.bundle import Bundle, BundleNotFoundError, bundle_path_from_env, load_bundle
from geo.layers import Layer, actor_layers
from ui.risk_cache import risk_layers
from ui.session import BUNDLE_PATH


def bundle_path() -> Path:
    """The bundle folder for this session."""
    chosen = st.session_state.get(BUNDLE_PATH)
    if chosen:
        return Path(chosen)
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--bundle")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.bundle) if args.bundle else bundle_path_from_env()


@st.cache_resource(show_spinner="Loading the essay bundle…")
def _load(path: str, mtime: float) -> Bundle:
    return load_bundle(path)


def current_bundle() -> Bundle:
    """The loaded bundle; a missing folder stops the page with one line saying what to fix."""
    path = bundle_path()
    try:
        return _load(str(path), _mtime(path))
    except BundleNotFoundError as exc:
        st.error(str(exc), icon="⚠️")
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
    with st.expander(f"⚠️ {len(bundle.problems)} problem(s) in the essay bundle — the rest still shows"):
        st.code("\n".join(str(p) for p in bundle.problems), language=None)


def bundle_layers(bundle: Bundle) -> list[Layer]:
    """The bundle's map layers (one per actor, then the risk layers), built once per bundle.

    Reusing the same Layer objects across reruns lets the map reuse their rendered
    FeatureGroups (see ``ui.leaflet.render``).
    """
    return _bundle_layers(str(bundle.path), _mtime(bundle.path), bundle)


@st.cache_resource(show_spinner=False, max_entries=8)
def _bundle_layers(path: str, mtime: float, _bundle: Bundle) -> list[Layer]:
    return [*actor_layers(_bundle), *risk_layers(_bundle)]
